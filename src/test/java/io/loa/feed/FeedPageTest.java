package io.loa.feed;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.loa.Fixtures;
import io.loa.ServerPerClass;
import io.loa.ServerSetup;
import io.loa.TestServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import java.util.zip.GZIPInputStream;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * People who open a feed in a browser get a page of it at the feed's own URL: its items, what a feed is, the
 * address to copy into a feed reader. Feed readers get the feed, byte for byte what they got before there was a page
 * but for the XSLT instruction feeds no longer carry.
 */
class FeedPageTest {

    static final String BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,"
            + "image/apng,*/*;q=0.8,application/signed-exchange;v=b3;q=0.7";
    /** What feed readers send, and what clients send that say nothing: all get the feed. */
    static final List<String> READERS = List.of(
            "*/*",
            "application/rss+xml, */*",
            "application/rss+xml, application/atom+xml, text/xml;q=0.9, */*;q=0.1",
            "application/atom+xml,application/rss+xml,application/feed+json,text/html;q=0.5",
            "application/xml,application/xhtml+xml,text/html;q=0.9,text/plain;q=0.8,image/png,*/*;q=0.5",
            "text/html, */*");

    static final String BASE_URL = "https://feeds.baohatinh.vn";
    /**
     * The documents of a section no test writes to, with what readers got for them before browsers had a page,
     * recorded then, less the {@code <?xml-stylesheet?>} instruction that RSS and Atom carried for browsers.
     */
    static final Map<String, String> BEFORE = Map.of(
            "/feeds/du-lich.rss", "du-lich.rss",
            "/feeds/du-lich.atom", "du-lich.atom",
            "/feeds/du-lich.json", "du-lich.json",
            "/feeds/du-lich.atom?page=2", "du-lich-page-2.atom",
            "/feeds/du-lich/archive/2024-01.rss", "du-lich-2024-01.rss");

    @RegisterExtension
    static final ServerPerClass loa = new ServerPerClass(
            ServerSetup.defaults().setting("LOA_BASE_URL", BASE_URL).site(site -> site.itemsPerFeed(3)));

    static TestServer server;
    static String token;

    @BeforeAll
    static void start() {
        server = loa.server();
        token = server.token("desk");
        for (int day = 1; day <= 5; day++) {
            ObjectNode article =
                    Fixtures.article("Du lịch số " + day, "du-lich", "2024-01-0" + day + "T08:00:00+07:00");
            if (day == 5) {
                article.withArray("images")
                        .addObject()
                        .put("url", "https://baohatinh.vn/anh/bien-thien-cam.jpg")
                        .put("alt", "Biển Thiên Cầm")
                        .put("width", 1200)
                        .put("height", 800);
                article.put("language", "en");
            }
            assertThat(server.put("/api/articles/du-lich-" + day, article.toString(), token)
                            .statusCode())
                    .isEqualTo(201);
        }
        server.put(
                "/api/articles/lich-su-1",
                Fixtures.article("Lịch sử số 1", "lich-su", "2024-02-01T08:00:00+07:00")
                        .toString(),
                token);
    }

