package io.loa.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.loa.Fixtures;
import io.loa.ServerPerClass;
import io.loa.ServerSetup;
import io.loa.TestServer;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every bad request gets its status and an RFC 9457 problem naming the field, and changes nothing stored. */
class ArticleApiErrorsTest {

    static final String KEEPER = "/api/articles/keeper";

    @RegisterExtension
    static final ServerPerClass loa = new ServerPerClass(ServerSetup.defaults().setting("LOA_MAX_BODY_BYTES", "65536"));

    static TestServer server;
    static String token;
    static String sectionToken;

    @BeforeAll
    static void start() {
        server = loa.server();
        token = server.token("desk");
        sectionToken = server.token("tourism-desk", "du-lich");
        ObjectNode keeper = Fixtures.article("Bài gốc không được đổi", "thoi-su", "2024-05-01T08:00:00+07:00");
        assertThat(server.put(KEEPER, keeper.toString(), token).statusCode()).isEqualTo(201);
    }

    static ObjectNode valid() {
        return Fixtures.article("Bài hợp lệ", "thoi-su", "2024-06-01T08:00:00+07:00");
    }

    static ObjectNode valid(UnaryOperator<ObjectNode> change) {
        return change.apply(valid());
    }

    static Stream<Arguments> badRequests() {
        return Stream.of(
                Arguments.of("malformed JSON", json("{\"title\": \"Bài", token), 400, null),
                Arguments.of("a JSON array", json("[1, 2]", token), 400, null),
                Arguments.of("an empty body", json("", token), 400, null),
                Arguments.of("trailing garbage", json(valid() + " {}", token), 400, null),
                Arguments.of("no token", request("application/json", valid().toString(), null), 401, null),
                Arguments.of("an unknown token", json(valid().toString(), "loa_not-a-real-token"), 401, null),
                Arguments.of(
                        "a Basic header",
                        request("application/json", valid().toString(), null)
                                .header("Authorization", "Basic ZGVzazpzZWNyZXQ="),
                        401,
                        null),
                Arguments.of("text/plain", request("text/plain", valid().toString(), token), 415, null),
                Arguments.of("form data", request("application/x-www-form-urlencoded", "title=x", token), 415, null),
                Arguments.of(
                        "a JSON merge patch",
                        request("application/merge-patch+json", valid().toString(), token),
                        415,
                        null),
                Arguments.of(
                        "JSON in Latin-1",
                        request("application/json; charset=iso-8859-1", valid().toString(), token),
                        415,
                        null),
                Arguments.of(
                        "a body over the limit",
                        json(
                                valid(a -> a.put("body", "<p>" + "à".repeat(40_000) + "</p>"))
                                        .toString(),
                                token),
                        413,
                        null),
                Arguments.of(
                        "an unknown section",
                        json(
                                valid(a -> {
                                            a.putArray("sections").add("khong-co");
                                            return a;
                                        })
                                        .toString(),
                                token),
                        422,
                        "sections[0]"),
                Arguments.of(
                        "the all feed as a section",
                        json(
                                valid(a -> {
                                            a.putArray("sections").add("all");
                                            return a;
                                        })
                                        .toString(),
                                token),
                        422,
                        "sections[0]"),
                Arguments.of(
                        "no sections",
                        json(
                                valid(a -> {
                                            a.putArray("sections");
                                            return a;
                                        })
                                        .toString(),
                                token),
                        422,
                        "sections"),
                Arguments.of(
                        "sections as a string",
                        json(valid(a -> a.put("sections", "thoi-su")).toString(), token),
                        422,
                        "sections"),
                Arguments.of(
                        "a number as the title",
                        json(valid(a -> a.put("title", 5)).toString(), token),
                        422,
                        "title"),
                Arguments.of(
                        "true as the title",
                        json(valid(a -> a.put("title", true)).toString(), token),
                        422,
                        "title"),
                Arguments.of(
                        "a string as the minor flag",
                        json(valid(a -> a.put("minor", "true")).toString(), token),
                        422,
                        "minor"),
                Arguments.of(
                        "a string as a width",
                        json(
                                valid(a -> {
                                            a.putArray("images")
                                                    .addObject()
                                                    .put("url", "https://baohatinh.vn/a.jpg")
                                                    .put("width", "1200");
                                            return a;
                                        })
                                        .toString(),
                                token),
                        422,
                        "images[0].width"),
                Arguments.of(
                        "a fraction as a width",
                        json(
                                valid(a -> {
                                            a.putArray("images")
                                                    .addObject()
                                                    .put("url", "https://baohatinh.vn/a.jpg")
                                                    .put("width", 1200.5);
                                            return a;
                                        })
                                        .toString(),
                                token),
                        422,
                        "images[0].width"),
                Arguments.of(
                        "a width past any integer",
                        json(
                                valid(a -> {
                                            a.putArray("images")
                                                    .addObject()
                                                    .put("url", "https://baohatinh.vn/a.jpg")
                                                    .put("width", 99_999_999_999L);
                                            return a;
                                        })
                                        .toString(),
                                token),
                        422,
                        "images[0].width"),
                Arguments.of(
                        "an empty string as the tags",
                        json(valid(a -> a.put("tags", "")).toString(), token),
                        422,
                        "tags"),
                Arguments.of(
                        "a missing title",
                        json(
                                valid(a -> {
                                            a.remove("title");
                                            return a;
                                        })
                                        .toString(),
                                token),
                        422,
                        "title"),
                Arguments.of(
                        "a blank title",
                        json(valid(a -> a.put("title", "  <b></b> ")).toString(), token),
                        422,
                        "title"),
                Arguments.of(
                        "an unparseable date",
                        json(valid(a -> a.put("published", "27/12/2023")).toString(), token),
                        422,
                        "published"),
                Arguments.of(
                        "a missing date",
                        json(
                                valid(a -> {
                                            a.remove("published");
                                            return a;
                                        })
                                        .toString(),
                                token),
                        422,
                        "published"),
                Arguments.of(
                        "updated before published",
                        json(
                                valid(a -> a.put("updated", "2020-01-01T00:00:00Z"))
                                        .toString(),
                                token),
                        422,
                        "updated"),
                Arguments.of(
                        "a javascript: URL",
                        json(valid(a -> a.put("url", "javascript:alert(1)")).toString(), token),
                        422,
                        "url"),
                Arguments.of(
                        "an ftp URL",
                        json(valid(a -> a.put("url", "ftp://baohatinh.vn/a")).toString(), token),
                        422,
                        "url"),
                Arguments.of(
                        "a relative image URL",
                        json(
                                valid(a -> {
                                            a.putArray("images").addObject().put("url", "/a.jpg");
                                            return a;
                                        })
                                        .toString(),
                                token),
                        422,
                        "images[0].url"),
                Arguments.of(
                        "a data: image",
                        json(
                                valid(a -> {
                                            a.putArray("images").addObject().put("url", "data:image/png;base64,AAAA");
                                            return a;
                                        })
                                        .toString(),
                                token),
                        422,
                        "images[0].url"),
                Arguments.of(
                        "an unknown field",
                        json(valid(a -> a.put("titel", "typo")).toString(), token),
                        422,
                        "titel"),
                Arguments.of(
                        "an id that differs from the URL",
                        json(valid(a -> a.put("id", "other")).toString(), token),
                        422,
                        "id"),
                Arguments.of("a section the token may not write", json(valid().toString(), sectionToken), 403, null));
    }

