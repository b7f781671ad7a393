package io.loa.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.rometools.rome.feed.synd.SyndEntry;
import com.rometools.rome.feed.synd.SyndFeed;
import io.loa.FeedCrawl;
import io.loa.Fixtures;
import io.loa.ServerPerClass;
import io.loa.ServerSetup;
import io.loa.TestServer;
import io.loa.article.ArticleBounds;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * What an article may hold, from outside: every value at a bound is accepted and renders everywhere, every value
 * past one is refused with 422 naming its field, and nothing accepted can make a document fail.
 */
@AddLifecycleHook(ServerPerClass.Hook.class)
class ArticleBoundsTest {

    /** A clock past the last date an article may carry: no date here is scheduled, every one renders. */
    static final ServerPerClass loa = new ServerPerClass(
            ServerSetup.defaults().clock(Clock.fixed(ArticleBounds.LATEST.plusSeconds(1), ZoneOffset.UTC)));

    static TestServer server;
    static String token;

    @BeforeContainer
    static void start() {
        server = loa.server();
        token = server.token("bounds");
    }

    @Example
    void aDateOfYearTenThousandIsRefusedAndTheFeedsStillServe() {
        assertRefused("year-10000", "published", "+10000-01-01T00:00:00Z");
        assertThat(server.get("/feeds/all.atom").statusCode()).isEqualTo(200);
    }

    @Example
    void aDateBeforeTheGregorianCalendarIsRefused() {
        assertRefused("year-1000", "published", "1000-01-01T00:00:00Z");
        assertRefused("updated-9999", "updated", "+99999-01-01T00:00:00Z");
    }

    @Example
    void theFirstAndLastDatesAnArticleMayCarryRenderInEveryFormat() {
        DateTimeFormatter iso = DateTimeFormatter.ISO_OFFSET_DATE_TIME;
        String earliest = iso.format(ArticleBounds.EARLIEST.atOffset(java.time.ZoneOffset.UTC));
        String latest = iso.format(ArticleBounds.LATEST.atOffset(java.time.ZoneOffset.UTC));
        assertRefused(
                "before-earliest",
                "published",
                iso.format(ArticleBounds.EARLIEST.minusSeconds(1).atOffset(java.time.ZoneOffset.UTC)));
        assertRefused(
                "after-latest",
                "published",
                iso.format(ArticleBounds.LATEST.plusSeconds(1).atOffset(java.time.ZoneOffset.UTC)));
        assertThat(put("earliest", Fixtures.article("Sớm nhất", "lich-su", earliest))
                        .statusCode())
                .isEqualTo(201);
        assertThat(put("latest", Fixtures.article("Muộn nhất", "lich-su", latest))
                        .statusCode())
                .isEqualTo(201);

        SyndFeed rss = server.feed("/feeds/lich-su.rss");
        SyndFeed atom = server.feed("/feeds/lich-su.atom");
        for (SyndFeed feed : List.of(rss, atom)) {
            assertThat(feed.getEntries())
                    .extracting(e -> e.getPublishedDate().toInstant())
                    .contains(ArticleBounds.EARLIEST, ArticleBounds.LATEST);
        }
        assertThat(server.get("/feeds/lich-su/archive/1970-01.atom").statusCode())
                .isEqualTo(200);
        assertThat(server.get("/feeds/lich-su/archive/9999-12.rss").statusCode())
                .isEqualTo(200);
        FeedCrawl.of(server);
        assertThat(server.delete("/api/articles/earliest", token).statusCode()).isEqualTo(204);
        assertThat(server.delete("/api/articles/latest", token).statusCode()).isEqualTo(204);
    }

    @Example
    void anArchiveOfAMonthNoArticleCanCarryIsNotFound() {
        for (String month : List.of("+999999999-12", "-999999999-01", "0001-01", "1969-12", "+10000-01")) {
            HttpResponse<String> response = server.get("/feeds/all/archive/" + month + ".atom");
            assertThat(response.statusCode()).as(month).isEqualTo(404);
            assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        }
    }

