package io.loa.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.loa.Fixtures;
import io.loa.ServerPerClass;
import io.loa.TestServer;
import io.loa.db.Database;
import io.loa.db.schema.Tables;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Thousands of malformed and hostile requests: never a 5xx, every refusal a problem+json, the feeds always
 * parse, and the database ends holding exactly the writes that were accepted.
 */
@AddLifecycleHook(ServerPerClass.Hook.class)
class ApiFuzzTest {

    static final ServerPerClass loa = new ServerPerClass();

    static TestServer server;
    static String token;
    static final Set<String> accepted = ConcurrentHashMap.newKeySet();
    static final int MAX_BODY = 1024 * 1024;

    record Attempt(String method, String id, String contentType, String auth, String extraHeader, byte[] body) {}

    @BeforeContainer
    static void start() {
        server = loa.server();
        token = server.token("fuzz");
    }

    @AfterContainer
    static void theDatabaseHoldsExactlyTheAcceptedWritesAndEveryFeedParses() {
        try (Database db = server.database()) {
            Set<String> live = new HashSet<>(db.dsl()
                    .select(Tables.ARTICLE.ID)
                    .from(Tables.ARTICLE)
                    .where(Tables.ARTICLE.DELETED_AT.isNull())
                    .fetch(Tables.ARTICLE.ID));
            assertThat(live).isEqualTo(accepted);
        }
        for (String feed : List.of("all", "thoi-su", "lich-su", "du-lich")) {
            TestServer.parse(server.getBytes("/feeds/" + feed + ".rss").body());
            TestServer.parse(server.getBytes("/feeds/" + feed + ".atom").body());
        }
    }

