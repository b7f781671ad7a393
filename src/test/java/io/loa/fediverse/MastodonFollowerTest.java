package io.loa.fediverse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.loa.Fixtures;
import io.loa.ServerPerClass;
import io.loa.ServerSetup;
import io.loa.TestClock;
import io.loa.TestServer;
import io.loa.config.FediverseConfig;
import io.loa.httpsig.ActorKey;
import io.loa.httpsig.HttpSigner;
import io.loa.httpsig.KeySource;
import io.loa.httpsig.Pem;
import io.loa.httpsig.Refusal;
import io.loa.httpsig.SignatureVerifier;
import io.loa.httpsig.TestKeys;
import io.loa.httpsig.Verification;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Loa as a Mastodon server meets it: a fake Mastodon on loopback (accounts with fresh RSA keys, a shared inbox)
 * finds {@code acct:thoi-su@…} by WebFinger, follows it with a signed Follow and gets a signed Accept that verifies
 * with the key Loa publishes; an article published, corrected and deleted arrives as Create, Update and Delete,
 * once at the shared inbox however many of its accounts follow, signed and verifying; a scheduled one only once it
 * is released; the receipts show each delivery. Unsigned, badly signed and wrong-digest POSTs are refused (401)
 * and keep nothing.
 */
class MastodonFollowerTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final TestClock clock = new TestClock(TestServer.NOW);
    static final Mastodon mastodon = new Mastodon();

    @RegisterExtension
    static final ServerPerClass loa = new ServerPerClass(ServerSetup.defaults()
            .settings(Map.of("LOA_WEBSUB_ALLOW_PRIVATE_CALLBACKS", "true", "LOA_WEBHOOK_RETRIES", "200ms,200ms"))
            .clock(clock)
            .site(site -> site.fediverse(new FediverseConfig(
                    true, Optional.of("baohatinh.vn"), Optional.of("baohatinh"), FediverseConfig.ObjectType.ARTICLE))));

    static String section;

    @BeforeAll
    static void follow() {
        section = webfinger("acct:thoi-su@baohatinh.vn");
        HttpResponse<String> followed = post("/ap/inbox", mastodon.follow("alice", section), mastodon.signer("alice"));
        assertThat(followed.statusCode()).as(followed.body()).isEqualTo(202);
        // bob, on the same server, follows the site: the server still gets each article once.
        HttpResponse<String> second = post(
                "/ap/site/inbox", mastodon.follow("bob", loa.server().baseUrl() + "/ap/site"), mastodon.signer("bob"));
        assertThat(second.statusCode()).as(second.body()).isEqualTo(202);
    }

    @AfterAll
    static void stop() {
        mastodon.close();
    }

    @Test
    void aFollowIsAnsweredWithAnAcceptSignedWithTheKeyLoaPublishes() {
        Mastodon.Received accept = await().atMost(Duration.ofSeconds(10))
                .until(() -> mastodon.find("/users/alice/inbox", "Accept"), r -> r != null);
        JsonNode body = accept.json();
        assertThat(body.get("actor").asText()).isEqualTo(section);
        assertThat(body.at("/object/type").asText()).isEqualTo("Follow");
        assertThat(body.at("/object/id").asText()).isEqualTo(mastodon.actor("alice") + "#follow");
        assertThat(body.at("/object/object").asText()).isEqualTo(section);
        assertThat(accept.header("Content-Type")).startsWith("application/activity+json");
        assertThat(verify(accept)).isEqualTo(section);
        assertThat(followers(section)).isEqualTo(1);
    }

    @Test
    void anArticleArrivesAsCreateUpdateAndDeleteOnceAtTheSharedInboxSignedByItsSection() throws IOException {
        loa.server()
                .putArticle(
                        "ap-1", Fixtures.article("Tin đầu tiên", "thoi-su", "2025-02-28T08:00:00+07:00"), loa.token());
        String object = loa.server().baseUrl() + "/articles/" + slug("ap-1");
        Mastodon.Received create = await().atMost(Duration.ofSeconds(10))
                .until(() -> mastodon.find("/inbox", "Create", object), r -> r != null);
        assertThat(create.json().get("actor").asText())
                .as("the most specific account followed")
                .isEqualTo(section);
        assertThat(create.json().at("/object/id").asText()).isEqualTo(object);
        assertThat(create.json().at("/object/name").asText()).isEqualTo("Tin đầu tiên");
        assertThat(verify(create)).isEqualTo(section);

        var corrected = Fixtures.article("Tin đầu tiên, đã sửa", "thoi-su", "2025-02-28T08:00:00+07:00");
        corrected.put("updated", "2025-02-28T10:00:00+07:00");
        loa.server().putArticle("ap-1", corrected, loa.token());
        Mastodon.Received update = await().atMost(Duration.ofSeconds(10))
                .until(() -> mastodon.find("/inbox", "Update", object), r -> r != null);
        assertThat(update.json().at("/object/name").asText()).isEqualTo("Tin đầu tiên, đã sửa");
        assertThat(update.json().at("/object/updated").asText()).isEqualTo("2025-02-28T03:00:00Z");
        assertThat(verify(update)).isEqualTo(section);

        loa.server().delete("/api/articles/ap-1", loa.token());
        Mastodon.Received delete = await().atMost(Duration.ofSeconds(10))
                .until(() -> mastodon.find("/inbox", "Delete", object), r -> r != null);
        assertThat(delete.json().at("/object/type").asText()).isEqualTo("Tombstone");
        assertThat(delete.json().at("/object/id").asText()).isEqualTo(object);
        assertThat(verify(delete)).isEqualTo(section);

        assertThat(mastodon.received.stream().filter(r -> r.mentions(object)))
                .as("one of each at the shared inbox, none at the personal ones")
                .extracting(r -> r.path() + " " + r.json().get("type").asText())
                .containsExactly("/inbox Create", "/inbox Update", "/inbox Delete");

        JsonNode receipts = loa.server().deliveries("ap-1", loa.token());
        JsonNode receipt = receipts.at("/channels/fediverse/0");
        assertThat(receipt.get("url").asText()).isEqualTo(mastodon.url("/inbox"));
        assertThat(receipt.get("method").asText()).isEqualTo("POST");
        await().until(() -> loa.server()
                .deliveries("ap-1", loa.token())
                .at("/channels/fediverse/0/state")
                .asText()
                .equals("delivered"));
    }

    @Test
    void aScheduledArticleArrivesOnlyOnceItIsReleased() {
        loa.server()
                .putArticle(
                        "ap-later",
                        Fixtures.article("Tin hẹn giờ", "thoi-su", "2025-03-01T12:00:00+07:00"),
                        loa.token());
        loa.server()
                .putArticle(
                        "ap-now", Fixtures.article("Tin ngay", "thoi-su", "2025-02-28T09:00:00+07:00"), loa.token());
        String later = loa.server().baseUrl() + "/articles/" + slug("ap-later");
        String now = loa.server().baseUrl() + "/articles/" + slug("ap-now");
        // Taken from the stream after the scheduled one: by its delivery, the scheduled one was passed over.
        await().atMost(Duration.ofSeconds(10)).until(() -> mastodon.find("/inbox", "Create", now) != null);
        assertThat(mastodon.find("/inbox", "Create", later)).isNull();
        clock.advance(Duration.ofHours(6));
        await().atMost(Duration.ofSeconds(10)).until(() -> mastodon.find("/inbox", "Create", later) != null);
    }

    @Test
    void unsignedBadlySignedAndWrongDigestPostsAreRefusedAndKeepNothing() throws GeneralSecurityException {
        String follow = mastodon.follow("carol", section);
        HttpResponse<String> unsigned = post("/ap/inbox", follow, Map.of());
        assertThat(unsigned.statusCode()).isEqualTo(401);
        assertThat(unsigned.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(json(unsigned.body()).get("status").asInt()).isEqualTo(401);

        KeyPair stranger = TestKeys.fresh();
        HttpSigner wrongKey =
                new HttpSigner(mastodon.actor("carol") + "#main-key", stranger.getPrivate(), Clock.systemUTC());
        assertThat(post("/ap/inbox", follow, wrongKey).statusCode()).isEqualTo(401);

        Map<String, String> signed = mastodon.signer("carol")
                .sign("POST", loa.server().uri("/ap/inbox"), follow.getBytes(StandardCharsets.UTF_8));
        String changed = follow.replace("#follow", "#follow-changed");
        assertThat(post("/ap/inbox", changed, signed).statusCode())
                .as("a digest of another body")
                .isEqualTo(401);

        assertThat(post("/ap/inbox", mastodon.follow("alice", section), mastodon.signer("carol"))
                        .statusCode())
                .as("signed by another actor than the activity's")
                .isEqualTo(401);
        assertThat(post("/ap/sections/khong-co/inbox", follow, mastodon.signer("carol"))
                        .statusCode())
                .isEqualTo(404);
        assertThat(followers(section)).as("only alice").isEqualTo(1);
        assertThat(mastodon.find("/users/carol/inbox", "Accept")).isNull();
    }

    /**
     * Mastodon tells of a deleted account with a Delete signed by the account's key, which its server no longer
     * serves: Loa, holding no copy of the key, cannot verify it, and asks the account's server instead.
     */
    @Test
    void theDeleteOfAnAccountGoneWithItsKeyDropsItsFollowsOnceItsServerSaysSo() {
        String site = loa.server().baseUrl() + "/ap/site";
        assertThat(post("/ap/site/inbox", mastodon.follow("erin", site), mastodon.signer("erin"))
                        .statusCode())
                .isEqualTo(202);
        int following = followers(site);
        String delete = JSON.createObjectNode()
                .put("@context", "https://www.w3.org/ns/activitystreams")
                .put("id", mastodon.actor("erin") + "#delete")
                .put("type", "Delete")
                .put("actor", mastodon.actor("erin"))
                .put("object", mastodon.actor("erin"))
                .toString();
        // Key ids Loa has not read before, as when its copy of the key has long expired.
        assertThat(post("/ap/inbox", delete, mastodon.signer("erin", "#other-key"))
                        .statusCode())
                .as("the account's server still serves it: the unverified Delete is refused")
                .isEqualTo(401);
        assertThat(followers(site)).isEqualTo(following);

        mastodon.gone.add("erin");
        assertThat(post("/ap/inbox", delete, Map.of()).statusCode())
                .as("unsigned, it is refused even so")
                .isEqualTo(401);
        assertThat(followers(site)).isEqualTo(following);
        assertThat(post("/ap/inbox", delete, mastodon.signer("erin", "#deleted-key"))
                        .statusCode())
                .isEqualTo(202);
        assertThat(followers(site)).isEqualTo(following - 1);
    }

    @Test
    void theFollowersShowInTheAudienceAndTheMetricsWithTheInboxesOutcomes() {
        JsonNode audience = json(loa.server()
                .send(HttpRequest.newBuilder(loa.server().uri("/api/audience"))
                        .header("Authorization", "Bearer " + loa.token()))
                .body());
        assertThat(audience.at("/fediverse/followers/section:thoi-su").asInt()).isEqualTo(1);
        assertThat(audience.at("/fediverse/followers/site").asInt()).isEqualTo(1);
        String metrics = loa.server().get("/metrics").body();
        assertThat(metrics).contains("loa_fediverse_followers{kind=\"section\"} 1.0");
        assertThat(metrics).contains("loa_fediverse_followers{kind=\"site\"} 1.0");
        assertThat(metrics).contains("loa_fediverse_followers{kind=\"author\"} 0.0");
        assertThat(metrics).containsPattern("loa_fediverse_inbox_total\\{outcome=\"followed\"\\} [1-9]");
    }

    @Test
    void aFailingServerIsTriedAgainAndHoldsUpNoOther() {
        Mastodon failing = new Mastodon().answering(500, 1);
        try {
            post("/ap/inbox", failing.follow("dan", section), failing.signer("dan"));
            await().atMost(Duration.ofSeconds(10))
                    .alias("the Accept, refused once, then taken")
                    .until(() -> failing.received.stream()
                                    .filter(r -> r.path().equals("/users/dan/inbox"))
                                    .count()
                            == 2);
            failing.answering(500, 2);
            loa.server()
                    .putArticle(
                            "ap-both",
                            Fixtures.article("Tin cho hai máy", "thoi-su", "2025-02-28T09:30:00+07:00"),
                            loa.token());
            String object = loa.server().baseUrl() + "/articles/" + slug("ap-both");
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> loa.server()
                            .deliveries("ap-both", loa.token())
                            .at("/channels/fediverse")
                            .findValuesAsText("state")
                            .equals(List.of("delivered", "delivered")));
            List<Mastodon.Received> tries = failing.received.stream()
                    .filter(r -> r.path().equals("/inbox") && r.mentions(object))
                    .toList();
            assertThat(tries).as("two failures, then delivered").hasSize(3);
            Mastodon.Received delivered = mastodon.find("/inbox", "Create", object);
            assertThat(delivered.nanos())
                    .as("not held up by the failing server")
                    .isLessThan(tries.get(2).nanos());
            JsonNode receipts = loa.server().deliveries("ap-both", loa.token()).at("/channels/fediverse");
            assertThat(receipts.findValuesAsText("url"))
                    .containsExactlyInAnyOrder(mastodon.url("/inbox"), failing.url("/inbox"));
            assertThat(receipts.findValues("attempts"))
                    .extracting(JsonNode::asInt)
                    .containsExactlyInAnyOrder(1, 3);
        } finally {
            String undo = JSON.createObjectNode()
                    .put("id", failing.actor("dan") + "#undo")
                    .put("type", "Undo")
                    .put("actor", failing.actor("dan"))
                    .set("object", json(failing.follow("dan", section)))
                    .toString();
            assertThat(post("/ap/inbox", undo, failing.signer("dan")).statusCode())
                    .isEqualTo(202);
            failing.close();
        }
    }

    // --- Loa, as a server sees it

    static String webfinger(String resource) {
        HttpResponse<String> found = loa.server()
                .get("/.well-known/webfinger?resource=" + URLEncoder.encode(resource, StandardCharsets.UTF_8));
        assertThat(found.statusCode()).as(found.body()).isEqualTo(200);
        return json(found.body()).at("/links/0/href").asText();
    }

    static HttpResponse<String> post(String path, String body, HttpSigner signer) {
        return post(path, body, signer.sign("POST", loa.server().uri(path), body.getBytes(StandardCharsets.UTF_8)));
    }

    static HttpResponse<String> post(String path, String body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(loa.server().uri(path))
                .header("Content-Type", "application/activity+json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        // The client sends the Host it signs (the URL's); it may not set it itself.
        headers.forEach((name, value) -> {
            if (!name.equalsIgnoreCase("Host")) {
                request.header(name, value);
            }
        });
        return loa.server().send(request);
    }

    /** The owner of the key that signed what Loa sent, read from the actor document Loa publishes. */
    static String verify(Mastodon.Received received) {
        KeySource published = keyId -> {
            String actor = keyId.substring(0, keyId.indexOf('#'));
            JsonNode doc = json(loa.server()
                    .send(HttpRequest.newBuilder(URI.create(actor)).header("Accept", "application/activity+json"))
                    .body());
            try {
                return new ActorKey(
                        keyId,
                        doc.at("/publicKey/owner").asText(),
                        Pem.publicKey(doc.at("/publicKey/publicKeyPem").asText()));
            } catch (GeneralSecurityException e) {
                throw new KeySource.KeyUnavailable(Refusal.KEY_INVALID, e.getMessage());
            }
        };
        Verification verification = new SignatureVerifier(
                        published, Clock.systemUTC(), SignatureVerifier.MAX_AGE, SignatureVerifier.MAX_AHEAD, "http")
                .verify("POST", received.path(), received.headers(), received.body());
        assertThat(verification).isInstanceOf(Verification.Verified.class);
        return ((Verification.Verified) verification).actor();
    }

    static int followers(String actor) {
        return json(loa.server()
                        .send(HttpRequest.newBuilder(URI.create(actor + "/followers"))
                                .header("Accept", "application/activity+json"))
                        .body())
                .get("totalItems")
                .asInt();
    }

    static String slug(String id) {
        return json(loa.server()
                        .send(HttpRequest.newBuilder(loa.server().uri("/api/articles/" + id))
                                .header("Authorization", "Bearer " + loa.token()))
                        .body())
                .get("slug")
                .asText();
    }

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A Mastodon server as far as Loa meets it: accounts with keys, a shared inbox, every POST recorded. */
    static final class Mastodon implements AutoCloseable {

        record Received(String path, Map<String, List<String>> headers, byte[] body, long nanos) {
            JsonNode json() {
                return MastodonFollowerTest.json(new String(body, StandardCharsets.UTF_8));
            }

            String header(String name) {
                return headers.entrySet().stream()
                        .filter(e -> e.getKey().equalsIgnoreCase(name))
                        .map(e -> e.getValue().get(0))
                        .findFirst()
                        .orElse(null);
            }

            boolean mentions(String object) {
                return json().at("/object/id").asText().equals(object);
            }
        }

        final List<Received> received = new CopyOnWriteArrayList<>();
        private volatile int status = 202;
        private final AtomicInteger failing = new AtomicInteger();
        private final Map<String, KeyPair> keys = Map.of(
                "alice",
                TestKeys.fresh(),
                "bob",
                TestKeys.fresh(),
                "carol",
                TestKeys.fresh(),
                "dan",
                TestKeys.fresh(),
                "erin",
                TestKeys.fresh());
        /** Accounts deleted: their documents and keys answer 410 Gone. */
        final Set<String> gone = ConcurrentHashMap.newKeySet();

        private final HttpServer server;

        Mastodon() {
            try {
                server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            server.createContext("/", exchange -> {
                try (exchange) {
                    byte[] body = exchange.getRequestBody().readAllBytes();
                    String path = exchange.getRequestURI().getPath();
                    if (exchange.getRequestMethod().equals("POST")) {
                        received.add(
                                new Received(path, Map.copyOf(exchange.getRequestHeaders()), body, System.nanoTime()));
                        exchange.sendResponseHeaders(failing.getAndDecrement() > 0 ? status : 202, -1);
                        return;
                    }
                    String name = path.startsWith("/users/") ? path.substring("/users/".length()) : "";
                    if (!keys.containsKey(name)) {
                        exchange.sendResponseHeaders(404, -1);
                        return;
                    }
                    if (gone.contains(name)) {
                        exchange.sendResponseHeaders(410, -1);
                        return;
                    }
                    byte[] doc = actorDocument(name).getBytes(StandardCharsets.UTF_8);
                    exchange.getResponseHeaders().add("Content-Type", "application/activity+json");
                    exchange.sendResponseHeaders(200, doc.length);
                    exchange.getResponseBody().write(doc);
                }
            });
            server.setExecutor(Executors.newFixedThreadPool(4));
            server.start();
        }

        /** The next {@code times} POSTs are answered {@code answer}, those after 202. */
        Mastodon answering(int answer, int times) {
            status = answer;
            failing.set(times);
            return this;
        }

        String url(String path) {
            return "http://127.0.0.1:" + server.getAddress().getPort() + path;
        }

        String actor(String name) {
            return url("/users/" + name);
        }

        HttpSigner signer(String name) {
            return signer(name, "#main-key");
        }

        HttpSigner signer(String name, String keyFragment) {
            return new HttpSigner(actor(name) + keyFragment, keys.get(name).getPrivate(), Clock.systemUTC());
        }

        String follow(String name, String object) {
            return JSON.createObjectNode()
                    .put("@context", "https://www.w3.org/ns/activitystreams")
                    .put("id", actor(name) + "#follow")
                    .put("type", "Follow")
                    .put("actor", actor(name))
                    .put("object", object)
                    .toString();
        }

        private String actorDocument(String name) {
            var doc = JSON.createObjectNode()
                    .put("@context", "https://www.w3.org/ns/activitystreams")
                    .put("id", actor(name))
                    .put("type", "Person")
                    .put("preferredUsername", name)
                    .put("inbox", actor(name) + "/inbox");
            doc.putObject("endpoints").put("sharedInbox", url("/inbox"));
            doc.putObject("publicKey")
                    .put("id", actor(name) + "#main-key")
                    .put("owner", actor(name))
                    .put("publicKeyPem", Pem.of(keys.get(name).getPublic()));
            return doc.toString();
        }

        /** The first POST to {@code path} of that type (and about that object, if named), or null. */
        Received find(String path, String type, String... object) {
            return received.stream()
                    .filter(r -> r.path().equals(path))
                    .filter(r -> r.json().path("type").asText().equals(type))
                    .filter(r -> object.length == 0 || r.mentions(object[0]))
                    .findFirst()
                    .orElse(null);
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