    @Example
    void aLanguageOrImageTypeLongerThanItsColumnIsRefused() {
        assertRefused("long-language", "language", "en-aaaaaaaa-bbbbbbbb-cccccccc-dddddddd");
        ObjectNode article = Fixtures.article("Ảnh", "thoi-su", "2024-01-01T08:00:00+07:00");
        article.putArray("images")
                .addObject()
                .put("url", "https://baohatinh.vn/a.jpg")
                .put("type", "image/" + "x".repeat(ArticleBounds.IMAGE_TYPE));
        assertProblem(put("long-type", article), "images[0].type");
    }

    @Example
    void everyTextAtItsBoundIsKeptWholeAndOnePastItIsRefused() {
        Map<String, Integer> bounds = Map.of(
                "title",
                ArticleBounds.TITLE,
                "summary",
                ArticleBounds.SUMMARY,
                "author",
                ArticleBounds.AUTHOR,
                "source",
                ArticleBounds.SOURCE);
        for (var bound : bounds.entrySet()) {
            ObjectNode article = Fixtures.article("Giới hạn", "thoi-su", "2024-01-01T08:00:00+07:00");
            article.put(bound.getKey(), "ạ".repeat(bound.getValue()));
            assertThat(put("at-" + bound.getKey(), article).statusCode())
                    .as(bound.getKey())
                    .isEqualTo(201);
            assertThat(article(("at-" + bound.getKey())).get(bound.getKey()).asText())
                    .hasSize(bound.getValue());
            article.put(bound.getKey(), "ạ".repeat(bound.getValue() + 1));
            assertProblem(put("past-" + bound.getKey(), article), bound.getKey());
        }
        ObjectNode withImage = Fixtures.article("Ảnh", "thoi-su", "2024-01-01T08:00:00+07:00");
        ObjectNode image = withImage
                .putArray("images")
                .addObject()
                .put("url", "https://baohatinh.vn/a.jpg")
                .put("caption", "c".repeat(ArticleBounds.CAPTION))
                .put("alt", "a".repeat(ArticleBounds.ALT))
                .put("credit", "r".repeat(ArticleBounds.CREDIT));
        assertThat(put("image-at-bounds", withImage).statusCode()).isEqualTo(201);
        image.put("credit", "r".repeat(ArticleBounds.CREDIT + 1));
        assertProblem(put("image-past-bounds", withImage), "images[0].credit");
        FeedCrawl.of(server);
    }

    @Example
    void aBodyLargerThanItsBoundIsRefused() {
        ObjectNode article = Fixtures.article("Dài", "thoi-su", "2024-01-01T08:00:00+07:00");
        article.put("body", "<p>" + "chữ ".repeat(ArticleBounds.BODY / 4) + "</p>");
        assertProblem(put("huge-body", article), "body");
    }

    @Example
    void aTitleOfEncodedMarkupReachesNoFeedAsMarkup() {
        ObjectNode article = Fixtures.article(
                "Tin &lt;img src=x onerror=alert(1)&gt; &amp;lt;script&amp;gt;alert(2)"
                        + "&amp;lt;/script&amp;gt; nóng",
                "thoi-su",
                "2024-02-01T08:00:00+07:00");
        article.put("summary", "&lt;b onmouseover=alert(3)&gt;đậm&lt;/b&gt; và 5 &lt; 7");
        article.put("body", "<p>Nội dung.</p>");
        assertThat(put("encoded-markup", article).statusCode()).isEqualTo(201);
        JsonNode stored = article("encoded-markup");
        assertThat(stored.get("title").asText()).isEqualTo("Tin nóng");
        assertThat(stored.get("summary").asText()).isEqualTo("đậm và 5 < 7");
        SyndEntry entry = server.feed("/feeds/thoi-su.rss").getEntries().stream()
                .filter(e -> e.getUri().contains("encoded-markup"))
                .findFirst()
                .orElseThrow();
        assertThat(entry.getTitle()).isEqualTo("Tin nóng");
        String rss = new String(server.getBytes("/feeds/thoi-su.rss").body(), StandardCharsets.UTF_8);
        assertThat(rss).doesNotContain("onerror").doesNotContain("alert(2)").doesNotContain("onmouseover");
    }

