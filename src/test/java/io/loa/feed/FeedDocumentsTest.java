package io.loa.feed;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.rometools.modules.mediarss.MediaEntryModule;
import com.rometools.modules.mediarss.MediaModule;
import com.rometools.modules.mediarss.types.MediaContent;
import com.rometools.rome.feed.synd.SyndEntry;
import io.loa.Fixtures;
import io.loa.TestServer;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jdom2.Element;
import org.jdom2.filter.Filters;
import org.jdom2.input.SAXBuilder;
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
    static JsonSchema jsonFeed;

    @BeforeAll
    static void start() throws Exception {
        // Short feeds, so that paging shows on the demo content.
        server = TestServer.start(Map.of("LOA_DEMO", "true",
                "LOA_CONFIG", TestServer.configWithItemsPerFeed(config, 3).toString()));
        String token = server.token("crawl");
        assertThat(server.delete("/api/articles/vi-sao-la-vi-tuyen-17", token).statusCode()).isEqualTo(204);
        try (InputStream schema = FeedDocumentsTest.class.getResourceAsStream("/jsonfeed-1.1.schema.json")) {
            jsonFeed = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(schema);
        }
        // The schema must be able to say no.
        assertThat(jsonFeed.validate(Fixtures.JSON.readTree(
                "{\"version\":\"https://jsonfeed.org/version/1.1\",\"title\":\"x\",\"items\":[{\"id\":1,\"urll\":\"x\"}]}")))
                .isNotEmpty();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void everyDocumentParsesAndEveryLinkInItResolves() throws Exception {
        Deque<String> documents = new ArrayDeque<>();
        Set<String> seen = new HashSet<>();
        Element opml = new SAXBuilder().build(new ByteArrayInputStream(server.getBytes("/feeds.opml").body()))
                .getRootElement();
        for (Element outline : opml.getDescendants(Filters.element("outline"))) {
            if (outline.getAttributeValue("xmlUrl") != null) {
                documents.add(outline.getAttributeValue("xmlUrl"));
            }
        }
        Set<String> checkedLinks = new HashSet<>();
        int tombstones = 0;
        while (!documents.isEmpty()) {
            String url = documents.poll();
            if (!seen.add(url)) {
                continue;
            }
            var response = server.getBytes(url);
            assertThat(response.statusCode()).as(url).isEqualTo(200);
            Set<String> links = new HashSet<>();
            if (url.contains(".json")) {
                JsonNode feed = Fixtures.JSON.readTree(response.body());
                assertThat(jsonFeed.validate(feed)).as(url).isEmpty();
                if (feed.has("next_url")) {
                    documents.add(feed.get("next_url").asText());
                }
                for (JsonNode item : feed.get("items")) {
                    links.add(item.get("url").asText());
                    if (item.has("image")) {
                        links.add(item.get("image").asText());
                    }
                }
            } else {
                for (SyndEntry entry : TestServer.parse(response.body()).getEntries()) {
                    links.add(entry.getLink());
                    MediaEntryModule media = (MediaEntryModule) entry.getModule(MediaModule.URI);
                    if (media != null) {
                        for (MediaContent content : media.getMediaContents()) {
                            links.add(content.getReference().toString());
                        }
                    }
                }
                Element root = new SAXBuilder().build(new ByteArrayInputStream(response.body())).getRootElement();
                tombstones += root.getChildren("deleted-entry", CorrectionsTest.TOMBSTONES).size();
                for (Element link : root.getDescendants(Filters.element("link", ArchiveWalkTest.ATOM))) {
                    String rel = link.getAttributeValue("rel");
                    if (List.of("next", "previous", "first", "prev-archive", "next-archive", "current").contains(rel)) {
                        documents.add(link.getAttributeValue("href"));
                    } else {
                        links.add(link.getAttributeValue("href"));
                    }
                }
            }
            for (String link : links) {
                if (checkedLinks.add(link)) {
                    assertThat(server.getBytes(link).statusCode()).as(link + " in " + url).isEqualTo(200);
                }
            }
        }
        assertThat(seen).anyMatch(u -> u.contains("?page=2")).anyMatch(u -> u.contains("/archive/"))
                .anyMatch(u -> u.endsWith(".json"));
        assertThat(tombstones).as("tombstones seen in Atom documents").isPositive();
    }
}