    @ParameterizedTest(name = "{0} gets {2}")
    @MethodSource("badRequests")
    void aBadRequestGetsItsStatusAndAProblemAndChangesNothing(
            String name, HttpRequest.Builder request, int status, String field) throws Exception {
        Map<String, Integer> rowsBefore = server.rowCounts();
        String keeperBefore = server.get(KEEPER).body();
        byte[] feedBefore = server.getBytes("/feeds/thoi-su.atom").body();

        HttpResponse<String> response = server.send(request);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).contains("application/problem+json");
        JsonNode problem = Fixtures.JSON.readTree(response.body());
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("title").asText()).isNotBlank();
        assertThat(problem.get("detail").asText()).isNotBlank();
        if (field != null) {
            assertThat(problem.get("field").asText()).isEqualTo(field);
        }
        if (status == 401) {
            assertThat(response.headers().firstValue("WWW-Authenticate"))
                    .get()
                    .asString()
                    .startsWith("Bearer");
        }
        assertThat(server.rowCounts()).isEqualTo(rowsBefore);
        assertThat(server.get(KEEPER).body()).isEqualTo(keeperBefore);
        assertThat(server.getBytes("/feeds/thoi-su.atom").body()).isEqualTo(feedBefore);
    }

    @Test
    void everyInvalidFieldIsNamedAtOnce() throws Exception {
        ObjectNode article =
                valid(a -> a.put("title", "").put("published", "hôm qua").put("url", "mailto:x@y"));
        HttpResponse<String> response = server.send(json(article.toString(), token));
        JsonNode problem = Fixtures.JSON.readTree(response.body());
        assertThat(problem.get("errors").findValuesAsText("field")).containsExactly("title", "url", "published");
    }

    @Test
    void aValueOfTheWrongTypeIsNamedInJsonTermsNotJavaOnes() throws Exception {
        ObjectNode article = valid(a -> {
            a.put("sections", "thoi-su").put("summary", 5);
            a.putArray("images").add("https://baohatinh.vn/a.jpg");
            return a;
        });
        HttpResponse<String> response = server.send(json(article.toString(), token));
        assertThat(response.statusCode()).isEqualTo(422);
        JsonNode problem = Fixtures.JSON.readTree(response.body());
        assertThat(problem.get("detail").asText())
                .isIn("summary: must be a string", "sections: must be an array", "images[0]: must be an object");
        assertThat(response.body()).doesNotContain("java.", "Jackson", "io.loa");
        for (var wrong : Map.of("summary", 5, "sections", "thoi-su").entrySet()) {
            HttpResponse<String> one = server.send(json(
                    valid().set(wrong.getKey(), Fixtures.JSON.valueToTree(wrong.getValue()))
                            .toString(),
                    token));
            assertThat(Fixtures.JSON.readTree(one.body()).get("detail").asText())
                    .startsWith(wrong.getKey() + ": must be a");
        }
    }

    @Test
    void anIdThatCannotBeAPublisherIdIsRefused() throws Exception {
        HttpResponse<String> response = server.put("/api/articles/b%C3%A0i%20vi%E1%BA%BFt", valid().toString(), token);
        assertThat(response.statusCode()).isEqualTo(422);
        assertThat(Fixtures.JSON.readTree(response.body()).get("field").asText())
                .isEqualTo("id");
    }

    @Test
    void unknownArticlesAndRoutesAreProblemsToo() {
        for (String path : new String[] {"/api/articles/khong-co", "/khong-co"}) {
            HttpResponse<String> response = server.get(path);
            assertThat(response.statusCode()).as(path).isEqualTo(404);
            assertThat(response.headers().firstValue("Content-Type")).contains("application/problem+json");
        }
        HttpResponse<String> wrongMethod = server.send(
                HttpRequest.newBuilder(server.uri("/feeds/all.rss")).POST(HttpRequest.BodyPublishers.ofString("x")));
        assertThat(wrongMethod.statusCode()).isEqualTo(405);
        assertThat(wrongMethod.headers().firstValue("Content-Type")).contains("application/problem+json");
    }

    @Test
    void aTokenScopedToASectionWritesThere() {
        ObjectNode article = Fixtures.article("Du lịch biển Thiên Cầm", "du-lich", "2024-06-02T08:00:00+07:00");
        assertThat(server.put("/api/articles/thien-cam", article.toString(), sectionToken)
                        .statusCode())
                .isEqualTo(201);
        assertThat(server.delete(KEEPER, sectionToken).statusCode()).isEqualTo(403);
    }

    @Test
    void aTokenScopedToOneSectionCannotTakeOverAnArticleDeletedFromAnother() {
        ObjectNode news = Fixtures.article("Tin đã gỡ", "thoi-su", "2024-06-03T08:00:00+07:00");
        assertThat(server.put("/api/articles/taken", news.toString(), token).statusCode())
                .isEqualTo(201);
        assertThat(server.delete("/api/articles/taken", token).statusCode()).isEqualTo(204);
        String tombstones = server.get("/feeds/thoi-su.atom").body();
        assertThat(tombstones).contains("article:taken");

        ObjectNode takeover = Fixtures.article("Chiếm chỗ", "du-lich", "2024-06-03T09:00:00+07:00");
        HttpResponse<String> refused = server.put("/api/articles/taken", takeover.toString(), sectionToken);
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).contains("thoi-su");
        assertThat(server.get("/api/articles/taken").statusCode()).isEqualTo(410);
        assertThat(server.get("/feeds/thoi-su.atom").body()).isEqualTo(tombstones);
    }

    @Test
    void puttingADeletedArticleBackInAnotherSectionRenewsTheFeedThatShowedItsTombstone() {
        ObjectNode news = Fixtures.article("Tin chuyển mục", "thoi-su", "2024-06-04T08:00:00+07:00");
        assertThat(server.put("/api/articles/moved", news.toString(), token).statusCode())
                .isEqualTo(201);
        assertThat(server.delete("/api/articles/moved", token).statusCode()).isEqualTo(204);
        assertThat(server.get("/feeds/thoi-su.atom").body()).contains("article:moved");

        ObjectNode back = Fixtures.article("Tin chuyển mục", "lich-su", "2024-06-04T08:00:00+07:00");
        assertThat(server.put("/api/articles/moved", back.toString(), token).statusCode())
                .isEqualTo(201);
        assertThat(server.get("/feeds/thoi-su.atom").body()).doesNotContain("article:moved");
        assertThat(server.get("/feeds/lich-su.atom").body()).contains("article:moved");
    }

    @Test
    void aDeleteWithAStaleIfMatchIsRefusedAndDeletesNothing() {
        ObjectNode article = Fixtures.article("Bản một", "thoi-su", "2024-06-05T08:00:00+07:00");
        HttpResponse<String> created = server.put("/api/articles/guarded", article.toString(), token);
        String v1 = created.headers().firstValue("ETag").orElseThrow();
        article.put("title", "Bản hai");
        String v2 = server.put("/api/articles/guarded", article.toString(), token)
                .headers()
                .firstValue("ETag")
                .orElseThrow();

        HttpResponse<String> stale = server.send(HttpRequest.newBuilder(server.uri("/api/articles/guarded"))
                .header("Authorization", "Bearer " + token)
                .header("If-Match", v1)
                .DELETE());
        assertThat(stale.statusCode()).isEqualTo(412);
        assertThat(stale.headers().firstValue("Content-Type")).contains("application/problem+json");
        assertThat(server.get("/api/articles/guarded").statusCode()).isEqualTo(200);
        HttpResponse<String> current = server.send(HttpRequest.newBuilder(server.uri("/api/articles/guarded"))
                .header("Authorization", "Bearer " + token)
                .header("If-Match", v2)
                .DELETE());
        assertThat(current.statusCode()).isEqualTo(204);
        assertThat(server.get("/api/articles/guarded").statusCode()).isEqualTo(410);
    }

    private static HttpRequest.Builder json(String body, String token) {
        return request("application/json", body, token);
    }

    private static HttpRequest.Builder request(String contentType, String body, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.uri(KEEPER))
                .header("Content-Type", contentType)
                .PUT(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return request;
    }
}