    /**
     * Articles with extreme values in every field, each at, just inside or just past its bound: whatever is
     * accepted renders in every document, nothing is ever a 5xx, and the database holds exactly what was accepted.
     */
    @Property(tries = 30)
    void nothingAcceptedCanMakeADocumentFail(
            @ForAll("extremeArticles") ObjectNode article, @ForAll @IntRange(min = 0, max = 7) int slot) {
        String id = "extreme-" + slot;
        HttpResponse<String> response = put(id, article);
        assertThat(response.statusCode()).as(response.body()).isIn(200, 201, 422);
        if (response.statusCode() == 422) {
            assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        } else {
            accepted.put(id, response.body());
            JsonNode stored = article(id);
            assertThat(server.get("/articles/" + stored.get("slug").asText()).statusCode())
                    .isEqualTo(200);
        }
        for (String page : List.of("/", "/sections/thoi-su", "/sections/lich-su")) {
            assertThat(server.get(page).statusCode()).as(page).isEqualTo(200);
        }
        FeedCrawl.of(server);
        for (int other = 0; other < 8; other++) {
            String otherId = "extreme-" + other;
            HttpResponse<String> stored = server.get("/api/articles/" + otherId);
            if (accepted.containsKey(otherId)) {
                assertThat(stored.body()).as(otherId).isEqualTo(accepted.get(otherId));
            } else {
                assertThat(stored.statusCode()).as(otherId).isEqualTo(404);
            }
        }
    }

    /** The article as each accepted write answered it, by id: what the database must hold. */
    static final Map<String, String> accepted = new java.util.concurrent.ConcurrentHashMap<>();

