package io.loa.fediverse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.loa.Fixtures;
import io.loa.ServerSetup;
import io.loa.TestServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Loa followed by Fedify, a real ActivityPub server library: the follower in {@code src/test/fedify} finds the
 * section thoi-su by WebFinger, follows it, and is sent each article of the section as Create, Update and Delete,
 * which Fedify verifies; Loa's inbox refuses what is not signed by the key of its sender. The test is skipped,
 * saying why, where the follower is not installed ({@code npm ci --prefix src/test/fedify}, as {@code .ci/run}
 * does).
 */
class FedifyFollowerTest {

    static final Path HARNESS =
            Path.of(System.getProperty("basedir", "")).toAbsolutePath().resolve("src/test/fedify");
    static final Duration DELIVERED = Duration.ofSeconds(30);

    static TestServer loa;
    static String token;
    static Follower follower;

    @BeforeAll
    static void start() throws IOException {
        Path node = HARNESS.resolve("node_modules/.bin/node");
        Assumptions.assumeTrue(
                Files.isExecutable(node),
                "the Fedify follower is not installed: npm ci --prefix src/test/fedify (.ci/run does it)");
        // The handle's host is where Fedify asks WebFinger: 127.0.0.1, as the actors' URLs say, not localhost.
        int port = freePort();
        loa = ServerSetup.defaults()
                .settings(Map.of(
                        "LOA_PORT",
                        String.valueOf(port),
                        "LOA_BASE_URL",
                        "http://127.0.0.1:" + port,
                        "LOA_WEBSUB_ALLOW_PRIVATE_CALLBACKS",
                        "true"))
                // Signatures are dated by Loa's clock, and Fedify refuses a date more than an hour off its own.
                .clock(Clock.systemUTC())
                .start();
        token = loa.token("desk");
        follower = Follower.start(node, "acct:thoi-su@127.0.0.1:" + port, "http://127.0.0.1:" + port);
    }

    @AfterAll
    static void stop() {
        if (follower != null) {
            follower.close();
        }
        if (loa != null) {
            loa.close();
        }
    }

    @Test
    void anArticleReachesTheFedifyFollowerAsCreateUpdateAndDeleteEachVerifiedOnceInOrder() {
        follower.awaitFollowing(loa, "/ap/sections/thoi-su");

        loa.putArticle("fedi-1", Fixtures.article("Tin liên bang", "thoi-su", "2024-10-01T08:00:00+07:00"), token);
        JsonNode published = json(loa.get("/api/articles/fedi-1").body());
        String object = loa.env().get("LOA_BASE_URL") + "/articles/"
                + published.get("slug").asText();
        await().atMost(DELIVERED).until(() -> types(object).contains("Create"));

        loa.putArticle(
                "fedi-1",
                Fixtures.article("Tin liên bang (đính chính)", "thoi-su", "2024-10-01T08:00:00+07:00"),
                token);
        Instant corrected = Instant.parse(
                json(loa.get("/api/articles/fedi-1").body()).get("updated").asText());
        await().atMost(DELIVERED).until(() -> types(object).contains("Update"));

        assertThat(loa.delete("/api/articles/fedi-1", token).statusCode()).isIn(200, 204);
        await().atMost(DELIVERED).until(() -> types(object).contains("Delete"));
        // Nothing more comes for the article: each activity was delivered once.
        await().during(Duration.ofSeconds(2))
                .atMost(Duration.ofSeconds(10))
                .until(() -> types(object).equals(List.of("Create", "Update", "Delete")));

        List<JsonNode> got = received(object);
        for (JsonNode activity : got) {
            assertThat(activity.get("verified").asBoolean())
                    .as("Fedify verified the signature of " + activity)
                    .isTrue();
            assertThat(activity.get("signature").asText()).as("signed").isNotEqualTo("none");
            assertThat(activity.get("actor").asText()).startsWith(loa.env().get("LOA_BASE_URL") + "/ap/");
        }
        assertThat(got.get(0).get("id").asText()).isEqualTo(object + "#create");
        assertThat(got.get(0).get("objectType").asText()).isIn("Article", "Note");
        assertThat(got.get(1).get("id").asText()).isEqualTo(object + "#update-" + corrected.toEpochMilli());
        assertThat(Instant.parse(got.get(1).get("objectUpdated").asText()))
                .as("the correction's time")
                .isEqualTo(corrected);
        assertThat(got.get(2).get("id").asText()).isEqualTo(object + "#delete");
        assertThat(got.get(2).get("objectType").asText()).isEqualTo("Tombstone");
    }

