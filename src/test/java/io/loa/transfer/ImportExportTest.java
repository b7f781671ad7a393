package io.loa.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.loa.FeedCrawl;
import io.loa.Fixtures;
import io.loa.ServerSetup;
import io.loa.TestDatabase;
import io.loa.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code import} and {@code export} run as an operator runs them, beside a running server on its database: a
 * WordPress export of over a thousand posts, a Loa feed with its archives, and a backup restored into an empty
 * database, H2 and PostgreSQL alike.
 */
class ImportExportTest {

    static final Path THEME_DATA = Path.of("src/test/resources/import/theme-unit-test-data.xml");
    /** The theme data's posts by category, mapped to sections; the one post without a category takes --section. */
    static final String MAPPING = """
            Classic: thoi-su
            block: du-lich
            Markup: lich-su
            """;

    @TempDir
    Path dir;

    record Run(int exitCode, String out, String err) {}

    static Run loa(Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        List<String> rest = List.of(args).subList(1, args.length);
        int code = args[0].equals("import")
                ? new ImportCommand(o, e, false).run(env, rest)
                : new ExportCommand(e).run(env, rest);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aWordPressExportOfOverAThousandPostsComesInWithCaptionsSectionsAndImagesAndOnceOnly() throws Exception {
        Path export = repeated(THEME_DATA, 18, dir.resolve("wordpress.xml"));
        Path mapping = Files.writeString(dir.resolve("categories.yaml"), MAPPING);
        try (TestServer server = TestServer.start()) {
            String token = server.token("desk");
            Run first = loa(
                    server.env(),
                    "import",
                    export.toString(),
                    "--map-categories",
                    mapping.toString(),
                    "--section",
                    "xay-dung-dang");
            // 58 posts a copy: 1 draft is left out, 1 has no title (skipped, with its position), 56 come in.
            assertThat(first.out())
                    .as(first.err())
                    .contains(
                            "imported " + 56 * 18 + ", updated 0, unchanged 0, skipped 18",
                            "left out 18 (status draft: 18)");
            assertThat(first.err()).contains("skipped post 36 (WordPress id 1169): invalid: title must not be empty");
            assertThat(first.exitCode()).as("something was skipped").isEqualTo(1);

            JsonNode image = article(server, "wp-568", token);
            assertThat(image.get("title").asText()).isEqualTo("Post Format: Image (Linked)");
            assertThat(image.get("author").asText()).isEqualTo("Theme Buster");
            assertThat(image.get("sections")).extracting(JsonNode::asText).containsExactly("thoi-su");
            assertThat(image.get("tags")).extracting(JsonNode::asText).containsExactly("image", "Post Formats");
            assertThat(image.get("url").asText()).startsWith("https://wpthemetestdata.wordpress.com/");
            assertThat(image.get("body").asText())
                    .contains(
                            "<figure>",
                            "<figcaption>Chunk of resinous blackboy husk,"
                                    + " Clarkson, Western Australia. This burns like a spinifex log.</figcaption>",
                            "</figure>")
                    .doesNotContain("[caption");
            JsonNode copy = article(server, "wp-" + (568 + 100_000), token);
            assertThat(copy.get("title").asText()).isEqualTo("Post Format: Image (Linked)");
            assertThat(article(server, "wp-51", token)
                            .get("images")
                            .get(0)
                            .get("url")
                            .asText())
                    .as("the featured image leads")
                    .endsWith(".jpg");
            JsonNode scheduled = article(server, "wp-1153", token);
            assertThat(scheduled.get("scheduled").asBoolean())
                    .as("WordPress status future")
                    .isTrue();
            assertThat(server.get("/feeds/thoi-su.atom").body())
                    .as("the running server shows them at once")
                    .contains(":article:wp-");
            FeedCrawl.of(server);
            // Written by another process: the server's search learns of them from their revisions.
            await().until(() ->
                    server.get("/feeds/search.atom?q=resinous+blackboy").body().contains(":article:wp-568<"));

            Run second = loa(
                    server.env(),
                    "import",
                    export.toString(),
                    "--map-categories",
                    mapping.toString(),
                    "--section",
                    "xay-dung-dang");
            assertThat(second.out()).contains("imported 0, updated 0, unchanged " + 56 * 18 + ", skipped 18");
        }
    }

    @Test
    void aDryRunWritesNothingAndSaysWhatItWouldDo() throws Exception {
        Path mapping = Files.writeString(dir.resolve("categories.yaml"), MAPPING);
        try (TestServer server = TestServer.start()) {
            Run dry = loa(
                    server.env(),
                    "import",
                    THEME_DATA.toString(),
                    "--map-categories",
                    mapping.toString(),
                    "--section",
                    "xay-dung-dang",
                    "--dry-run");
            assertThat(dry.out())
                    .as("each article, then the summary")
                    .startsWith("would create wp-")
                    .contains("would create wp-568\n", "\nDry run, nothing written: would be imported 56,");
            assertThat(server.get("/api/articles/wp-568").statusCode()).isEqualTo(404);
            Run unmapped = loa(server.env(), "import", THEME_DATA.toString(), "--dry-run");
            assertThat(unmapped.err()).contains("map to no section, and no --section was given");
            assertThat(unmapped.exitCode()).isEqualTo(1);
        }
    }

    @Test
    void aLoaFeedComesInWithItsWholeHistoryEachArticleOnce() {
        try (TestServer source = ServerSetup.defaults()
                        .site(site -> site.itemsPerFeed(4))
                        .start();
                TestServer target = TestServer.start()) {
            String token = source.token("desk");
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 23; i++) {
                String id = "lich-su-" + i;
                ids.add(id);
                // Over six months, so the current document, its pages and the monthly archives all hold some.
                String published = String.format("2024-%02d-%02dT08:00:00+07:00", 1 + i % 6, 1 + i);
                var article = Fixtures.article("Bài " + i, i % 2 == 0 ? "lich-su" : "du-lich", published);
                article.putArray("tags").add("Di sản").add("Năm " + (2020 + i % 3));
                assertThat(source.put("/api/articles/" + id, article.toString(), token)
                                .statusCode())
                        .isEqualTo(201);
            }
            assertThat(source.delete("/api/articles/lich-su-0", token).statusCode())
                    .isEqualTo(204);
            ids.remove("lich-su-0");
            for (String format : List.of("atom", "rss", "json")) {
                Run run = loa(target.env(), "import", source.baseUrl() + "/feeds/all." + format);
                assertThat(run.exitCode()).as(format + ": " + run.err()).isZero();
                assertThat(run.out())
                        .as(format)
                        .contains(
                                format.equals("atom")
                                        ? "imported 22, updated 0, unchanged 0, skipped 0"
                                        : "imported 0, updated 0, unchanged 22, skipped 0");
            }
            for (String id : ids) {
                HttpResponse<String> copy = target.get("/api/articles/" + id);
                assertThat(copy.statusCode()).as(id).isEqualTo(200);
                JsonNode article = Fixtures.JSON.readTree(copy.body());
                int i = Integer.parseInt(id.substring(8));
                assertThat(article.get("sections"))
                        .extracting(JsonNode::asText)
                        .containsExactly(i % 2 == 0 ? "lich-su" : "du-lich");
                assertThat(article.get("tags"))
                        .as("keywords stay keywords")
                        .extracting(JsonNode::asText)
                        .containsExactly("Di sản", "Năm " + (2020 + i % 3));
            }
            assertThat(target.get("/api/articles/lich-su-0").statusCode()).isEqualTo(404);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aBackupRestoredIntoAnEmptyDatabaseServesTheSameFeedsByteForByte() throws Exception {
        Map<String, String> site = Map.of("LOA_BASE_URL", "https://loa.test");
        Path backup = dir.resolve("backup.jsonl");
        Path again = dir.resolve("again.jsonl");
        // The other database: PostgreSQL when the suite runs on it, so a backup crosses from one to the other.
        String other = TestDatabase.fresh();
        try (TestServer original =
                ServerSetup.defaults().settings(site).database(h2()).start()) {
            String token = original.token("desk");
            for (int i = 0; i < 12; i++) {
                var article = Fixtures.article(
                        "Tin số " + i + " – Đảng và dân vận",
                        i % 3 == 0 ? "thoi-su" : "lich-su",
                        String.format("2024-%02d-10T08:%02d:00+07:00", 1 + i % 4, i));
                article.putArray("related").add("backup-" + ((i + 1) % 12));
                article.putArray("images")
                        .addObject()
                        .put("url", "https://baohatinh.vn/anh-" + i + ".jpg")
                        .put("caption", "Ảnh " + i)
                        .put("width", 800)
                        .put("height", 600);
                assertThat(original.put("/api/articles/backup-" + i, article.toString(), token)
                                .statusCode())
                        .isEqualTo(201);
            }
            // A title edit after creation: the slug stays the one the first title gave.
            var renamed = Fixtures.article("Tên mới hoàn toàn", "thoi-su", "2024-01-10T08:00:00+07:00");
            assertThat(original.put("/api/articles/backup-0", renamed.toString(), token)
                            .statusCode())
                    .isEqualTo(200);
            assertThat(original.delete("/api/articles/backup-5", token).statusCode())
                    .isEqualTo(204);
            assertThat(original.put(
                                    "/api/articles/backup-ahead",
                                    Fixtures.article("Tin hẹn giờ", "thoi-su", "2031-01-01T08:00:00+07:00")
                                            .toString(),
                                    token)
                            .statusCode())
                    .isEqualTo(201);

            Run export = loa(original.env(), "export", backup.toString());
            assertThat(export.exitCode()).as(export.err()).isZero();
            assertThat(export.err()).contains("Exported 13 articles");

            try (TestServer restored =
                    ServerSetup.defaults().settings(site).database(other).start()) {
                Run restore = loa(restored.env(), "import", backup.toString());
                assertThat(restore.exitCode()).as(restore.err()).isZero();
                assertThat(restore.out()).contains("imported 13, updated 0, unchanged 0, skipped 0");
                assertSameDocuments(original, restored);
                // Search finds the same articles, the deleted and the scheduled one in neither.
                String search = "/feeds/search.atom?q=dang+dan+van";
                await().until(() ->
                        restored.get(search).body().equals(original.get(search).body()));
                assertThat(original.get(search).body())
                        .contains(":article:backup-4<")
                        .doesNotContain(":article:backup-5<", ":article:backup-ahead<");
                assertThat(loa(restored.env(), "import", backup.toString()).out())
                        .contains("imported 0, updated 0, unchanged 13, skipped 0");

                // And back: the restored database's backup is the same backup.
                assertThat(loa(restored.env(), "export", again.toString()).exitCode())
                        .isZero();
                assertThat(withoutHeader(again)).isEqualTo(withoutHeader(backup));
            }
        } finally {
            TestDatabase.drop(other);
        }
    }

    @Test
    void aRestoreShowsTheTombstoneOfAWithdrawnArticleAndNoneOfOneThatWasNeverPublic() throws Exception {
        Path backup = dir.resolve("backup.jsonl");
        Map<String, String> site = Map.of("LOA_BASE_URL", "https://loa.test");
        try (TestServer original = TestServer.start(site)) {
            String token = original.token("desk");
            original.putArticle(
                    "pub-2", Fixtures.article("Tin rút lại", "thoi-su", "2025-01-15T08:00:00+07:00"), token);
            original.putArticle(
                    "pub-2", Fixtures.article("Tin rút lại", "thoi-su", "2026-01-15T08:00:00+07:00"), token);
            original.putArticle(
                    "secret", Fixtures.article("Tin chưa đăng", "thoi-su", "2026-01-15T08:00:00+07:00"), token);
            assertThat(original.delete("/api/articles/secret", token).statusCode())
                    .isEqualTo(204);
            assertThat(tombstones(original)).containsExactly("pub-2");
            assertThat(original.get("/api/articles/secret").statusCode())
                    .as("never public, so never there")
                    .isEqualTo(404);

            assertThat(loa(original.env(), "export", backup.toString()).exitCode())
                    .isZero();
            try (TestServer restored = TestServer.start(site)) {
                Run restore = loa(restored.env(), "import", backup.toString());
                assertThat(restore.out()).as(restore.err()).contains("imported 2, updated 0, unchanged 0, skipped 0");
                assertThat(tombstones(restored)).containsExactly("pub-2");
                assertThat(restored.get("/api/articles/secret").statusCode()).isEqualTo(404);
                assertSameDocuments(original, restored);
            }
        }
    }

    @Test
    void aBackupOfVersionOneIsStillReadItsDeletionsAfterTheirDateAsTombstones() throws Exception {
        Path backup = dir.resolve("backup.jsonl");
        try (TestServer original = TestServer.start()) {
            String token = original.token("desk");
            original.putArticle(
                    "shown", Fixtures.article("Tin đã đăng", "thoi-su", "2025-01-15T08:00:00+07:00"), token);
            original.putArticle(
                    "ahead", Fixtures.article("Tin hẹn giờ", "thoi-su", "2026-01-15T08:00:00+07:00"), token);
            for (String id : List.of("shown", "ahead")) {
                assertThat(original.delete("/api/articles/" + id, token).statusCode())
                        .isEqualTo(204);
            }
            assertThat(loa(original.env(), "export", backup.toString()).exitCode())
                    .isZero();
        }
        // What version 1 wrote: the same lines without the tombstones.
        List<String> lines = new ArrayList<>(Files.readAllLines(backup));
        lines.replaceAll(
                line -> line.replace("\"version\":2", "\"version\":1").replaceAll(",\"tombstone\":\"[^\"]*\"", ""));
        Files.write(backup, lines);
        try (TestServer restored = TestServer.start()) {
            Run restore = loa(restored.env(), "import", backup.toString());
            assertThat(restore.out()).as(restore.err()).contains("imported 2, updated 0, unchanged 0, skipped 0");
            assertThat(tombstones(restored)).containsExactly("shown");
            assertThat(restored.get("/api/articles/shown").statusCode()).isEqualTo(410);
            assertThat(restored.get("/api/articles/ahead").statusCode()).isEqualTo(404);
        }
    }

    /** The ids of the articles whose deletion the Atom feed of thoi-su announces (RFC 6721). */
    private static List<String> tombstones(TestServer server) {
        return FeedCrawl.tombstones(server.getBytes("/feeds/thoi-su.atom").body()).stream()
                .map(ref -> ref.substring(ref.lastIndexOf(':') + 1))
                .toList();
    }

    @Test
    void aCommandLineItDoesNotUnderstandChangesNothing() throws Exception {
        try (TestServer server = TestServer.start()) {
            Map<String, String> env = server.env();
            assertThat(loa(env, "import").exitCode()).isEqualTo(2);
            assertThat(loa(env, "import", THEME_DATA.toString(), "--sectoin", "thoi-su")
                            .err())
                    .contains("unknown option \"--sectoin\"", "usage: java -jar loa.jar import SOURCE");
            assertThat(loa(env, "import", THEME_DATA.toString(), "--section", "khong-co")
                            .exitCode())
                    .isEqualTo(2);
            assertThat(loa(env, "import", THEME_DATA.toString(), "--dry-run", "--dry-run")
                            .exitCode())
                    .isEqualTo(2);
            assertThat(loa(env, "import", dir.resolve("missing.xml").toString()).exitCode())
                    .isEqualTo(2);
            Path badMapping = Files.writeString(dir.resolve("bad.yaml"), "Classic: khong-co\n");
            assertThat(loa(env, "import", THEME_DATA.toString(), "--map-categories", badMapping.toString())
                            .err())
                    .contains("\"khong-co\", which is not a configured section");
            Run gone = loa(env, "import", server.baseUrl() + "/feeds/khong-co.atom");
            assertThat(gone.exitCode()).isEqualTo(1);
            assertThat(gone.err()).contains("answered 404");
            assertThat(loa(env, "export").exitCode()).isEqualTo(2);
            assertThat(server.rowCounts().get("article")).isZero();
        }
    }

    /** Every document a crawl of the original finds: the same bytes, ETag and Last-Modified on the restored one. */
    private static void assertSameDocuments(TestServer original, TestServer restored) {
        assertThat(FeedCrawl.of(original).tombstones())
                .as("the deletion is in the backup")
                .isPositive();
        SameDocuments.check(
                original, restored, List.of(), List.of("/articles/tin-so-0-dang-va-dan-van", "/sections/thoi-su", "/"));
    }

    private static JsonNode article(TestServer server, String id, String token) throws IOException {
        HttpResponse<String> response = server.send(
                HttpRequest.newBuilder(server.uri("/api/articles/" + id)).header("Authorization", "Bearer " + token));
        assertThat(response.statusCode()).as(id).isEqualTo(200);
        return Fixtures.JSON.readTree(response.body());
    }

    /** The export with its items repeated {@code copies} times, each copy's WordPress ids moved by 100,000. */
    static Path repeated(Path export, int copies, Path to) throws IOException {
        String text = Files.readString(export);
        int start = text.indexOf("<item>");
        int end = text.lastIndexOf("</item>") + "</item>".length();
        StringBuilder out = new StringBuilder(text.substring(0, start));
        Pattern ids = Pattern.compile("(<wp:post_id>|<wp:post_parent>|_thumbnail_id(?:]]>)?</wp:meta_key>\\s*"
                + "<wp:meta_value>(?:<!\\[CDATA\\[)?)(\\d+)");
        for (int copy = 0; copy < copies; copy++) {
            int offset = copy * 100_000;
            Matcher m = ids.matcher(text.substring(start, end));
            out.append(m.replaceAll(r -> {
                        long id = Long.parseLong(r.group(2));
                        return Matcher.quoteReplacement(r.group(1) + (id == 0 ? 0 : id + offset));
                    }))
                    .append('\n');
        }
        out.append(text.substring(end));
        return Files.writeString(to, out);
    }

    private static String h2() {
        return "jdbc:h2:mem:loa_backup_" + System.nanoTime() + ";DB_CLOSE_DELAY=-1";
    }

    static List<String> withoutHeader(Path backup) throws IOException {
        List<String> lines = Files.readAllLines(backup);
        return lines.subList(1, lines.size());
    }
}
