package io.loa.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.loa.Fixtures;
import io.loa.ServerPerClass;
import io.loa.TestServer;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An article waiting for its publication date cannot be probed: to everyone who may not read it, its id, slug,
 * author and tag answer exactly as ones that do not exist, on every method and header. Only a token that may write
 * to all its sections reads it.
 */
class EmbargoTest {

    /** Ids of one length, so that answers about them differ in nothing but the id. */
    private static final String EMBARGOED = "bi-mat-1";

    private static final String ABSENT = "bi-mat-2";
    private static final String DELETED_BEFORE_ITS_TIME = "bi-mat-3";
    private static final String AHEAD = "2031-01-01T08:00:00+07:00";

    @RegisterExtension
    static final ServerPerClass loa = new ServerPerClass();

    static TestServer server;
    static String desk;
    static String news;
    static String tourism;

    @BeforeAll
    static void start() {
        server = loa.server();
        desk = server.token("desk");
        news = server.token("news", "thoi-su");
        tourism = server.token("tourism", "du-lich");
        ObjectNode relating = Fixtures.article("Tin công khai", "thoi-su", "2025-01-01T08:00:00+07:00");
        relating.putArray("related").add(EMBARGOED).add(ABSENT);
        server.putArticle("cong-khai", relating, desk);
        ObjectNode embargoed = Fixtures.article("Bí mật quốc gia", "thoi-su", AHEAD);
        embargoed.put("summary", "Tin xyzzyword chưa đăng.");
        embargoed.put("author", "Tác Giả Ẩn");
        embargoed.putArray("tags").add("Thẻ Ẩn");
        server.putArticle(EMBARGOED, embargoed, desk);
        server.putArticle(DELETED_BEFORE_ITS_TIME, Fixtures.article("Tin rút trước giờ", "thoi-su", AHEAD), desk);
        assertThat(server.delete("/api/articles/" + DELETED_BEFORE_ITS_TIME, desk)
                        .statusCode())
                .isEqualTo(204);
        server.putArticle("da-xoa", Fixtures.article("Tin đã gỡ", "thoi-su", "2025-01-02T08:00:00+07:00"), desk);
        assertThat(server.delete("/api/articles/da-xoa", desk).statusCode()).isEqualTo(204);
    }

    /** Callers who may not read the embargoed article: nobody, a token that is not one, one of another section. */
    @ParameterizedTest
    @ValueSource(strings = {"", "Bearer loa_khong-phai-token", "Basic ZGVzazpzZWNyZXQ=", "Bearer TOURISM"})
    void anEmbargoedIdAnswersEveryoneWhoMayNotReadItAsAnIdThatDoesNotExist(String authorization) {
        String auth = authorization.replace("TOURISM", tourism);
        String etag = read(EMBARGOED, desk).headers().firstValue("ETag").orElseThrow();
        for (UnaryOperator<HttpRequest.Builder> variant : Map.<String, UnaryOperator<HttpRequest.Builder>>of(
                        "GET", r -> r,
                        "HEAD", r -> r.method("HEAD", HttpRequest.BodyPublishers.noBody()),
                        "If-None-Match: *", r -> r.header("If-None-Match", "*"),
                        "If-None-Match: its ETag", r -> r.header("If-None-Match", etag))
                .values()) {
            Answer absent = answer(ABSENT, variant, auth);
            assertThat(answer(EMBARGOED, variant, auth)).isEqualTo(absent);
            assertThat(answer(DELETED_BEFORE_ITS_TIME, variant, auth))
                    .as("deleted before it was ever shown")
                    .isEqualTo(absent);
            assertThat(absent.status()).isIn(401, 404);
        }
    }

    @Test
    void aTokenThatIsNotValidIsRefusedWhateverTheId() {
        for (String id : new String[] {"cong-khai", EMBARGOED, ABSENT, "da-xoa"}) {
            assertThat(server.send(HttpRequest.newBuilder(server.uri("/api/articles/" + id))
                                    .header("Authorization", "Bearer loa_khong-phai-token"))
                            .statusCode())
                    .as(id)
                    .isEqualTo(401);
        }
        assertThat(read("cong-khai", null).statusCode()).isEqualTo(200);
        assertThat(read("da-xoa", null).statusCode())
                .as("deleted once it was out: gone")
                .isEqualTo(410);
    }

    @Test
    void aTokenReadsTheScheduledArticlesOfItsSectionsOnly() throws Exception {
        assertThat(read(EMBARGOED, desk).statusCode()).isEqualTo(200);
        HttpResponse<String> byNews = read(EMBARGOED, news);
        assertThat(byNews.statusCode()).isEqualTo(200);
        assertThat(Fixtures.JSON.readTree(byNews.body()).get("scheduled").asBoolean())
                .isTrue();
        assertThat(read(EMBARGOED, tourism).statusCode()).isEqualTo(404);

        assertThat(scheduled(desk)).extracting(n -> n.get("id").asText()).containsExactly(EMBARGOED);
        assertThat(scheduled(news)).extracting(n -> n.get("id").asText()).containsExactly(EMBARGOED);
        assertThat(scheduled(tourism)).isEmpty();
    }

