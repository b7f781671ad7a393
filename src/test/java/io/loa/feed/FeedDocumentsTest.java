package io.loa.feed;

import static org.assertj.core.api.Assertions.assertThat;

import io.loa.FeedCrawl;
import io.loa.TestServer;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crawls every feed document Loa can produce (current, paged, archives, with tombstones, JSON) from the
 * OPML list: each parses (Rome for RSS and Atom, the JSON Feed 1.1 schema for JSON) and every link in it
 * resolves on the live server.
 */
class FeedDocumentsTest {

    @TempDir
    static Path config;

    static TestServer server;

    @BeforeAll
    static void start() {
        // Short feeds, so that paging shows on the demo content.
        server = TestServer.start(Map.of("LOA_DEMO", "true",
                "LOA_CONFIG", TestServer.configWithItemsPerFeed(config, 3).toString()));
        String token = server.token("crawl");
        assertThat(server.delete("/api/articles/vi-sao-la-vi-tuyen-17", token).statusCode()).isEqualTo(204);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void everyDocumentParsesAndEveryLinkInItResolves() {
        FeedCrawl.Result crawl = FeedCrawl.of(server);
        for (String link : crawl.links()) {
            assertThat(server.getBytes(link).statusCode()).as(link).isEqualTo(200);
        }
        assertThat(crawl.documents()).anyMatch(u -> u.contains("?page=2")).anyMatch(u -> u.contains("/archive/"))
                .anyMatch(u -> u.endsWith(".json"));
        assertThat(crawl.tombstones()).as("tombstones seen in Atom documents").isPositive();
    }
}
