package io.loa.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.rometools.rome.feed.synd.SyndEntry;
import com.rometools.rome.feed.synd.SyndFeed;
import io.loa.FeedCrawl;
import io.loa.Fixtures;
import io.loa.TestServer;
import io.loa.article.ArticleBounds;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Example;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * What an article may hold, from outside: every value at a bound is accepted and renders everywhere, every value
 * past one is refused with 422 naming its field, and nothing accepted can make a document fail.
 */
class ArticleBoundsTest {

    static TestServer server;
    static String token;

    @BeforeContainer
    static void start() {
        server = TestServer.start();
        token = server.token("bounds");
    }

    @AfterContainer
    static void stop() {
        server.close();
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
        assertRefused("before-earliest", "published",
                iso.format(ArticleBounds.EARLIEST.minusSeconds(1).atOffset(java.time.ZoneOffset.UTC)));
        assertRefused("after-latest", "published",
                iso.format(ArticleBounds.LATEST.plusSeconds(1).atOffset(java.time.ZoneOffset.UTC)));
        assertThat(put("earliest", Fixtures.article("Sớm nhất", "lich-su", earliest)).statusCode()).isEqualTo(201);
        assertThat(put("latest", Fixtures.article("Muộn nhất", "lich-su", latest)).statusCode()).isEqualTo(201);

        SyndFeed rss = server.feed("/feeds/lich-su.rss");
        SyndFeed atom = server.feed("/feeds/lich-su.atom");
        for (SyndFeed feed : List.of(rss, atom)) {
            assertThat(feed.getEntries()).extracting(e -> e.getPublishedDate().toInstant())
                    .contains(ArticleBounds.EARLIEST, ArticleBounds.LATEST);
        }
        assertThat(server.get("/feeds/lich-su/archive/1970-01.atom").statusCode()).isEqualTo(200);
        assertThat(server.get("/feeds/lich-su/archive/9999-12.rss").statusCode()).isEqualTo(200);
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
        article.putArray("images").addObject().put("url", "https://baohatinh.vn/a.jpg")
                .put("type", "image/" + "x".repeat(ArticleBounds.IMAGE_TYPE));
        assertProblem(put("long-type", article), "images[0].type");
    }

    @Example
    void everyTextAtItsBoundIsKeptWholeAndOnePastItIsRefused() {
        Map<String, Integer> bounds = Map.of("title", ArticleBounds.TITLE, "summary", ArticleBounds.SUMMARY,
                "author", ArticleBounds.AUTHOR, "source", ArticleBounds.SOURCE);
        for (var bound : bounds.entrySet()) {
            ObjectNode article = Fixtures.article("Giới hạn", "thoi-su", "2024-01-01T08:00:00+07:00");
            article.put(bound.getKey(), "ạ".repeat(bound.getValue()));
            assertThat(put("at-" + bound.getKey(), article).statusCode()).as(bound.getKey()).isEqualTo(201);
            assertThat(article(("at-" + bound.getKey())).get(bound.getKey()).asText()).hasSize(bound.getValue());
            article.put(bound.getKey(), "ạ".repeat(bound.getValue() + 1));
            assertProblem(put("past-" + bound.getKey(), article), bound.getKey());
        }
        ObjectNode withImage = Fixtures.article("Ảnh", "thoi-su", "2024-01-01T08:00:00+07:00");
        ObjectNode image = withImage.putArray("images").addObject().put("url", "https://baohatinh.vn/a.jpg")
                .put("caption", "c".repeat(ArticleBounds.CAPTION)).put("alt", "a".repeat(ArticleBounds.ALT))
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
    void lastModifiedIsNeverLaterThanTheResponsesDate() {
        ObjectNode article = Fixtures.article("Tương lai", "du-lich",
                ZonedDateTime.now().plusDays(30).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        assertThat(put("future", article).statusCode()).isEqualTo(201);
        HttpResponse<String> response = server.get("/feeds/du-lich.rss");
        Instant date = DateTimeFormatter.RFC_1123_DATE_TIME.parse(response.headers().firstValue("Date").orElseThrow(),
                Instant::from);
        Instant lastModified = DateTimeFormatter.RFC_1123_DATE_TIME.parse(
                response.headers().firstValue("Last-Modified").orElseThrow(), Instant::from);
        assertThat(lastModified).isBeforeOrEqualTo(date);
        assertThat(server.delete("/api/articles/future", token).statusCode()).isEqualTo(204);
    }

    @Example
    void aTitleOfEncodedMarkupReachesNoFeedAsMarkup() {
        ObjectNode article = Fixtures.article("Tin &lt;img src=x onerror=alert(1)&gt; &amp;lt;script&amp;gt;alert(2)"
                + "&amp;lt;/script&amp;gt; nóng", "thoi-su", "2024-02-01T08:00:00+07:00");
        article.put("summary", "&lt;b onmouseover=alert(3)&gt;đậm&lt;/b&gt; và 5 &lt; 7");
        article.put("body", "<p>Nội dung.</p>");
        assertThat(put("encoded-markup", article).statusCode()).isEqualTo(201);
        JsonNode stored = article("encoded-markup");
        assertThat(stored.get("title").asText()).isEqualTo("Tin nóng");
        assertThat(stored.get("summary").asText()).isEqualTo("đậm và 5 < 7");
        SyndEntry entry = server.feed("/feeds/thoi-su.rss").getEntries().stream()
                .filter(e -> e.getUri().contains("encoded-markup")).findFirst().orElseThrow();
        assertThat(entry.getTitle()).isEqualTo("Tin nóng");
        String rss = new String(server.getBytes("/feeds/thoi-su.rss").body(), StandardCharsets.UTF_8);
        assertThat(rss).doesNotContain("onerror").doesNotContain("alert(2)").doesNotContain("onmouseover");
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