    @Provide
    Arbitrary<ObjectNode> extremeArticles() {
        Arbitrary<String> title = text(ArticleBounds.TITLE);
        Arbitrary<String> dates = Arbitraries.of(
                "1970-01-01T00:00:00Z",
                "1970-01-01T06:59:59+07:00",
                "1969-12-31T23:59:59Z",
                "9999-12-30T23:59:59Z",
                "9999-12-31T00:00:00Z",
                "9999-12-31T06:00:00+07:00",
                "+10000-01-01T00:00:00Z",
                "1000-01-01T00:00:00Z",
                "0001-01-01T00:00:00Z",
                "1582-10-10T00:00:00Z",
                "2024-02-29T23:59:59-18:00",
                "2024-02-29T00:00:00+18:00",
                "2023-12-27T08:30:00",
                "2023-12-27T08:30:00.123456789+07:00",
                "2024-13-01T00:00:00Z",
                "yesterday",
                "");
        Arbitrary<String> languages = Arbitraries.of(
                "vi",
                "en-US",
                "zh-Hant-TW",
                "x",
                "en-aaaaaaaa-bbbbbbbb-ccccccc",
                "en-aaaaaaaa-bbbbbbbb-cccccccc-dddddddd",
                "VI",
                "vi_VN",
                "");
        Arbitrary<String> urls = Arbitraries.of(
                "https://baohatinh.vn/a.html",
                "http://xn--bo-h-tnh-wza.vn/ả",
                "https://baohatinh.vn/" + "a".repeat(ArticleBounds.URL - 21),
                "https://baohatinh.vn/" + "a".repeat(ArticleBounds.URL),
                "javascript:alert(1)",
                "ftp://x/y",
                "/relative",
                "https://",
                "");
        Arbitrary<ObjectNode> images = Combinators.combine(
                        urls,
                        text(ArticleBounds.CAPTION),
                        text(ArticleBounds.ALT),
                        text(ArticleBounds.CREDIT),
                        Arbitraries.of(-1, 0, 1, 100_000, 100_001, Integer.MAX_VALUE),
                        Arbitraries.of(
                                "image/jpeg",
                                "image/svg+xml",
                                "text/html",
                                "image/" + "x".repeat(95),
                                "image/" + "x".repeat(100)))
                .as((url, caption, alt, credit, size, type) -> {
                    ObjectNode image = Fixtures.JSON.createObjectNode();
                    image.put("url", url)
                            .put("caption", caption)
                            .put("alt", alt)
                            .put("credit", credit)
                            .put("width", size)
                            .put("height", size)
                            .put("type", type);
                    return image;
                });
        Arbitrary<ObjectNode> base = Combinators.combine(
                        title,
                        text(ArticleBounds.SUMMARY),
                        text(ArticleBounds.AUTHOR),
                        text(ArticleBounds.SOURCE),
                        urls,
                        languages,
                        dates,
                        dates)
                .as((t, summary, author, source, url, language, published, updated) -> {
                    ObjectNode article = Fixtures.JSON.createObjectNode();
                    article.put("title", t)
                            .put("summary", summary)
                            .put("author", author)
                            .put("source", source)
                            .put("url", url)
                            .put("language", language)
                            .put("published", published);
                    if (!updated.isEmpty()) {
                        article.put("updated", updated);
                    }
                    return article;
                });
        Arbitrary<String> bodies = Arbitraries.oneOf(
                text(2000).map(t -> "<p>" + t + "</p>"),
                Arbitraries.of(
                        "",
                        "<script>alert(1)</script>",
                        "<p><a href=\"/a\">a</a><img src=\"b.jpg\" alt=\"b\"></p>",
                        "<p>" + "chữ ".repeat(ArticleBounds.BODY / 4 - 2) + "</p>",
                        "<p>" + "chữ ".repeat(ArticleBounds.BODY / 4) + "</p>"));
        Arbitrary<List<String>> sections = Arbitraries.of("thoi-su", "lich-su", "du-lich", "khong-co")
                .list()
                .ofMinSize(0)
                .ofMaxSize(3);
        return Combinators.combine(base, bodies, sections, images.list().ofMaxSize(3))
                .as((article, body, in, pictures) -> {
                    article.put("body", body);
                    in.forEach(article.putArray("sections")::add);
                    pictures.forEach(article.putArray("images")::add);
                    return article;
                });
    }

    /** Texts at, around and far below a bound, of every kind of character that has broken feeds. */
    private static Arbitrary<String> text(int bound) {
        Arbitrary<String> hostile = Arbitraries.of(
                        "Đảng",
                        "dân vận",
                        "&lt;img src=x onerror=alert(1)&gt;",
                        "a < b & c",
                        "]]>",
                        "\u0000\u0008\uFFFE",
                        "😀",
                        "\ud800",
                        "  \n\t ",
                        "&amp;lt;b&amp;gt;",
                        "&#0;",
                        "&#x1F600;")
                .list()
                .ofMinSize(1)
                .ofMaxSize(5)
                .map(parts -> String.join(" ", parts));
        return Arbitraries.oneOf(
                hostile, Arbitraries.of(bound - 1, bound, bound + 1).map("ạ"::repeat), Arbitraries.just(""));
    }

    private static HttpResponse<String> put(String id, ObjectNode article) {
        return server.put("/api/articles/" + id, article.toString(), token);
    }

    private static JsonNode article(String id) {
        try {
            return Fixtures.JSON.readTree(server.get("/api/articles/" + id).body());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void assertRefused(String id, String field, String value) {
        ObjectNode article = Fixtures.article("Ngày lạ", "thoi-su", "2024-01-01T08:00:00+07:00");
        article.put(field, value);
        assertProblem(put(id, article), field);
        assertThat(server.get("/api/articles/" + id).statusCode()).isEqualTo(404);
    }

    private static void assertProblem(HttpResponse<String> response, String field) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(422);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(response.body()).contains("\"field\":\"" + field + "\"");
    }
}
