package io.loa.feed;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.loa.Fixtures;
import io.loa.ServerPerClass;
import io.loa.TestServer;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.util.List;
import org.jdom2.Element;
import org.jdom2.Namespace;
import org.jdom2.input.SAXBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Corrections reach readers without false alarms, and deletions reach those who already have the article. */
class CorrectionsTest {

    static final Namespace TOMBSTONES = Namespace.getNamespace("http://purl.org/atompub/tombstones/1.0");

    @RegisterExtension
    static final ServerPerClass loa = new ServerPerClass();

    static TestServer server;
    static String token;

    @BeforeAll
    static void start() {
        server = loa.server();
        token = server.token("desk");
    }

    @Test
    void aMinorEditFixesTheTextWithoutMovingUpdated() throws Exception {
        ObjectNode article = Fixtures.article("Hà Tĩnh đón đoàn khách quốc tê", "du-lich", "2024-10-01T08:00:00+07:00");
        server.put("/api/articles/typo", article.toString(), token);
        article.put("title", "Hà Tĩnh đón đoàn khách quốc tế").put("minor", true);
        assertThat(server.put("/api/articles/typo", article.toString(), token).statusCode())
                .isEqualTo(200);

        var entry = FeedRoundTripTest.entry(server.feed("/feeds/du-lich.atom"), "tag:baohatinh.vn,2023:article:typo")
                .orElseThrow();
        assertThat(entry.getTitle()).isEqualTo("Hà Tĩnh đón đoàn khách quốc tế");
        assertThat(entry.getUpdatedDate().toInstant()).isEqualTo(java.time.Instant.parse("2024-10-01T01:00:00Z"));

        article.put("title", "Hà Tĩnh đón đoàn khách quốc tế (cập nhật)").remove("minor");
        server.put("/api/articles/typo", article.toString(), token);
        entry = FeedRoundTripTest.entry(server.feed("/feeds/du-lich.atom"), "tag:baohatinh.vn,2023:article:typo")
                .orElseThrow();
        assertThat(entry.getUpdatedDate().toInstant()).isEqualTo(TestServer.NOW);

        article.put("minor", true).put("updated", "2025-01-01T00:00:00+07:00");
        var refused = server.put("/api/articles/typo", article.toString(), token);
        assertThat(refused.statusCode()).isEqualTo(422);
        assertThat(Fixtures.JSON.readTree(refused.body()).get("field").asText()).isEqualTo("minor");
    }

    @Test
    void anArticleFetchedEditedAndSentBackIsAnEditThatMovesUpdated() throws Exception {
        ObjectNode article = Fixtures.article("Hà Tĩnh mở tuyến xe buýt mới", "du-lich", "2024-10-03T08:00:00+07:00");
        server.put("/api/articles/round-trip", article.toString(), token);
        String guid = "tag:baohatinh.vn,2023:article:round-trip";
        var fetched = server.send(HttpRequest.newBuilder(server.uri("/api/articles/round-trip"))
                .header("Authorization", "Bearer " + token));
        String etag = fetched.headers().firstValue("ETag").orElseThrow();
        ObjectNode sent = (ObjectNode) Fixtures.JSON.readTree(fetched.body());
        assertThat(sent.get("updated").asText()).isEqualTo("2024-10-03T08:00:00+07:00");
        sent.put("title", "Hà Tĩnh mở hai tuyến xe buýt mới");

        var edited = server.send(HttpRequest.newBuilder(server.uri("/api/articles/round-trip"))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .header("If-Match", etag)
                .PUT(HttpRequest.BodyPublishers.ofString(sent.toString())));

        assertThat(edited.statusCode()).isEqualTo(200);
        assertThat(edited.headers().firstValue("ETag")).isPresent().get().isNotEqualTo(etag);
        assertThat(Fixtures.JSON.readTree(edited.body()).get("updated").asText())
                .isEqualTo("2025-03-01T09:00:00+07:00");
        var entry = FeedRoundTripTest.entry(server.feed("/feeds/du-lich.atom"), guid)
                .orElseThrow();
        assertThat(entry.getTitle()).isEqualTo("Hà Tĩnh mở hai tuyến xe buýt mới");
        assertThat(entry.getUpdatedDate().toInstant()).isEqualTo(TestServer.NOW);

        // The same document marked minor keeps the time it carries, which is the stored one.
        sent.put("title", "Hà Tĩnh mở hai tuyến xe buýt mới.")
                .put("updated", "2025-03-01T09:00:00+07:00")
                .put("minor", true);
        assertThat(server.put("/api/articles/round-trip", sent.toString(), token)
                        .statusCode())
                .isEqualTo(200);
        entry = FeedRoundTripTest.entry(server.feed("/feeds/du-lich.atom"), guid)
                .orElseThrow();
        assertThat(entry.getTitle()).isEqualTo("Hà Tĩnh mở hai tuyến xe buýt mới.");
        assertThat(entry.getUpdatedDate().toInstant()).isEqualTo(TestServer.NOW);
    }

    @Test
    void aDeletedArticleLeavesATombstoneInAtomAndNothingInRssOrJson() throws Exception {
        ObjectNode article = Fixtures.article("Tin đính chính sẽ bị gỡ", "lich-su", "2024-10-02T08:00:00+07:00");
        article.withArray("sections").add("thoi-su");
        server.put("/api/articles/withdrawn", article.toString(), token);
        assertThat(server.delete("/api/articles/withdrawn", token).statusCode()).isEqualTo(204);
        String guid = "tag:baohatinh.vn,2023:article:withdrawn";

        for (String feed : List.of("lich-su", "thoi-su", "all")) {
            Element root = new SAXBuilder()
                    .build(new ByteArrayInputStream(
                            server.getBytes("/feeds/" + feed + ".atom").body()))
                    .getRootElement();
            List<Element> tombstones = root.getChildren("deleted-entry", TOMBSTONES);
            assertThat(tombstones).as(feed).anySatisfy(t -> {
                assertThat(t.getAttributeValue("ref")).isEqualTo(guid);
                assertThat(t.getAttributeValue("when")).isEqualTo("2025-03-01T09:00:00+07:00");
            });
            assertThat(root.getChildText("updated", root.getNamespace())).isEqualTo("2025-03-01T09:00:00+07:00");
            assertThat(FeedRoundTripTest.entry(server.feed("/feeds/" + feed + ".atom"), guid))
                    .isEmpty();
            assertThat(FeedRoundTripTest.entry(server.feed("/feeds/" + feed + ".rss"), guid))
                    .isEmpty();
            assertThat(server.get("/feeds/" + feed + ".json").body()).doesNotContain(guid);
        }
        Element other = new SAXBuilder()
                .build(new ByteArrayInputStream(
                        server.getBytes("/feeds/du-lich.atom").body()))
                .getRootElement();
        assertThat(other.getChildren("deleted-entry", TOMBSTONES))
                .noneSatisfy(t -> assertThat(t.getAttributeValue("ref")).isEqualTo(guid));
    }
}