    @Test
    void aBrowserGetsAPageOfTheFeedAtTheFeedsOwnUrl() {
        for (FeedFormat format : FeedFormat.values()) {
            String path = format.path("du-lich");
            HttpResponse<String> response = server.send(request(path, BROWSER));
            assertThat(response.statusCode()).as(path).isEqualTo(200);
            HttpHeaders headers = response.headers();
            assertThat(headers.firstValue("Content-Type")).as(path).contains("text/html;charset=utf-8");
            assertThat(headers.firstValue("Vary")).as(path).contains("Accept, Accept-Encoding");
            assertThat(headers.firstValue("Cache-Control")).as(path).contains("private, max-age=300");
            assertThat(headers.firstValue("Content-Security-Policy"))
                    .as(path)
                    .get()
                    .asString()
                    .startsWith("default-src 'none'");
            assertThat(headers.firstValue("ETag"))
                    .as(path)
                    .get()
                    .asString()
                    .matches("\"[A-Za-z0-9_-]{24}\"")
                    .isNotEqualTo(server.get(path).headers().firstValue("ETag").orElseThrow());

            Document page = Jsoup.parse(response.body());
            assertThat(page.title()).isEqualTo("Báo Hà Tĩnh – Du lịch – nguồn tin " + format.label());
            assertThat(page.selectFirst("h1").text()).isEqualTo("Báo Hà Tĩnh – Du lịch");
            assertThat(page.selectFirst(".note").text())
                    .as(path)
                    .startsWith("Đây là một nguồn tin (feed) " + format.label() + ".")
                    .contains("trình đọc tin");
            Element address = page.selectFirst("input#feed-url");
            assertThat(address.attr("value")).isEqualTo(BASE_URL + path);
            assertThat(address.hasAttr("readonly")).isTrue();
            assertThat(page.select("label[for=feed-url]")).hasSize(1);
            assertThat(page.select(".note .feeds a"))
                    .extracting(a -> a.attr("href"))
                    .as(path)
                    .containsExactlyElementsOf(List.of(FeedFormat.values()).stream()
                            .filter(f -> f != format)
                            .map(f -> f.path("du-lich"))
                            .toList());

            List<Element> items = page.select("ol.headlines > li");
            assertThat(items)
                    .extracting(li -> li.selectFirst("h2 a").text())
                    .containsExactly("Du lịch số 5", "Du lịch số 4", "Du lịch số 3");
            Element newest = items.get(0);
            assertThat(newest.selectFirst("h2 a").attr("href")).isEqualTo(BASE_URL + "/articles/du-lich-so-5");
            assertThat(newest.attr("lang")).isEqualTo("en");
            assertThat(newest.selectFirst("time").text()).isEqualTo("08:00, 05/01/2024");
            assertThat(newest.selectFirst("time").attr("datetime")).isEqualTo("2024-01-05T08:00+07:00");
            assertThat(newest.selectFirst("p").text()).isEqualTo("Tóm tắt: Du lịch số 5");
            Element image = newest.selectFirst("img");
            assertThat(image.attr("src")).isEqualTo("https://baohatinh.vn/anh/bien-thien-cam.jpg");
            assertThat(image.attr("alt")).isEqualTo("Biển Thiên Cầm");
            assertThat(image.attr("width")).isEqualTo("1200");
            assertThat(items.get(1).select("img")).isEmpty();
            assertThat(items.get(1).hasAttr("lang")).isFalse();
            assertThat(page.select("nav.pages a")).extracting(Element::text).contains("Bài cũ hơn →");
        }
    }

    @Test
    void olderPagesAndArchivesArePagesTooThatSendPeopleToTheCurrentFeed() {
        Document older = Jsoup.parse(
                server.send(request("/feeds/du-lich.atom?page=2", BROWSER)).body());
        assertThat(older.select("ol.headlines h2 a"))
                .extracting(Element::text)
                .containsExactly("Du lịch số 2", "Du lịch số 1");
        assertThat(older.select("p.meta").text()).contains("Trang 2");
        assertThat(older.selectFirst("input#feed-url").attr("value")).isEqualTo(BASE_URL + "/feeds/du-lich.atom");
        assertThat(older.selectFirst(".note").text()).contains("nguồn tin hiện tại");
        assertThat(older.select(".note .feeds a"))
                .extracting(a -> a.attr("href"))
                .containsExactly("/feeds/du-lich.rss?page=2", "/feeds/du-lich.json?page=2");
        assertThat(older.select("nav.pages a")).extracting(a -> a.attr("href")).contains("/feeds/du-lich.atom");

        Document archive = Jsoup.parse(server.send(request("/feeds/du-lich/archive/2024-01.rss", BROWSER))
                .body());
        assertThat(archive.select("ol.headlines h2 a")).hasSize(5);
        assertThat(archive.select("p.meta").text()).contains("Lưu trữ tháng 1/2024");
        assertThat(archive.selectFirst("input#feed-url").attr("value")).isEqualTo(BASE_URL + "/feeds/du-lich.rss");
        assertThat(archive.select(".note .feeds a"))
                .extracting(a -> a.attr("href"))
                .containsExactly("/feeds/du-lich/archive/2024-01.atom");
        assertThat(archive.select("nav.pages a")).extracting(Element::text).contains("Nguồn tin hiện tại");
    }

