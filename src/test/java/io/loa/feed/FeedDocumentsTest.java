package io.loa.feed;

import static org.assertj.core.api.Assertions.assertThat;

import io.loa.FeedCrawl;
import io.loa.ServerPerClass;
import io.loa.ServerSetup;
import io.loa.TestServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Crawls every feed document Loa can produce (current, paged, archives, with tombstones, JSON) from the
 * OPML list: each parses (Rome for RSS and Atom, the JSON Feed 1.1 schema for JSON) and every link in it
 * resolves on the live server.
 */
class FeedDocumentsTest {

    @RegisterExtension
    /** Short feeds, so that paging shows on the demo content. */
    static final ServerPerClass loa =
            new ServerPerClass(ServerSetup.defaults().demo().site(site -> site.itemsPerFeed(3)));

    static TestServer server;

    @BeforeAll
    static void start() {
        server = loa.server();
        String token = server.token("crawl");
        assertThat(server.delete("/api/articles/vi-sao-la-vi-tuyen-17", token).statusCode())
                .isEqualTo(204);
    }

    @Test
    void everyDocumentParsesAndEveryLinkInItResolves() {
        FeedCrawl.Result crawl = FeedCrawl.of(server);
        for (String link : crawl.links()) {
            assertThat(server.getBytes(link).statusCode()).as(link).isEqualTo(200);
        }
        assertThat(crawl.documents())
                .anyMatch(u -> u.contains("?page=2"))
                .anyMatch(u -> u.contains("/archive/"))
                .anyMatch(u -> u.endsWith(".json"));
        assertThat(crawl.tombstones()).as("tombstones seen in Atom documents").isPositive();
    }
}
