package io.loa.feed;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.rometools.modules.mediarss.MediaEntryModule;
import com.rometools.modules.mediarss.MediaModule;
import com.rometools.modules.mediarss.types.MediaContent;
import com.rometools.rome.feed.synd.SyndEntry;
import io.loa.Fixtures;
import io.loa.ServerPerClass;
import io.loa.TestServer;
import io.loa.article.ArticleBounds;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Feeds are served like static files: validators, 304s, gzip made once, HEAD, one render per change. */
class CachingTest {

    static final String FEED = "/feeds/lich-su.atom";

    @RegisterExtension
    static final ServerPerClass loa = new ServerPerClass();

    static TestServer server;
    static String token;

    @BeforeAll
    static void start() {
        server = loa.server();
        token = server.token("desk");
        int n = 0;
        for (String section : List.of(
                "hoat-dong-lanh-dao-tinh",
                "bao-ve-nen-tang-tu-tuong",
                "xay-dung-dang",
                "thoi-su",
                "lich-su",
                "du-lich")) {
            n++;
            server.put(
                    "/api/articles/seed-" + n,
                    Fixtures.article("Bài mẫu " + n, section, "2024-0" + n + "-01T08:00:00+07:00")
                            .toString(),
                    token);
        }
    }

    @Test
    void aFeedCarriesValidatorsCachingHeadersAndItsLength() {
        HttpResponse<byte[]> response = server.getBytes(FEED);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("ETag")).get().asString().matches("\"[A-Za-z0-9_-]{24}\"");
        // Every write in this class happens at the fixed "now", which is also when the feed last changed.
        assertThat(response.headers().firstValue("Last-Modified")).contains("Sat, 01 Mar 2025 02:00:00 GMT");
        assertThat(response.headers().firstValue("Cache-Control")).contains("public, max-age=300");
        assertThat(response.headers().firstValue("Vary")).contains("Accept, Accept-Encoding");
        assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).contains("*");
        assertThat(response.headers().firstValue("Content-Length")).contains(String.valueOf(response.body().length));
        assertThat(server.getBytes("/feeds/thoi-su.rss").headers().firstValue("Cache-Control"))
                .as("a section's own maxAge")
                .contains("public, max-age=120");
    }

    @ParameterizedTest(name = "If-None-Match {0} gives {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "ETAG                    | 304",
                "W/ETAG                  | 304",
                "\"nope\", ETAG          | 304",
                "\"nope\",W/ETAG         | 304",
                "*                       | 304",
                "GZIP_ETAG               | 304",
                "\"nope\"                | 200",
                "\"nope\", W/\"other\"   | 200",
                "ETAGx                   | 200"
            })
    void ifNoneMatch(String header, int status) {
        HttpResponse<String> response = conditional("If-None-Match", header);
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.headers().firstValue("ETag")).isPresent();
        if (status == 304) {
            assertThat(response.body()).isEmpty();
        }
    }

    // The feed last changed at the test's fixed "now", Sat, 01 Mar 2025 02:00:00 GMT; later dates are from the future.
    @ParameterizedTest(name = "If-Modified-Since {0} gives {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "LAST_MODIFIED                      | 304",
                "Sat, 01 Mar 2025 02:00:00 GMT      | 304",
                "Saturday, 01-Mar-25 02:00:00 GMT   | 304",
                "Sat Mar  1 02:00:00 2025           | 304",
                "Mon, 01 Mar 2025 02:00:00 GMT      | 304",
                "01 Mar 2025 02:00:00 GMT           | 304",
                "sat, 01 mar 2025 02:00:00 gmt      | 304",
                "Sat, 01 Mar 2025 09:00:00 +0700    | 304",
                "Sat, 01 Mar 2025 01:59:59 GMT      | 200",
                "Fri, 01 Jan 2021 00:00:00 GMT      | 200",
                "Sun, 02 Mar 2025 00:00:00 GMT      | 200",
                "Fri, 01 Jan 2100 00:00:00 GMT      | 200",
                "yesterday                          | 200",
                "0                                  | 200",
                "Sat, 32 Mar 2025 02:00:00 GMT      | 200"
            })
    void ifModifiedSince(String header, int status) {
        HttpResponse<String> response = conditional("If-Modified-Since", header);
        assertThat(response.statusCode()).isEqualTo(status);
    }

    @Test
    void ifNoneMatchDecidesWhenBothAreSent() {
        HttpResponse<String> response = server.send(HttpRequest.newBuilder(server.uri(FEED))
                .header("If-None-Match", "\"nope\"")
                .header("If-Modified-Since", "Sat, 01 Mar 2025 02:00:00 GMT"));
        assertThat(response.statusCode()).isEqualTo(200);
    }

    @Test
    void gzipIsTheSameDocumentAndHonoursQualityValues() throws IOException {
        byte[] identity = server.getBytes(FEED).body();
        HttpResponse<byte[]> gzipped = withEncoding("gzip, deflate, br");
        assertThat(gzipped.headers().firstValue("Content-Encoding")).contains("gzip");
        assertThat(gzipped.headers().firstValue("Content-Length")).contains(String.valueOf(gzipped.body().length));
        assertThat(gzipped.body().length).isLessThan(identity.length);
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gzipped.body()))) {
            assertThat(in.readAllBytes()).isEqualTo(identity);
        }
        assertThat(gzipped.headers().firstValue("ETag"))
                .isNotEqualTo(server.getBytes(FEED).headers().firstValue("ETag"));

        assertThat(withEncoding("gzip;q=0, identity").headers().firstValue("Content-Encoding"))
                .isEmpty();
        assertThat(withEncoding("gzip;q=0, *").headers().firstValue("Content-Encoding"))
                .isEmpty();
        assertThat(withEncoding("*;q=0.5").headers().firstValue("Content-Encoding"))
                .contains("gzip");
        assertThat(withEncoding("br").headers().firstValue("Content-Encoding")).isEmpty();
        assertThat(withEncoding("GZIP;q=0.1").headers().firstValue("Content-Encoding"))
                .contains("gzip");
    }

    @Test
    void aNotModifiedFeedCarriesWhatACacheNeedsAndNothingElse() {
        HttpResponse<byte[]> full = server.getBytes(FEED);
        HttpResponse<String> notModified = server.send(HttpRequest.newBuilder(server.uri(FEED))
                .header("If-None-Match", full.headers().firstValue("ETag").orElseThrow()));
        assertThat(notModified.statusCode()).isEqualTo(304);
        // RFC 9110, 15.4.5: the validators and what updates a cache's stored copy. (Jetty adds Content-Length: 0
        // to every 304; clients that read a body after a 304 by its length would otherwise wait for one.) The
        // headers every response of Loa carries, whoever answers it, are there too (see SecurityHeadersTest), and
        // the keys and lifetimes a CDN revalidating its copy takes as the copy's (see SurrogateHeadersTest).
        assertThat(notModified.headers().map().keySet())
                .map(name -> name.toLowerCase(java.util.Locale.ROOT))
                .containsExactlyInAnyOrder(
                        "date",
                        "etag",
                        "vary",
                        "cache-control",
                        "last-modified",
                        "content-length",
                        "x-content-type-options",
                        "referrer-policy",
                        "surrogate-control",
                        "cdn-cache-control",
                        "surrogate-key",
                        "cache-tag",
                        "xkey");
        assertThat(notModified.headers().firstValue("Content-Length")).hasValue("0");
        assertThat(notModified.headers().firstValue("ETag"))
                .isEqualTo(full.headers().firstValue("ETag"));
        assertThat(notModified.headers().firstValue("Last-Modified"))
                .isEqualTo(full.headers().firstValue("Last-Modified"));
    }

    @Test
    void headAnswersWithTheHeadersOfGetAndNoBody() {
        HttpResponse<byte[]> get = server.getBytes(FEED);
        HttpResponse<byte[]> head = server.sendBytes(
                HttpRequest.newBuilder(server.uri(FEED)).method("HEAD", HttpRequest.BodyPublishers.noBody()));
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
        for (String name :
                List.of("Content-Type", "Content-Length", "ETag", "Last-Modified", "Cache-Control", "Vary")) {
            assertThat(head.headers().firstValue(name))
                    .as(name)
                    .isEqualTo(get.headers().firstValue(name));
        }
    }

    @Test
    void aWriteIsSeenOnTheNextRequestAndChangesOnlyTheFeedsItTouches() {
        Map<String, String> before = etags();
        server.put(
                "/api/articles/news-flash",
                Fixtures.article("Tin nóng", "du-lich", "2025-01-05T08:00:00+07:00")
                        .toString(),
                token);
        Map<String, String> after = etags();

        List<String> changed = new ArrayList<>();
        before.forEach((feed, etag) -> {
            if (!etag.equals(after.get(feed))) {
                changed.add(feed);
            }
        });
        assertThat(changed).containsExactlyInAnyOrder("du-lich.rss", "du-lich.atom", "all.rss", "all.atom");
        assertThat(server.feed("/feeds/du-lich.rss").getEntries().get(0).getTitle())
                .isEqualTo("Tin nóng");

        server.delete("/api/articles/news-flash", token);
        Map<String, String> afterDelete = etags();
        assertThat(afterDelete.get("du-lich.rss")).isNotEqualTo(after.get("du-lich.rss"));
        assertThat(server.feed("/feeds/du-lich.rss").getEntries())
                .extracting(e -> e.getTitle())
                .doesNotContain("Tin nóng");
        assertThat(afterDelete.get("lich-su.atom")).isEqualTo(before.get("lich-su.atom"));
    }

    @Test
    void aBurstOfRequestsOnAColdFeedRendersItOnce() {
        server.put(
                "/api/articles/burst",
                Fixtures.article("Cả trăm người đọc", "xay-dung-dang", "2025-01-06T08:00:00+07:00")
                        .toString(),
                token);
        long rendersBefore = server.cache().renders();
        HttpClient client = HttpClient.newHttpClient();
        List<CompletableFuture<HttpResponse<byte[]>>> responses = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            responses.add(client.sendAsync(
                    HttpRequest.newBuilder(server.uri("/feeds/xay-dung-dang.rss"))
                            .build(),
                    HttpResponse.BodyHandlers.ofByteArray()));
        }
        List<byte[]> bodies = responses.stream()
                .map(CompletableFuture::join)
                .map(r -> {
                    assertThat(r.statusCode()).isEqualTo(200);
                    return r.body();
                })
                .toList();
        assertThat(server.cache().renders() - rendersBefore).isEqualTo(1);
        assertThat(bodies).allSatisfy(b -> assertThat(b).isEqualTo(bodies.get(0)));
    }

    @Test
    void theSameContentGivesTheSameBytesAfterARestart() {
        Map<String, String> env = new HashMap<>(server.env());
        env.remove("LOA_PORT");
        env.remove("LOA_BASE_URL");
        String etag = server.getBytes("/feeds/hoat-dong-lanh-dao-tinh.rss")
                .headers()
                .firstValue("ETag")
                .orElseThrow();
        // A second instance on the same database, same public URL: only the bytes decide the ETag.
        try (TestServer twin =
                TestServer.start(Map.of("LOA_DB_URL", env.get("LOA_DB_URL"), "LOA_BASE_URL", server.baseUrl()))) {
            assertThat(twin.getBytes("/feeds/hoat-dong-lanh-dao-tinh.rss")
                            .headers()
                            .firstValue("ETag"))
                    .contains(etag);
        }
    }

    @Test
    void aSmallMemoryBudgetEvictsButKeepsServingTheSameBytes() {
        try (TestServer small = TestServer.start(Map.of(
                "LOA_CACHE_BYTES",
                "30000",
                "LOA_DB_URL",
                server.env().get("LOA_DB_URL"),
                "LOA_BASE_URL",
                server.baseUrl()))) {
            Map<String, byte[]> first = new HashMap<>();
            for (int round = 0; round < 3; round++) {
                for (String feed : feeds()) {
                    byte[] body = small.getBytes("/feeds/" + feed).body();
                    TestServer.parse(body);
                    byte[] earlier = first.putIfAbsent(feed, body);
                    if (earlier != null) {
                        assertThat(body).as(feed).isEqualTo(earlier);
                    }
                }
            }
            assertThat(small.cache().weight()).isLessThanOrEqualTo(30000);
            assertThat(small.cache().renders())
                    .as("evicted feeds are rendered again")
                    .isGreaterThan(feeds().size());
        }
    }

    @Test
    void aFeedOfTheLargestArticlesKeepsWithinItsBudgetAndIsServedFromTheCache() {
        try (TestServer big = TestServer.start()) {
            String token = big.token("big");
            String body = "<p>" + "chữ ".repeat(ArticleBounds.BODY / 4 - 2) + "</p>";
            for (int i = 0; i < 8; i++) {
                ObjectNode article =
                        Fixtures.article("Bài dài " + i, "du-lich", "2024-03-0" + (i + 1) + "T08:00:00+07:00");
                article.put("body", body);
                for (int n = 0; n < 3; n++) {
                    article.withArray("images").addObject().put("url", "https://baohatinh.vn/" + i + "-" + n + ".jpg");
                }
                assertThat(big.put("/api/articles/long-" + i, article.toString(), token)
                                .statusCode())
                        .isEqualTo(201);
            }
            byte[] rss = big.getBytes("/feeds/du-lich.rss").body();
            long renders = big.cache().renders();
            List<SyndEntry> entries = TestServer.parse(rss).getEntries();
            assertThat(rss.length).isLessThan(4 * 1024 * 1024);
            assertThat(entries).hasSize(8);
            assertThat(entries.get(0).getContents())
                    .as("the newest item's whole body")
                    .isNotEmpty();
            assertThat(entries.get(7).getContents())
                    .as("the oldest item's body, past the budget")
                    .isEmpty();
            assertThat(entries.get(7).getDescription().getValue()).isEqualTo("Tóm tắt: Bài dài 0");
            assertThat(images(entries.get(0))).hasSize(3);
            assertThat(images(entries.get(7)))
                    .as("the oldest item's lead image only")
                    .hasSize(1);
            assertThat(big.getBytes("/feeds/du-lich.rss").body()).isEqualTo(rss);
            assertThat(big.cache().renders()).as("served again from the cache").isEqualTo(renders);
        }
    }

    private static List<MediaContent> images(SyndEntry entry) {
        return List.of(((MediaEntryModule) entry.getModule(MediaModule.URI)).getMediaContents());
    }

    private static List<String> feeds() {
        List<String> feeds = new ArrayList<>();
        for (String section : List.of(
                "all",
                "hoat-dong-lanh-dao-tinh",
                "bao-ve-nen-tang-tu-tuong",
                "xay-dung-dang",
                "thoi-su",
                "lich-su",
                "du-lich")) {
            feeds.add(section + ".rss");
            feeds.add(section + ".atom");
        }
        return feeds;
    }

    private static Map<String, String> etags() {
        Map<String, String> etags = new HashMap<>();
        for (String feed : feeds()) {
            etags.put(
                    feed,
                    server.getBytes("/feeds/" + feed)
                            .headers()
                            .firstValue("ETag")
                            .orElseThrow());
        }
        return etags;
    }

    private static HttpResponse<String> conditional(String name, String value) {
        HttpResponse<byte[]> plain = server.getBytes(FEED);
        String etag = plain.headers().firstValue("ETag").orElseThrow();
        String gzipEtag = withEncoding("gzip").headers().firstValue("ETag").orElseThrow();
        String header = value.replace("GZIP_ETAG", gzipEtag)
                .replace("ETAG", etag)
                .replace(
                        "LAST_MODIFIED",
                        plain.headers().firstValue("Last-Modified").orElseThrow());
        return server.send(HttpRequest.newBuilder(server.uri(FEED)).header(name, header));
    }

    private static HttpResponse<byte[]> withEncoding(String acceptEncoding) {
        return server.sendBytes(HttpRequest.newBuilder(server.uri(FEED)).header("Accept-Encoding", acceptEncoding));
    }
}