    @Test
    void aTokenWithoutTheSectionLearnsNothingOfItByWriting() throws Exception {
        String etag = read(EMBARGOED, desk).headers().firstValue("ETag").orElseThrow();
        Answer absent = answer(ABSENT, r -> r.DELETE(), "Bearer " + tourism);
        assertThat(absent.status()).isEqualTo(404);
        assertThat(answer(EMBARGOED, r -> r.DELETE(), "Bearer " + tourism)).isEqualTo(absent);
        assertThat(answer(EMBARGOED, r -> r.DELETE().header("If-Match", etag), "Bearer " + tourism))
                .isEqualTo(answer(ABSENT, r -> r.DELETE().header("If-Match", etag), "Bearer " + tourism));

        // Its id is taken, which a write cannot hide; what is under it, it can.
        HttpResponse<String> put = server.put(
                "/api/articles/" + EMBARGOED,
                Fixtures.article("Tin du lịch", "du-lich", "2025-01-03T08:00:00+07:00")
                        .toString(),
                tourism);
        assertThat(put.statusCode()).isEqualTo(403);
        assertThat(put.body()).doesNotContain("thoi-su").doesNotContain("Bí mật");
        assertThat(read(EMBARGOED, desk).headers().firstValue("ETag")).contains(etag);
    }

    @Test
    void readersSeeNothingOfItAnywhere() throws Exception {
        Map<String, String> sameAsAbsent = Map.of(
                "/articles/bi-mat-quoc-gia", "/articles/bi-mat-quoc-gib",
                "/authors/tac-gia-an", "/authors/tac-gia-ab",
                "/tags/the-an", "/tags/the-ab",
                "/feeds/author/tac-gia-an.atom", "/feeds/author/tac-gia-ab.atom",
                "/feeds/tag/the-an.rss", "/feeds/tag/the-ab.rss",
                "/feeds/thoi-su/archive/2031-01.atom", "/feeds/thoi-su/archive/2031-02.atom",
                "/sitemaps/articles-2031-01.xml", "/sitemaps/articles-2031-02.xml");
        for (Map.Entry<String, String> paths : sameAsAbsent.entrySet()) {
            HttpResponse<String> embargoed = server.get(paths.getKey());
            HttpResponse<String> absent = server.get(paths.getValue());
            assertThat(embargoed.statusCode())
                    .as(paths.getKey())
                    .isEqualTo(absent.statusCode())
                    .isEqualTo(404);
        }
        JsonNode search = Fixtures.JSON.readTree(
                server.get("/feeds/search.json?q=xyzzyword").body());
        assertThat(search.get("items")).isEmpty();
        assertThat(server.get("/search?q=xyzzyword").body()).doesNotContain("Bí mật");
        for (String feed : new String[] {
            "/feeds/thoi-su.atom",
            "/feeds/all.rss",
            "/feeds/all.json",
            "/sitemap.xml",
            "/sitemaps/pages.xml",
            "/sitemaps/news.xml",
            "/sitemaps/articles-2025-01.xml"
        }) {
            assertThat(server.get(feed).body())
                    .as(feed)
                    .doesNotContain(EMBARGOED)
                    .doesNotContain("bi-mat-quoc-gia")
                    .doesNotContain("Bí mật");
        }
        assertThat(server.get("/sitemaps/articles-2025-01.xml").body())
                .contains("/articles/tin-cong-khai")
                .as("deleted once it was out")
                .doesNotContain("tin-da-go");
        // An article that names it as related links to it no more than to an id that does not exist.
        assertThat(server.feed("/feeds/thoi-su.atom").getEntries())
                .isNotEmpty()
                .allSatisfy(entry -> assertThat(entry.getLinks()).noneMatch(link -> "related".equals(link.getRel())));
        HttpResponse<String> relatingPage = server.get("/articles/tin-cong-khai");
        assertThat(relatingPage.statusCode()).isEqualTo(200);
        assertThat(relatingPage.body()).doesNotContain("Bí mật").doesNotContain("bi-mat");
    }

    /** What a caller learns from an answer: its status, headers (but Date) and body, the id written as {id}. */
    record Answer(int status, Map<String, String> headers, String body) {}

    private static Answer answer(String id, UnaryOperator<HttpRequest.Builder> variant, String authorization) {
        HttpRequest.Builder request = variant.apply(HttpRequest.newBuilder(server.uri("/api/articles/" + id)));
        if (!authorization.isEmpty()) {
            request.header("Authorization", authorization);
        }
        HttpResponse<String> response = server.send(request);
        Map<String, String> headers = new TreeMap<>();
        response.headers().map().forEach((name, values) -> {
            if (!name.equalsIgnoreCase("date")) {
                headers.put(name.toLowerCase(), String.join(", ", values).replace(id, "{id}"));
            }
        });
        return new Answer(response.statusCode(), headers, response.body().replace(id, "{id}"));
    }

    private static HttpResponse<String> read(String id, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.uri("/api/articles/" + id));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return server.send(request);
    }

    private static JsonNode scheduled(String token) throws Exception {
        return Fixtures.JSON.readTree(server.send(
                        HttpRequest.newBuilder(server.uri("/api/scheduled")).header("Authorization", "Bearer " + token))
                .body());
    }
}