    @Property(tries = 1500)
    void noRequestBreaksTheApi(@ForAll("attempts") Attempt attempt) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.uri("/api/articles/" + attempt.id()))
                .method(
                        attempt.method(),
                        attempt.body() == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofByteArray(attempt.body()));
        if (attempt.contentType() != null) {
            request.header("Content-Type", attempt.contentType());
        }
        if (attempt.auth() != null) {
            request.header("Authorization", attempt.auth());
        }
        if (attempt.extraHeader() != null) {
            request.header("If-Match", attempt.extraHeader());
        }
        HttpResponse<String> response;
        try {
            response = server.send(request);
        } catch (UncheckedIOException e) {
            if (attempt.body() != null && attempt.body().length > MAX_BODY) {
                // Refusing an oversized body without reading it closes the connection under the sender: fine.
                assertThat(server.get("/health").statusCode()).isEqualTo(200);
                return;
            }
            // The server closed a pooled connection after refusing an unread body; a new one must work.
            response = server.send(request);
        }
        int status = response.statusCode();

        assertThat(status).as(response.body()).isLessThan(500);
        if (status >= 400) {
            assertThat(response.headers().firstValue("Content-Type")).contains("application/problem+json");
            JsonNode problem = Fixtures.JSON.readTree(response.body());
            assertThat(problem.get("status").asInt()).isEqualTo(status);
        }
        String id = URLDecoder.decode(attempt.id(), StandardCharsets.UTF_8);
        if (attempt.method().equals("PUT") && (status == 200 || status == 201)) {
            accepted.add(id);
        }
        if (attempt.method().equals("DELETE") && status == 204) {
            accepted.remove(id);
        }
    }

    @Provide
    Arbitrary<Attempt> attempts() {
        Arbitrary<String> methods = Arbitraries.frequencyOf(
                Tuple.of(8, Arbitraries.just("PUT")),
                Tuple.of(2, Arbitraries.just("GET")),
                Tuple.of(2, Arbitraries.just("DELETE")),
                Tuple.of(1, Arbitraries.of("POST", "PATCH", "OPTIONS")));
        Arbitrary<String> ids = Arbitraries.oneOf(
                Arbitraries.of("fuzz-1", "fuzz-2", "fuzz-3", "fuzz-4", "fuzz-5"),
                Arbitraries.strings()
                        .all()
                        .ofMinLength(1)
                        .ofMaxLength(200)
                        .map(s -> URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20")));
        Arbitrary<String> contentTypes = Arbitraries.of(
                        "application/json",
                        "application/json; charset=utf-8",
                        "application/json; charset=latin1",
                        "text/plain",
                        "application/xml",
                        "application/merge-patch+json",
                        "multipart/form-data; boundary=x",
                        "application/json;;;",
                        "")
                .injectNull(0.1);
        Arbitrary<String> auths = Arbitraries.of(
                        "Bearer TOKEN",
                        "Bearer TOKEN",
                        "Bearer TOKEN",
                        "Bearer x",
                        "Basic Zm9vOmJhcg==",
                        "Bearer",
                        "bearer TOKEN",
                        "Bearer " + "a".repeat(5000),
                        "TOKEN")
                .injectNull(0.1)
                .map(a -> a == null ? null : a.replace("TOKEN", token));
        Arbitrary<String> ifMatch =
                Arbitraries.of("*", "\"nope\"", "W/\"x\"", "garbage").injectNull(0.8);
        return Combinators.combine(methods, ids, contentTypes, auths, ifMatch, bodies())
                .as(Attempt::new);
    }

    private Arbitrary<byte[]> bodies() {
        Arbitrary<String> hostile = Arbitraries.oneOf(
                Arbitraries.strings().all().ofMaxLength(50),
                Arbitraries.of(
                        "<script>alert(1)</script>",
                        "]]>",
                        "\u0000",
                        "\uFFFE",
                        "javascript:alert(1)",
                        "'; DROP TABLE article; --",
                        "${jndi:ldap://x}",
                        "%00",
                        "../../etc/passwd",
                        "9".repeat(400)));
        Arbitrary<String> fields = Arbitraries.of(
                "title",
                "summary",
                "body",
                "author",
                "source",
                "url",
                "language",
                "published",
                "updated",
                "sections",
                "images",
                "related",
                "id",
                "slug",
                "unknown");
        Arbitrary<byte[]> mutated = Combinators.combine(
                        fields, hostile, Arbitraries.integers().between(0, 5))
                .as((field, value, how) -> {
                    ObjectNode a = Fixtures.article("Bài thử", "thoi-su", "2024-06-01T08:00:00+07:00");
                    switch (how) {
                        case 0 -> a.put(field, value);
                        case 1 -> a.remove(field);
                        case 2 -> a.putNull(field);
                        case 3 -> a.put(field, 12345);
                        case 4 -> a.putArray(field).add(value).addObject().put("url", value);
                        default -> a.putObject(field).put(value, value);
                    }
                    return a.toString().getBytes(StandardCharsets.UTF_8);
                });
        Arbitrary<byte[]> valid = Arbitraries.of("thoi-su", "lich-su", "du-lich")
                .map(s -> Fixtures.article("Bài hợp lệ", s, "2024-06-02T08:00:00+07:00")
                        .toString()
                        .getBytes(StandardCharsets.UTF_8));
        Arbitrary<byte[]> broken = Arbitraries.oneOf(
                Arbitraries.bytes().array(byte[].class).ofMaxSize(300),
                Arbitraries.of(
                                "{",
                                "[]",
                                "null",
                                "\"x\"",
                                "{\"title\":",
                                "{\"a\":1}{\"b\":2}",
                                "{" + "[".repeat(5000),
                                "{\"title\":\"x\",\"title\":\"y\"}",
                                "\uFEFF{}",
                                "{\"sections\":[" + "\"x\",".repeat(3000) + "\"x\"]}")
                        .map(s -> s.getBytes(StandardCharsets.UTF_8)),
                Arbitraries.just(new byte[2 * 1024 * 1024]));
        return Arbitraries.frequencyOf(Tuple.of(3, valid), Tuple.of(5, mutated), Tuple.of(2, broken))
                .injectNull(0.05);
    }
}
