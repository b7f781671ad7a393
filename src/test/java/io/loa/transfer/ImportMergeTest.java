package io.loa.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.loa.FeedCrawl;
import io.loa.Fixtures;
import io.loa.ServerSetup;
import io.loa.TestServer;
import io.loa.db.schema.Tables;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An import merges what a source carries into what is stored and never degrades it: a feed of the database it came
 * from changes nothing, a poorer copy of a richer article is kept out unless the operator says {@code --overwrite},
 * and a dry run says, article by article, what it would do.
 */
class ImportMergeTest {

    @TempDir
    Path dir;

    private static final Pattern DONE = Pattern.compile("Done: imported 0, updated 0, unchanged (\\d+), skipped 0 in");

    @Test
    void aLoaFeedImportedIntoItsOwnDatabaseChangesNothing() throws Exception {
        try (TestServer server =
                ServerSetup.defaults().demo().site(site -> site.itemsPerFeed(4)).start()) {
            String token = server.token("desk");
            // Beside the demo's articles: one of Loa's own page (no url), without a summary, in two sections, with
            // every image attribute, tags, a source and related articles.
            ObjectNode rich =
                    Fixtures.article("Hà Tĩnh khánh thành cầu Cửa Hội", "thoi-su", "2024-11-02T06:30:00+07:00");
            rich.remove("summary");
            rich.put(
                    "body",
                    "<p>Sáng 2/11, cầu Cửa Hội nối Hà Tĩnh và Nghệ An chính thức thông xe. Đây là công trình"
                            + " trọng điểm của hai tỉnh.</p><figure><img src=\"https://baohatinh.vn/cau.jpg\" alt=\"Cầu\">"
                            + "<figcaption>Cầu Cửa Hội.</figcaption></figure>");
            rich.put("author", "Thu Hà").put("source", "Báo Hà Tĩnh").put("updated", "2024-11-02T09:00:00+07:00");
            rich.withArray("sections").add("du-lich");
            rich.putArray("tags").add("Giao thông").add("Cửa Hội");
            rich.putArray("related").add("vi-sao-la-vi-tuyen-17");
            rich.putArray("images")
                    .addObject()
                    .put("url", "https://baohatinh.vn/cau.jpg")
                    .put("caption", "Cầu Cửa Hội.")
                    .put("alt", "Cầu nhìn từ bờ Nghệ An")
                    .put("credit", "Thu Hà")
                    .put("width", 1200)
                    .put("height", 800)
                    .put("type", "image/jpeg");
            rich.withArray("images")
                    .addObject()
                    .put("url", "https://baohatinh.vn/cau-2.jpg")
                    .put("caption", "Lễ cắt băng.");
            assertThat(server.put("/api/articles/cau-cua-hoi", rich.toString(), token)
                            .statusCode())
                    .isEqualTo(201);
            List<String> ids = server.database()
                    .dsl()
                    .select(Tables.ARTICLE.ID)
                    .from(Tables.ARTICLE)
                    .where(Tables.ARTICLE.DELETED_AT.isNull())
                    .fetch(Tables.ARTICLE.ID);
            Map<String, String> articles = articles(server, ids, token);
            assertThat(articles.values())
                    .as("the demo has what a feed lacks")
                    .anySatisfy(a -> assertThat(a).contains("\"source\"", "\"related\"", "\"url\""));
            Map<String, String> documents = documents(server);

            for (String format : List.of("atom", "rss", "json")) {
                var run = ImportExportTest.loa(server.env(), "import", server.baseUrl() + "/feeds/all." + format);
                assertThat(run.exitCode())
                        .as(format + ": " + run.out() + run.err())
                        .isZero();
                Matcher done = DONE.matcher(run.out());
                assertThat(done.find()).as(format + ": " + run.out()).isTrue();
                assertThat(Integer.parseInt(done.group(1))).as(format).isEqualTo(ids.size());
                assertThat(articles(server, ids, token)).as(format).isEqualTo(articles);
                assertThat(documents(server)).as(format).isEqualTo(documents);
            }
        }
    }