    @Test
    void anUnsignedPostToTheInboxIsRefusedWith401() {
        follower.awaitFollowing(loa, "/ap/sections/thoi-su");
        for (String inbox : List.of("/ap/sections/thoi-su/inbox", "/ap/inbox")) {
            String follow = Fixtures.JSON
                    .createObjectNode()
                    .put("@context", "https://www.w3.org/ns/activitystreams")
                    .put("id", follower.origin() + "/follows/unsigned")
                    .put("type", "Follow")
                    .put("actor", follower.actor())
                    .put("object", loa.uri("/ap/sections/thoi-su").toString())
                    .toString();
            HttpResponse<String> answer = loa.send(HttpRequest.newBuilder(loa.uri(inbox))
                    .header("Content-Type", "application/activity+json")
                    .POST(HttpRequest.BodyPublishers.ofString(follow, StandardCharsets.UTF_8)));
            assertThat(answer.statusCode()).as(inbox + ": " + answer.body()).isEqualTo(401);
            assertThat(answer.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        }
    }

    @Test
    void aPostSignedWithAKeyThatIsNotTheSendersIsRefusedWith401() {
        follower.awaitFollowing(loa, "/ap/sections/thoi-su");
        String inbox = loa.uri("/ap/sections/thoi-su/inbox").toString();
        for (String spec : List.of("draft-cavage-http-signatures-12", "rfc9421")) {
            JsonNode forged = follower.send(inbox, "wrong", spec);
            assertThat(forged.get("status").asInt())
                    .as(spec + ", signed with another key than the follower's: " + forged.get("body"))
                    .isEqualTo(401);
        }
        JsonNode right = follower.send(inbox, "right", "draft-cavage-http-signatures-12");
        assertThat(right.get("status").asInt())
                .as("the same Follow signed with the follower's own key: " + right.get("body"))
                .isBetween(200, 299);
        assertThat(followers(loa, "/ap/sections/thoi-su"))
                .as("followed once, however often")
                .isEqualTo(1);
    }

    /** The types of what the follower received about {@code object}, in order. */
    static List<String> types(String object) {
        return received(object).stream().map(a -> a.get("type").asText()).toList();
    }

    static List<JsonNode> received(String object) {
        List<JsonNode> about = new ArrayList<>();
        for (JsonNode activity : follower.received()) {
            if (activity.get("objectId").asText().equals(object)) {
                about.add(activity);
            }
        }
        return about;
    }

    /** The followers of the actor at {@code path}, as its followers collection counts them. */
    static long followers(TestServer loa, String path) {
        HttpResponse<String> answer = loa.send(
                HttpRequest.newBuilder(loa.uri(path + "/followers")).header("Accept", "application/activity+json"));
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return json(answer.body()).get("totalItems").asLong();
    }

    static JsonNode json(String text) {
        try {
            return Fixtures.JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The Fedify follower, {@code src/test/fedify/follower.mjs}, in a process of its own. */
    record Follower(Process process, int port, List<String> said, HttpClient http) implements AutoCloseable {

        static Follower start(Path node, String target, String loa) throws IOException {
            int port = freePort();
            Path log = Path.of("target", "fedify-follower.log").toAbsolutePath();
            Files.createDirectories(log.getParent());
            Process process = new ProcessBuilder(
                            node.toString(),
                            "follower.mjs",
                            "--port",
                            String.valueOf(port),
                            "--target",
                            target,
                            "--loa",
                            loa)
                    .directory(HARNESS.toFile())
                    .redirectError(log.toFile())
                    .start();
            Follower follower = new Follower(process, port, new CopyOnWriteArrayList<>(), HttpClient.newHttpClient());
            Thread reader = new Thread(
                    () -> {
                        try (BufferedReader lines = new BufferedReader(
                                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                            lines.lines().forEach(follower.said()::add);
                        } catch (IOException | UncheckedIOException e) {
                            // The process ended.
                        }
                    },
                    "fedify-follower-stdout");
            reader.setDaemon(true);
            reader.start();
            try {
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> follower.said().contains("READY") || !process.isAlive());
                assertThat(process.isAlive())
                        .as("the follower runs; its log is " + log)
                        .isTrue();
            } catch (RuntimeException | AssertionError e) {
                follower.close();
                throw e;
            }
            return follower;
        }

        String origin() {
            return "http://127.0.0.1:" + port;
        }

        String actor() {
            return origin() + "/users/follower";
        }

        /** Waits until the follower has sent its Follow and Loa counts it among the actor's followers. */
        void awaitFollowing(TestServer loa, String actorPath) {
            await().atMost(DELIVERED)
                    .until(() ->
                            said.stream().anyMatch(l -> l.startsWith("FOLLOWED") || l.startsWith("FOLLOW-FAILED")));
            assertThat(said).as("what the follower said").anyMatch(l -> l.startsWith("FOLLOWED "));
            await().atMost(DELIVERED).until(() -> followers(loa, actorPath) == 1);
        }

        List<JsonNode> received() {
            List<JsonNode> all = new ArrayList<>();
            get("/received").forEach(all::add);
            return all;
        }

        /** Has the follower send a Follow to {@code inbox}, signed with its own key or a wrong one. */
        JsonNode send(String inbox, String key, String spec) {
            return call(HttpRequest.newBuilder(URI.create(origin() + "/send?inbox="
                            + URLEncoder.encode(inbox, StandardCharsets.UTF_8) + "&key=" + key + "&spec=" + spec))
                    .POST(HttpRequest.BodyPublishers.noBody()));
        }

        private JsonNode get(String path) {
            return call(HttpRequest.newBuilder(URI.create(origin() + path)));
        }

        private JsonNode call(HttpRequest.Builder request) {
            try {
                HttpResponse<String> answer = http.send(
                        request.timeout(Duration.ofSeconds(30)).build(),
                        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
                return json(answer.body());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        /** Stops the follower's own process (by its PID), and waits for it to end. */
        @Override
        public void close() {
            process.destroy();
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