    @Test
    void feedReadersGetTheFeedByteForByteAsBeforeBrowsersHadAPageButForTheStylesheet() {
        for (Map.Entry<String, String> document : BEFORE.entrySet()) {
            String path = document.getKey();
            HttpResponse<byte[]> plain = server.getBytes(path);
            assertThat(plain.statusCode()).as(path).isEqualTo(200);
            assertThat(new String(plain.body(), StandardCharsets.UTF_8))
                    .as(path)
                    .isEqualTo(before(document.getValue()))
                    .doesNotContain("xml-stylesheet");
            assertThat(plain.headers().firstValue("Vary")).as(path).contains("Accept, Accept-Encoding");
            assertThat(plain.headers().firstValue("Cache-Control"))
                    .as(path)
                    .get()
                    .asString()
                    .startsWith("public,");
            assertThat(plain.headers().firstValue("Content-Security-Policy"))
                    .as(path)
                    .isEmpty();
            for (String accept : READERS) {
                HttpResponse<byte[]> reader = server.sendBytes(request(path, accept));
                assertThat(reader.body()).as(path + " for " + accept).isEqualTo(plain.body());
                for (String name : List.of(
                        "Content-Type", "Content-Length", "ETag", "Last-Modified", "Cache-Control", "Vary", "Link")) {
                    assertThat(reader.headers().allValues(name))
                            .as(path + " " + name + " for " + accept)
                            .isEqualTo(plain.headers().allValues(name));
                }
            }
        }
    }

    @Test
    void theFastPathAndTheRoutesGiveTheSameAnswerToEveryRequest() {
        // With a query, the current document is answered by the routes rather than ahead of them.
        List<String> paths = List.of(
                "/feeds/du-lich.rss",
                "/feeds/du-lich.json",
                "/feeds/author/thu-phuong.atom",
                "/feeds/author/khong-co.atom",
                "/feeds/tag/khong-co.rss");
        for (String path : paths) {
            for (String accept : List.of(BROWSER, "*/*", "image/png", "application/problem+json")) {
                HttpResponse<byte[]> full = server.sendBytes(request(path, accept));
                Map<String, UnaryOperator<HttpRequest.Builder>> variants = new LinkedHashMap<>();
                variants.put("GET", r -> r);
                variants.put("HEAD", r -> r.method("HEAD", HttpRequest.BodyPublishers.noBody()));
                variants.put("gzip", r -> r.header("Accept-Encoding", "gzip"));
                full.headers()
                        .firstValue("ETag")
                        .ifPresent(etag -> variants.put("If-None-Match", r -> r.header("If-None-Match", etag)));
                full.headers()
                        .firstValue("Last-Modified")
                        .ifPresent(date -> variants.put("If-Modified-Since", r -> r.header("If-Modified-Since", date)));
                variants.forEach((name, variant) -> {
                    String as = path + " " + name + " for " + accept;
                    HttpResponse<byte[]> fast = server.sendBytes(variant.apply(request(path, accept)));
                    HttpResponse<byte[]> routed = server.sendBytes(variant.apply(request(path + "?page=1", accept)));
                    assertThat(routed.statusCode()).as(as).isEqualTo(fast.statusCode());
                    assertThat(withoutDate(routed.headers())).as(as).isEqualTo(withoutDate(fast.headers()));
                    assertThat(routed.body()).as(as).isEqualTo(fast.body());
                });
            }
        }
    }

    /** Every header by its name in lower case, but the Date, which the two answers need not share. */
    private static Map<String, List<String>> withoutDate(HttpHeaders headers) {
        Map<String, List<String>> all = new TreeMap<>();
        headers.map().forEach((name, values) -> all.put(name.toLowerCase(Locale.ROOT), values));
        all.remove("date");
        return all;
    }

    @Test
    void aBrowserRevalidatesThePageByItsOwnEtag() {
        for (String path : List.of("/feeds/du-lich.json", "/feeds/du-lich/archive/2024-01.atom")) {
            HttpResponse<String> page = server.send(request(path, BROWSER));
            String etag = page.headers().firstValue("ETag").orElseThrow();
            HttpResponse<String> notModified =
                    server.send(request(path, BROWSER).header("If-None-Match", etag));
            assertThat(notModified.statusCode()).as(path).isEqualTo(304);
            assertThat(notModified.body()).isEmpty();
            for (String name : List.of("ETag", "Vary", "Cache-Control", "Content-Security-Policy")) {
                assertThat(notModified.headers().firstValue(name))
                        .as(path + " " + name)
                        .isEqualTo(page.headers().firstValue(name));
            }
            String feedEtag = server.get(path).headers().firstValue("ETag").orElseThrow();
            assertThat(server.send(request(path, BROWSER).header("If-None-Match", feedEtag))
                            .statusCode())
                    .as("the feed's tag does not validate the page")
                    .isEqualTo(200);
            HttpResponse<String> reader = server.send(request(path, "*/*").header("If-None-Match", etag));
            assertThat(reader.statusCode())
                    .as("the page's tag does not validate the feed")
                    .isEqualTo(200);
            assertThat(reader.headers().firstValue("ETag")).contains(feedEtag);
        }
    }