    @Test
    void aPoorerCopyOfARicherArticleIsKeptOutUnlessOverwriteAndADryRunSaysWhatEachArticleWouldBecome()
            throws Exception {
        try (TestServer source = TestServer.start();
                TestServer target = TestServer.start()) {
            String sourceToken = source.token("desk");
            String targetToken = target.token("desk");
            String published = "2024-12-01T08:00:00+07:00";
            source.putArticle("richer", Fixtures.article("Tin mới", "thoi-su", published), sourceToken);
            source.putArticle("plain", Fixtures.article("Tin B mới", "thoi-su", published), sourceToken);
            source.putArticle("fresh", Fixtures.article("Tin C", "thoi-su", published), sourceToken);
            ObjectNode richer = Fixtures.article("Tin cũ", "thoi-su", published).put("source", "Báo Hà Tĩnh");
            richer.putArray("related").add("plain");
            target.putArticle("richer", richer, targetToken);
            target.putArticle("plain", Fixtures.article("Tin B cũ", "thoi-su", published), targetToken);
            String feed = source.baseUrl() + "/feeds/all.atom";

            var dry = ImportExportTest.loa(target.env(), "import", feed, "--dry-run");
            assertThat(dry.out())
                    .as(dry.err())
                    .contains(
                            "would create fresh\n",
                            "would update plain: title, summary, body\n",
                            "would keep richer: the store has its source, related, which the source lacks; --overwrite takes"
                                    + " the source's title, summary, body\n",
                            "would be imported 1, would be updated 1, unchanged 0, kept 1 (richer in the store), skipped 0");
            assertThat(target.get("/api/articles/fresh").statusCode()).isEqualTo(404);
            assertThat(title(target, "plain")).isEqualTo("Tin B cũ");

            var run = ImportExportTest.loa(target.env(), "import", feed);
            assertThat(run.exitCode()).isZero();
            assertThat(run.out()).contains("imported 1, updated 1, unchanged 0, kept 1 (richer in the store)");
            assertThat(run.err()).contains("kept richer: the store has its source, related");
            assertThat(title(target, "plain")).isEqualTo("Tin B mới");
            assertThat(title(target, "richer")).isEqualTo("Tin cũ");

            var overwrite = ImportExportTest.loa(target.env(), "import", feed, "--overwrite");
            assertThat(overwrite.out()).contains("imported 0, updated 1, unchanged 2, skipped 0");
            JsonNode overwritten =
                    Fixtures.JSON.readTree(target.get("/api/articles/richer").body());
            assertThat(overwritten.get("title").asText()).isEqualTo("Tin mới");
            assertThat(overwritten.get("source").asText())
                    .as("what the source lacks stays")
                    .isEqualTo("Báo Hà Tĩnh");
            assertThat(overwritten.get("related")).extracting(JsonNode::asText).containsExactly("plain");
            assertThat(overwritten.has("url"))
                    .as("Loa's own page is no canonical URL")
                    .isFalse();
        }
    }

    @Test
    void aWordPressExportImportedAgainLeavesWhatEditorsAddedSince() throws Exception {
        Path mapping = java.nio.file.Files.writeString(dir.resolve("categories.yaml"), ImportExportTest.MAPPING);
        String[] wordpress = {
            "import",
            ImportExportTest.THEME_DATA.toString(),
            "--map-categories",
            mapping.toString(),
            "--section",
            "xay-dung-dang"
        };
        try (TestServer server = TestServer.start()) {
            String token = server.token("desk");
            ImportExportTest.loa(server.env(), wordpress);
            ObjectNode post = (ObjectNode)
                    Fixtures.JSON.readTree(server.send(HttpRequest.newBuilder(server.uri("/api/articles/wp-568"))
                                    .header("Authorization", "Bearer " + token))
                            .body());
            post.put("title", "Ảnh: vỏ cây blackboy")
                    .put("source", "Báo Hà Tĩnh")
                    .putArray("related")
                    .add("wp-51");
            String untouched = server.get("/api/articles/wp-51").body();
            assertThat(server.put("/api/articles/wp-568", post.toString(), token)
                            .statusCode())
                    .isEqualTo(200);

            var again = ImportExportTest.loa(server.env(), wordpress);

            assertThat(again.out()).contains("imported 0, updated 0, unchanged 55, kept 1 (richer in the store)");
            assertThat(again.err())
                    .contains("kept wp-568: the store has its source, related, which the source lacks;"
                            + " --overwrite takes the source's title");
            JsonNode kept =
                    Fixtures.JSON.readTree(server.get("/api/articles/wp-568").body());
            assertThat(kept.get("source").asText()).isEqualTo("Báo Hà Tĩnh");
            assertThat(kept.get("title").asText()).isEqualTo("Ảnh: vỏ cây blackboy");
            assertThat(kept.get("related")).extracting(JsonNode::asText).containsExactly("wp-51");
            assertThat(server.get("/api/articles/wp-51").body()).isEqualTo(untouched);
        }
    }

    private static String title(TestServer server, String id) throws Exception {
        return Fixtures.JSON
                .readTree(server.get("/api/articles/" + id).body())
                .get("title")
                .asText();
    }

    /** Each article's API body and ETag. */
    private static Map<String, String> articles(TestServer server, List<String> ids, String token) {
        Map<String, String> articles = new LinkedHashMap<>();
        for (String id : ids) {
            HttpResponse<String> response = server.send(HttpRequest.newBuilder(server.uri("/api/articles/" + id))
                    .header("Authorization", "Bearer " + token));
            articles.put(id, response.headers().firstValue("ETag").orElse("") + " " + response.body());
        }
        return articles;
    }

    /** Every feed document a crawl finds, with its ETag, Last-Modified and bytes. */
    private static Map<String, String> documents(TestServer server) {
        Map<String, String> documents = new LinkedHashMap<>();
        for (String url : FeedCrawl.of(server).documents()) {
            HttpResponse<byte[]> response = server.getBytes(url);
            documents.put(
                    url,
                    response.headers().firstValue("ETag").orElse("") + " "
                            + response.headers().firstValue("Last-Modified").orElse("") + " "
                            + new String(response.body(), StandardCharsets.UTF_8));
        }
        return documents;
    }
}
