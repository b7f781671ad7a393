package io.loa.httpsig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.loa.httpsig.KeySource.KeyUnavailable;
import io.loa.httpsig.Verification.Refused;
import io.loa.httpsig.Verification.Verified;
import io.loa.net.HostLookup;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The senders' keys fetched from a small server on loopback that plays the remote actor: the fetch is a signed
 * GET, the key is cached (failures too), and bad documents, large or slow answers, foreign redirects and private
 * addresses without the site's switch are refused.
 */
class RemoteKeysTest {

    private static final KeyPair SITE = TestKeys.fresh();
    private static final String SITE_KEY = "https://news.example/ap/site#main-key";

    private HttpServer server;
    private String base;
    private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
    private final Map<String, Function<HttpExchange, Answer>> routes = new ConcurrentHashMap<>();
    private final List<Map<String, List<String>>> requests = new CopyOnWriteArrayList<>();
    private final AtomicReference<KeyPair> alice = new AtomicReference<>(TestKeys.fresh());
    private RemoteKeys keys;

    @SuppressWarnings("ArrayRecordComponent") // never compared
    private record Answer(int status, Map<String, String> headers, byte[] body) {}

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            hits.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
            requests.add(Map.copyOf(exchange.getRequestHeaders()));
            Answer answer = routes.getOrDefault(path, e -> new Answer(404, Map.of(), new byte[0]))
                    .apply(exchange);
            answer.headers()
                    .forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
            exchange.sendResponseHeaders(answer.status(), answer.body().length == 0 ? -1 : answer.body().length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer.body());
            } catch (IOException e) {
                // the client gave up reading, as it should for a long answer
            }
        });
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
        routes.put("/users/alice", e -> json(actor(base + "/users/alice", base + "/users/alice")));
        keys = remoteKeys(true, HostLookup.SYSTEM);
    }

    @AfterEach
    void stop() {
        keys.close();
        server.stop(0);
    }

    @Test
    void aSignedPostVerifiesWithTheKeyFetchedWithASignedGet() {
        Verification verification = verifier().verify("POST", "/inbox", signedByAlice(), body());
        assertThat(verification).isEqualTo(new Verified(aliceKey(), base + "/users/alice"));

        Map<String, List<String>> fetch = requests.get(0);
        assertThat(fetch.get("Accept")).containsExactly("application/activity+json, application/ld+json");
        assertThat(fetch.get("Signature").get(0))
                .startsWith(
                        "keyId=\"" + SITE_KEY + "\",algorithm=\"rsa-sha256\",headers=\"(request-target) host date\"");
        assertThat(fetch.get("Host"))
                .containsExactly("127.0.0.1:" + server.getAddress().getPort());
    }

    @Test
    void aKeyIsFetchedOnceAndThenComesFromTheCache() throws Exception {
        assertThat(verifier().verify("POST", "/inbox", signedByAlice(), body())).isInstanceOf(Verified.class);
        assertThat(verifier().verify("POST", "/inbox", signedByAlice(), body())).isInstanceOf(Verified.class);
        assertThat(keys.key(aliceKey()).owner()).isEqualTo(base + "/users/alice");
        assertThat(hits.get("/users/alice")).hasValue(1);
    }

    @Test
    void aFailureIsCachedToo() {
        String missing = base + "/users/nobody#main-key";
        assertThatThrownBy(() -> keys.key(missing))
                .satisfies(e -> assertThat(reason(e)).isEqualTo(Refusal.KEY_UNAVAILABLE))
                .hasMessageContaining("answered 404");
        assertThatThrownBy(() -> keys.key(missing)).isInstanceOf(KeyUnavailable.class);
        assertThat(hits.get("/users/nobody")).hasValue(1);
    }

    @Test
    void aRotatedKeyIsFetchedAgainOnceAWhile() {
        assertThat(verifier().verify("POST", "/inbox", signedByAlice(), body())).isInstanceOf(Verified.class);
        alice.set(TestKeys.fresh());
        assertThat(verifier().verify("POST", "/inbox", signedByAlice(), body())).isInstanceOf(Verified.class);
        assertThat(hits.get("/users/alice")).hasValue(2);

        alice.set(TestKeys.fresh()); // rotated again within minutes: not fetched again yet
        assertThat(reason(verifier().verify("POST", "/inbox", signedByAlice(), body())))
                .isEqualTo(Refusal.BAD_SIGNATURE);
        assertThat(hits.get("/users/alice")).hasValue(2);
    }

    @Test
    void theKeyObjectAloneIsReadAsWellAsTheActor() throws Exception {
        routes.put(
                "/keys/alice",
                e -> json(String.format(
                        "{\"id\":\"%s\",\"owner\":\"%s\",\"publicKeyPem\":%s}",
                        base + "/keys/alice",
                        base + "/users/alice",
                        quoted(Pem.of(alice.get().getPublic())))));
        assertThat(keys.key(base + "/keys/alice").owner()).isEqualTo(base + "/users/alice");
    }

    @Test
    void aKeyWhoseOwnerIsNotTheActorIsRefused() {
        routes.put("/users/mallory", e -> json(actor(base + "/users/mallory", base + "/users/alice")));
        assertThatThrownBy(() -> keys.key(base + "/users/mallory#main-key"))
                .satisfies(e -> assertThat(reason(e)).isEqualTo(Refusal.KEY_INVALID))
                .hasMessageContaining("is not the actor");
        routes.put(
                "/keys/elsewhere",
                e -> json(String.format(
                        "{\"id\":\"%s\",\"owner\":\"https://other.example/users/a\",\"publicKeyPem\":%s}",
                        base + "/keys/elsewhere", quoted(Pem.of(alice.get().getPublic())))));
        assertThatThrownBy(() -> keys.key(base + "/keys/elsewhere"))
                .satisfies(e -> assertThat(reason(e)).isEqualTo(Refusal.KEY_INVALID))
                .hasMessageContaining("another origin");
    }

    @Test
    void aDocumentOverTheBoundIsNotRead() {
        String padding = "x".repeat(RemoteKeys.MAX_DOCUMENT_BYTES);
        routes.put("/users/big", e -> json("{\"padding\":\"" + padding + "\"}"));
        assertThatThrownBy(() -> keys.key(base + "/users/big#main-key"))
                .satisfies(e -> assertThat(reason(e)).isEqualTo(Refusal.KEY_UNAVAILABLE));
    }

    @Test
    void aServerThatDoesNotAnswerInTimeIsGivenUpOn() {
        routes.put("/users/slow", e -> {
            try {
                Thread.sleep(RemoteKeys.TIMEOUT.toMillis() + 2_000);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
            return json("{}");
        });
        assertThatThrownBy(() -> keys.key(base + "/users/slow#main-key"))
                .satisfies(e -> assertThat(reason(e)).isEqualTo(Refusal.KEY_UNAVAILABLE))
                .hasMessageContaining("Timeout");
    }

    @Test
    void redirectsAreFollowedOnTheKeysOriginOnly() throws Exception {
        routes.put("/@alice", e -> new Answer(301, Map.of("Location", "/users/alice"), new byte[0]));
        routes.put("/users/alice2", e -> json(actor(base + "/users/alice2", base + "/users/alice2")));
        routes.put("/@alice2", e -> new Answer(302, Map.of("Location", base + "/users/alice2"), new byte[0]));
        assertThat(keys.key(base + "/users/alice2#main-key").owner()).isEqualTo(base + "/users/alice2");

        routes.put(
                "/@away",
                e -> new Answer(
                        302,
                        Map.of(
                                "Location",
                                "http://localhost:" + server.getAddress().getPort() + "/users/alice"),
                        new byte[0]));
        assertThatThrownBy(() -> keys.key(base + "/@away#main-key")).hasMessageContaining("another origin");
        routes.put("/loop", e -> new Answer(302, Map.of("Location", "/loop"), new byte[0]));
        assertThatThrownBy(() -> keys.key(base + "/loop#main-key")).hasMessageContaining("redirects");
        assertThat(hits.get("/loop")).hasValue(RemoteKeys.MAX_REDIRECTS + 1);
    }

    @Test
    void privateAddressesAreRefusedWithoutTheSitesSwitch() {
        // A name that resolves to loopback, where the server is: refused by the guard, nothing connects.
        HostLookup keysExample = host -> {
            if (host.equals("keys.example")) {
                return List.of(InetAddress.getLoopbackAddress());
            }
            throw new UnknownHostException(host);
        };
        String named = "http://keys.example:" + server.getAddress().getPort() + "/users/alice#main-key";
        try (RemoteKeys guarded = remoteKeys(false, keysExample)) {
            assertThatThrownBy(() -> guarded.key(named))
                    .satisfies(e -> assertThat(reason(e)).isEqualTo(Refusal.KEY_UNAVAILABLE))
                    .hasMessageContaining("private addresses");
            assertThatThrownBy(() -> guarded.key(aliceKey()))
                    .satisfies(e -> assertThat(reason(e)).isEqualTo(Refusal.KEY_UNAVAILABLE))
                    .hasMessageContaining("127.0.0.1 is a private address");
        }
        assertThat(hits).isEmpty();

        // With the switch the same name is fetched (its document then names another origin, so it is refused).
        try (RemoteKeys allowed = remoteKeys(true, keysExample)) {
            assertThatThrownBy(() -> allowed.key(named))
                    .satisfies(e -> assertThat(reason(e)).isEqualTo(Refusal.KEY_INVALID));
        }
        assertThat(hits.get("/users/alice")).hasValue(1);
    }

    // Helpers

    private RemoteKeys remoteKeys(boolean allowPrivate, HostLookup names) {
        HttpSigner site = new HttpSigner(SITE_KEY, SITE.getPrivate(), Clock.systemUTC());
        return new RemoteKeys(site, allowPrivate, "Loa-test", names);
    }

    private SignatureVerifier verifier() {
        return new SignatureVerifier(keys, Clock.systemUTC());
    }

    private String aliceKey() {
        return base + "/users/alice#main-key";
    }

    private Map<String, List<String>> signedByAlice() {
        HttpSigner signer = new HttpSigner(aliceKey(), alice.get().getPrivate(), Clock.systemUTC());
        Map<String, String> signed = signer.sign("POST", URI.create("https://news.example/inbox"), body());
        return signed.entrySet().stream()
                .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, e -> List.of(e.getValue())));
    }

    private static byte[] body() {
        return "{\"type\":\"Follow\"}".getBytes(StandardCharsets.UTF_8);
    }

    /** Alice's actor document, as it is now (her key may rotate). */
    private String actor(String id, String owner) {
        return String.format(
                "{\"@context\":[\"https://www.w3.org/ns/activitystreams\",\"https://w3id.org/security/v1\"],"
                        + "\"id\":\"%s\",\"type\":\"Person\",\"inbox\":\"%s/inbox\","
                        + "\"publicKey\":{\"id\":\"%s#main-key\",\"owner\":\"%s\",\"publicKeyPem\":%s}}",
                id, id, id, owner, quoted(Pem.of(alice.get().getPublic())));
    }

    private static String quoted(String text) {
        return "\"" + text.replace("\n", "\\n") + "\"";
    }

    private static Answer json(String body) {
        return new Answer(
                200, Map.of("Content-Type", "application/activity+json"), body.getBytes(StandardCharsets.UTF_8));
    }

    private static Refusal reason(Throwable failure) {
        assertThat(failure).isInstanceOf(KeyUnavailable.class);
        return ((KeyUnavailable) failure).reason();
    }

    private static Refusal reason(Verification verification) {
        assertThat(verification).isInstanceOf(Refused.class);
        return ((Refused) verification).reason();
    }
}