    @Test
    void aBrowserGetsThePageGzippedAndByHead() throws IOException {
        String path = "/feeds/du-lich.atom";
        HttpResponse<byte[]> page = server.sendBytes(request(path, BROWSER));
        HttpResponse<byte[]> gzipped = server.sendBytes(request(path, BROWSER).header("Accept-Encoding", "gzip"));
        assertThat(gzipped.headers().firstValue("Content-Encoding")).contains("gzip");
        assertThat(gzipped.headers().firstValue("Content-Length")).contains(String.valueOf(gzipped.body().length));
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gzipped.body()))) {
            assertThat(in.readAllBytes()).isEqualTo(page.body());
        }
        String etag = page.headers().firstValue("ETag").orElseThrow();
        String gzipEtag = gzipped.headers().firstValue("ETag").orElseThrow();
        assertThat(gzipEtag)
                .isNotEqualTo(etag)
                .isNotEqualTo(server.sendBytes(request(path, "*/*").header("Accept-Encoding", "gzip"))
                        .headers()
                        .firstValue("ETag")
                        .orElseThrow());
        assertThat(server.send(request(path, BROWSER)
                                .header("Accept-Encoding", "gzip")
                                .header("If-None-Match", gzipEtag))
                        .statusCode())
                .isEqualTo(304);

        HttpResponse<byte[]> head =
                server.sendBytes(request(path, BROWSER).method("HEAD", HttpRequest.BodyPublishers.noBody()));
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
        for (String name : List.of(
                "Content-Type",
                "Content-Length",
                "ETag",
                "Last-Modified",
                "Cache-Control",
                "Vary",
                "Content-Security-Policy")) {
            assertThat(head.headers().firstValue(name))
                    .as(name)
                    .isEqualTo(page.headers().firstValue(name));
        }
        assertThat(head.headers().firstValue("Content-Length")).contains(String.valueOf(page.body().length));
    }

    @Test
    void aWriteChangesThePagesOfTheFeedsItTouchesRenderedOnceWithTheirFeed() {
        List<String> paths = List.of("/feeds/lich-su.rss", "/feeds/all.json", "/feeds/du-lich.rss");
        Map<String, String> before = pageEtags(paths);
        server.put(
                "/api/articles/lich-su-2",
                Fixtures.article("Lịch sử số 2", "lich-su", "2024-02-02T08:00:00+07:00")
                        .toString(),
                token);
        long renders = server.cache().renders();
        Map<String, String> after = pageEtags(paths);
        assertThat(server.cache().renders() - renders)
                .as("the two changed documents, each once")
                .isEqualTo(2);
        assertThat(after.get("/feeds/lich-su.rss")).isNotEqualTo(before.get("/feeds/lich-su.rss"));
        assertThat(after.get("/feeds/all.json")).isNotEqualTo(before.get("/feeds/all.json"));
        assertThat(after.get("/feeds/du-lich.rss")).isEqualTo(before.get("/feeds/du-lich.rss"));
        assertThat(server.send(request("/feeds/lich-su.rss", BROWSER)).body()).contains("Lịch sử số 2");
        server.getBytes("/feeds/lich-su.rss");
        assertThat(server.cache().renders() - renders)
                .as("the feed came with its page")
                .isEqualTo(2);
    }

    @Test
    void theStylesheetThatFeedsFetchedBeforeStillNameIsStillServed() {
        HttpResponse<String> xsl = server.get("/assets/feed.xsl");
        assertThat(xsl.statusCode()).isEqualTo(200);
        assertThat(xsl.body()).contains("<xsl:stylesheet");
    }

    private static Map<String, String> pageEtags(List<String> paths) {
        Map<String, String> etags = new LinkedHashMap<>();
        for (String path : paths) {
            etags.put(
                    path,
                    server.send(request(path, BROWSER))
                            .headers()
                            .firstValue("ETag")
                            .orElseThrow());
        }
        return etags;
    }

    private static HttpRequest.Builder request(String path, String accept) {
        return HttpRequest.newBuilder(server.uri(path)).header("Accept", accept);
    }

    /** A document as Loa served it to every client before browsers were given a page (kept in test resources). */
    private static String before(String name) {
        try (InputStream in = FeedPageTest.class.getResourceAsStream("/served-to-readers/" + name)) {
            assertThat(in).as(name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
