package io.loa.websub;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.rometools.rome.feed.synd.SyndEntry;
import com.rometools.rome.feed.synd.SyndFeed;
import io.loa.Fixtures;
import io.loa.ServerPerClass;
import io.loa.ServerSetup;
import io.loa.TestDatabase;
import io.loa.TestServer;
import io.loa.TestSite;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.awaitility.Awaitility;
import org.jdom2.Element;
import org.jdom2.Namespace;
import org.jdom2.input.SAXBuilder;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Loa as the WebSub hub of its feeds, seen by subscribers written from the specification (see {@link Subscriber}):
 * verification of intent, signed content distribution, retries, 410, leases, unsubscribing, denials.
 */
class WebSubTest {

    static final Duration SOON = Duration.ofSeconds(10);
    /** Long enough for a delivery that should not happen to have happened. */
    static final Duration QUIET = Duration.ofMillis(1500);

    static final String TOPIC_PATH = "/feeds/thoi-su.atom";

    @RegisterExtension
    static final ServerPerClass loa = new ServerPerClass(loopbackHub(site -> site));

    static TestServer server;
    static String token;
    static final AtomicInteger articles = new AtomicInteger();

    @BeforeAll
    static void start() {
        server = loa.server();
        token = server.token("desk");
    }

    /** A hub with short leases and retries, so that expiry and backoff happen within a test. */
    static ServerSetup hub(UnaryOperator<TestSite> site) {
        return ServerSetup.defaults()
                .site(s -> site.apply(s.minLeaseSeconds(2).firstRetryMillis(200).maxAttempts(4)));
    }

    /** The same, calling callbacks on loopback, where the subscribers of these tests are. */
    static ServerSetup loopbackHub(UnaryOperator<TestSite> site) {
        return hub(site).setting("LOA_WEBSUB_ALLOW_PRIVATE_CALLBACKS", "true");
    }

    /** Room for as many requests waiting as a test files at once, from its one address, for its one host. */
    static TestSite roomy(TestSite site) {
        return site.maxWaitingPerClient(100_000).maxWaitingPerHost(100_000);
    }

    // Discovery

    @Test
    void everyFeedNamesItsHubAndItselfInTheBodyAndTheLinkHeader() throws Exception {
        String hub = server.baseUrl() + "/websub";
        for (String format : List.of("rss", "atom", "json")) {
            String path = "/feeds/thoi-su." + format;
            HttpResponse<String> response = server.get(path);
            assertThat(response.headers().firstValue("Link"))
                    .as(path)
                    .hasValue("<" + hub + ">; rel=\"hub\", <" + server.baseUrl() + path + ">; rel=\"self\"");
            if (format.equals("json")) {
                JsonNode feed = Fixtures.JSON.readTree(response.body());
                assertThat(feed.at("/hubs/0/type").asText()).isEqualTo("WebSub");
                assertThat(feed.at("/hubs/0/url").asText()).isEqualTo(hub);
                assertThat(feed.at("/feed_url").asText()).isEqualTo(server.baseUrl() + path);
            } else {
                byte[] body = response.body().getBytes(StandardCharsets.UTF_8);
                TestServer.parse(body);
                assertThat(atomLinks(body, "hub")).as(path).containsExactly(hub);
                assertThat(atomLinks(body, "self")).as(path).containsExactly(server.baseUrl() + path);
            }
        }
        assertThat(server.get("/feeds/thoi-su.rss?page=2").headers().firstValue("Link"))
                .as("older pages are not topics")
                .isEmpty();
    }

    /** The atom:link elements of an Atom feed or an RSS channel. */
    static List<String> atomLinks(byte[] xml, String rel) throws Exception {
        Namespace atom = Namespace.getNamespace("http://www.w3.org/2005/Atom");
        Element root = new SAXBuilder().build(new ByteArrayInputStream(xml)).getRootElement();
        Element parent = root.getChild("channel") != null ? root.getChild("channel") : root;
        return parent.getChildren("link", atom).stream()
                .filter(l -> rel.equals(l.getAttributeValue("rel")))
                .map(l -> l.getAttributeValue("href"))
                .toList();
    }

    // Subscribing and distribution

    @Test
    void aVerifiedSubscriberGetsTheNewFeedSignedWithItsSecret() throws Exception {
        try (Subscriber subscriber = new Subscriber()) {
            String callback = subscriber.callback("signed");
            String secret = "một bí mật – s3cret";
            assertThat(subscribe(callback, TOPIC_PATH, Map.of("hub.secret", secret, "hub.lease_seconds", "86400"))
                            .statusCode())
                    .isEqualTo(202);
            Subscriber.Verification verification = subscriber.nextVerification(SOON);
            assertThat(verification.mode()).isEqualTo("subscribe");
            assertThat(verification.query())
                    .containsEntry("hub.topic", server.baseUrl() + TOPIC_PATH)
                    .containsEntry("hub.lease_seconds", "86400")
                    .containsEntry("subscriber", "test"); // the callback's own query is kept
            assertThat(verification.query().get("hub.challenge")).hasSizeGreaterThan(16);
            awaitSubscription(callback, "active");

            String id = publish("thoi-su");
            Subscriber.Notification note = subscriber.nextNotification(SOON);
            assertThat(note).as("a notification after publishing").isNotNull();
            HttpResponse<byte[]> get = server.getBytes(TOPIC_PATH);
            assertThat(note.body()).as("the same bytes as a GET").isEqualTo(get.body());
            assertThat(note.header("Content-Type"))
                    .isEqualTo(get.headers().firstValue("Content-Type").orElseThrow());
            assertThat(note.header("Link"))
                    .isEqualTo(get.headers().firstValue("Link").orElseThrow());
            assertThat(note.header("X-Hub-Signature")).isEqualTo("sha256=" + hmac(secret, note.body()));
            SyndFeed feed = TestServer.parse(note.body());
            assertThat(feed.getEntries()).extracting(SyndEntry::getUri).anyMatch(uri -> uri.endsWith(id));
            assertThat(subscriber.nextNotification(QUIET))
                    .as("exactly one notification")
                    .isNull();
            assertThat(server.get("/metrics").body())
                    .containsPattern("loa_websub_calls_total\\{call=\"content\",outcome=\"delivered\",?\\} [1-9]")
                    .containsPattern("loa_websub_calls_total\\{call=\"subscribe\",outcome=\"answered\",?\\} [1-9]");
        }
    }

    @Test
    void aCallbackThatDoesNotEchoTheChallengeStaysInactive() {
        try (Subscriber subscriber = new Subscriber().echoing(false)) {
            String callback = subscriber.callback("no-echo");
            assertThat(subscribe(callback, TOPIC_PATH, Map.of()).statusCode()).isEqualTo(202);
            assertThat(subscriber.nextVerification(SOON).mode()).isEqualTo("subscribe");
            await(() -> request(callback)
                    .map(r -> r.path("state").asText().equals("failed"))
                    .orElse(false));
            assertThat(request(callback).orElseThrow().path("lastError").asText())
                    .contains("without echoing hub.challenge");
            assertThat(subscription(callback)).isEmpty();
            publish("thoi-su");
            assertThat(subscriber.nextNotification(QUIET)).isNull();
        }
    }

    @Test
    void aSubscriberThatFailsTwiceGetsTheFeedOnceWhenItRecovers() {
        try (Subscriber subscriber = new Subscriber().thenAnswer(500, 503)) {
            String callback = active(subscriber, "flaky", TOPIC_PATH);
            String id = publish("thoi-su");
            List<Integer> answered = List.of(
                    subscriber.nextNotification(SOON).answered(),
                    subscriber.nextNotification(SOON).answered(),
                    subscriber.nextNotification(SOON).answered());
            assertThat(answered).containsExactly(500, 503, 204);
            assertThat(subscriber.nextNotification(QUIET))
                    .as("nothing after the one that succeeded")
                    .isNull();
            List<Subscriber.Notification> all = subscriber.notificationsSoFar();
            assertThat(new String(all.get(2).body(), StandardCharsets.UTF_8)).contains(id);
            JsonNode state = subscription(callback).orElseThrow();
            assertThat(state.path("attempts").asInt()).isZero();
            assertThat(state.path("lastStatus").asInt()).isEqualTo(204);
            assertThat(state.path("deliveryDue").asBoolean()).isFalse();
        }
    }

    @Test
    void aSubscriberAnsweringWithALargePageHasStillAnswered() {
        try (Subscriber subscriber = new Subscriber().answering(200).answeringWithBody(200_000)) {
            active(subscriber, "chatty", TOPIC_PATH);
            publish("thoi-su");
            assertThat(subscriber.nextNotification(SOON)).isNotNull();
            assertThat(subscriber.nextNotification(QUIET))
                    .as("no retry of a delivery answered 200")
                    .isNull();
        }
    }

    @Test
    void aSlowHostWithManySubscriptionsHoldsUpNoOtherSubscriber() {
        int slowSubscriptions = Hub.DELIVERIES_IN_FLIGHT + 44;
        try (Subscriber slow = new Subscriber().answeringAfter(Duration.ofSeconds(5));
                Subscriber fast = new Subscriber();
                TestServer hub = loopbackHub(WebSubTest::roomy).start()) {
            for (int i = 0; i < slowSubscriptions; i++) {
                subscribeAt(hub, slow.callback("slow-" + i), TOPIC_PATH);
            }
            subscribeAt(hub, fast.callback("fast"), "/feeds/du-lich.atom");
            await(
                    Duration.ofSeconds(60),
                    () -> slow.verificationsSoFar().size() == slowSubscriptions
                            && fast.verificationsSoFar().size() == 1);
            String desk = hub.token("desk");
            hub.put(
                    "/api/articles/busy-1",
                    Fixtures.article("Tin nóng", "thoi-su", "2025-02-20T09:00:00+07:00")
                            .toString(),
                    desk);
            // More deliveries to the slow host than the hub makes calls at once are now due, and the first are on their
            // way.
            assertThat(slow.nextNotification(SOON)).isNotNull();
            HttpResponse<String> put = hub.put(
                    "/api/articles/busy-2",
                    Fixtures.article("Tin du lịch", "du-lich", "2025-02-20T10:00:00+07:00")
                            .toString(),
                    desk);
            assertThat(put.statusCode()).isEqualTo(201);
            long returned = System.nanoTime();
            Subscriber.Notification note = fast.nextNotification(SOON);
            assertThat(note).isNotNull();
            assertThat(Duration.ofNanos(note.receivedNanos() - returned))
                    .as("while the slow host answers after 5 s and has more deliveries due than there are call slots")
                    .isLessThan(Duration.ofMillis(2500));
        }
    }

    @Test
    void aFanOutToMoreSubscribersThanAHostIsCalledForAtOnceReachesEachOfThemOnce() {
        int perHost = Hub.DELIVERIES_PER_ORIGIN + 36;
        try (Subscriber a = new Subscriber();
                Subscriber b = new Subscriber();
                Subscriber c = new Subscriber();
                TestServer hub = loopbackHub(WebSubTest::roomy).start()) {
            List<Subscriber> hosts = List.of(a, b, c);
            for (Subscriber host : hosts) {
                for (int i = 0; i < perHost; i++) {
                    subscribeAt(hub, host.callback("s" + i), TOPIC_PATH);
                }
            }
            String operator = hub.token("ops");
            await(
                    Duration.ofSeconds(60),
                    () -> topic(view(hub, operator), TOPIC_PATH)
                                    .path("subscribers")
                                    .asInt()
                            == hosts.size() * perHost);
            String id = "fan-out-1";
            hub.put(
                    "/api/articles/" + id,
                    Fixtures.article("Tin cho mọi người", "thoi-su", "2025-02-20T09:00:00+07:00")
                            .toString(),
                    operator);
            for (Subscriber host : hosts) {
                for (int i = 0; i < perHost; i++) {
                    assertThat(host.nextNotification(SOON))
                            .as("notification " + (i + 1) + " of " + perHost)
                            .isNotNull();
                }
            }
            await(() ->
                    topic(view(hub, operator), TOPIC_PATH).path("deliveriesDue").asInt() == 0);
            assertThat(c.nextNotification(QUIET))
                    .as("nothing after the one each")
                    .isNull();
            for (Subscriber host : hosts) {
                List<Subscriber.Notification> got = host.notificationsSoFar();
                assertThat(got)
                        .extracting(Subscriber.Notification::path)
                        .doesNotHaveDuplicates()
                        .hasSize(perHost);
                assertThat(got).allMatch(n -> new String(n.body(), StandardCharsets.UTF_8).contains(id));
            }
        }
    }

    /** The operators' view of one topic: its subscribers and how many have a delivery due. */
    static JsonNode topic(JsonNode view, String path) {
        for (JsonNode topic : view.path("topics")) {
            if (topic.path("topic").asText().endsWith(path)) {
                return topic;
            }
        }
        throw new AssertionError("No topic " + path + " in the view");
    }

    static void subscribeAt(TestServer hub, String callback, String topicPath) {
        HttpResponse<String> response = askAt(hub, "subscribe", callback, topicPath);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    }

    static HttpResponse<String> askAt(TestServer hub, String mode, String callback, String topicPath) {
        return hub.send(HttpRequest.newBuilder(hub.uri("/websub"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(Outbound.form(
                        Map.of("hub.mode", mode, "hub.topic", hub.baseUrl() + topicPath, "hub.callback", callback)))));
    }

    @Test
    void aCallbackAnswering410EndsItsSubscription() {
        try (Subscriber subscriber = new Subscriber().answering(410)) {
            String callback = active(subscriber, "gone", TOPIC_PATH);
            publish("thoi-su");
            assertThat(subscriber.nextNotification(SOON).answered()).isEqualTo(410);
            await(() -> subscription(callback).isEmpty());
            publish("thoi-su");
            assertThat(subscriber.nextNotification(QUIET)).isNull();
        }
    }

    @Test
    void aLeaseRunsOut() {
        try (Subscriber subscriber = new Subscriber()) {
            String callback = subscriber.callback("short-lease");
            subscribe(callback, TOPIC_PATH, Map.of("hub.lease_seconds", "0"));
            assertThat(subscriber.nextVerification(SOON).query())
                    .as("clamped to the configured minimum")
                    .containsEntry("hub.lease_seconds", "2");
            awaitSubscription(callback, "active");
            await(() -> subscription(callback).isEmpty());
            publish("thoi-su");
            assertThat(subscriber.nextNotification(QUIET)).isNull();
        }
    }

    @Test
    void unsubscribingIsVerifiedAndStopsDeliveries() {
        try (Subscriber subscriber = new Subscriber()) {
            String callback = active(subscriber, "leaving", TOPIC_PATH);
            assertThat(form(Map.of(
                                    "hub.mode",
                                    "unsubscribe",
                                    "hub.topic",
                                    server.baseUrl() + TOPIC_PATH,
                                    "hub.callback",
                                    callback))
                            .statusCode())
                    .isEqualTo(202);
            Subscriber.Verification verification = subscriber.nextVerification(SOON);
            assertThat(verification.mode()).isEqualTo("unsubscribe");
            assertThat(verification.query()).containsKey("hub.challenge").doesNotContainKey("hub.lease_seconds");
            await(() -> subscription(callback).isEmpty());
            publish("thoi-su");
            assertThat(subscriber.nextNotification(QUIET)).isNull();
        }
    }

    @Test
    void anotherSectionsChangeSendsNothing() {
        try (Subscriber subscriber = new Subscriber()) {
            active(subscriber, "elsewhere", TOPIC_PATH);
            publish("du-lich");
            assertThat(subscriber.nextNotification(QUIET)).isNull();
            assertThat(subscriber.notificationsSoFar()).isEmpty();
        }
    }

    @Test
    void theAllFeedChangesWithEverySection() throws Exception {
        try (Subscriber subscriber = new Subscriber()) {
            active(subscriber, "everything", "/feeds/all.json");
            String id = publish("du-lich");
            Subscriber.Notification note = subscriber.nextNotification(SOON);
            assertThat(note).isNotNull();
            assertThat(note.header("Content-Type")).startsWith("application/feed+json");
            assertThat(note.header("X-Hub-Signature"))
                    .as("no secret, no signature")
                    .isNull();
            JsonNode feed = Fixtures.JSON.readTree(note.body());
            assertThat(feed.at("/items/0/id").asText()).endsWith(id);
        }
    }

    @Test
    void aDeliveryPendingAtStopIsSentAfterTheServerStartsAgain() throws Exception {
        String database = TestDatabase.fresh();
        ServerSetup restartable = loopbackHub(site -> site).database(database);
        try (Subscriber subscriber = new Subscriber().answering(503)) {
            String callback;
            String id;
            try (TestServer first = restartable.start()) {
                String desk = first.token("desk");
                callback = subscriber.callback("restart");
                first.send(HttpRequest.newBuilder(first.uri("/websub"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(Outbound.form(Map.of(
                                "hub.mode",
                                "subscribe",
                                "hub.topic",
                                first.baseUrl() + TOPIC_PATH,
                                "hub.callback",
                                callback)))));
                assertThat(subscriber.nextVerification(SOON).mode()).isEqualTo("subscribe");
                awaitActive(first, desk, callback);
                id = "restart-1";
                assertThat(first.put(
                                        "/api/articles/" + id,
                                        Fixtures.article("Tin trước khi dừng", "thoi-su", "2025-02-20T09:00:00+07:00")
                                                .toString(),
                                        desk)
                                .statusCode())
                        .isEqualTo(201);
                assertThat(subscriber.nextNotification(SOON).answered())
                        .as("the first attempt fails")
                        .isEqualTo(503);
            }
            subscriber.answering(204);
            int before = subscriber.notificationsSoFar().size();
            try (TestServer second = restartable.start()) {
                Subscriber.Notification note;
                do {
                    note = subscriber.nextNotification(SOON);
                    assertThat(note).as("a notification after the restart").isNotNull();
                } while (note.answered() != 204);
                assertThat(new String(note.body(), StandardCharsets.UTF_8)).contains(id);
                assertThat(note.body()).isEqualTo(second.getBytes(TOPIC_PATH).body());
                assertThat(subscriber.nextNotification(QUIET))
                        .as("delivered once")
                        .isNull();
                assertThat(subscriber
                                .notificationsSoFar()
                                .subList(before, subscriber.notificationsSoFar().size()))
                        .extracting(Subscriber.Notification::answered)
                        .containsOnlyOnce(204);
            }
        } finally {
            TestDatabase.drop(database);
        }
    }

    @Test
    void aScheduledArticleIsDeliveredAtItsTimeAndNotBefore() {
        try (Subscriber subscriber = new Subscriber();
                TestServer hub = loopbackHub(site -> site)
                        .clock(java.time.Clock.systemUTC())
                        .start()) {
            String desk = hub.token("desk");
            String callback = subscriber.callback("scheduled");
            hub.send(HttpRequest.newBuilder(hub.uri("/websub"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(Outbound.form(Map.of(
                            "hub.mode",
                            "subscribe",
                            "hub.topic",
                            hub.baseUrl() + TOPIC_PATH,
                            "hub.callback",
                            callback)))));
            assertThat(subscriber.nextVerification(SOON).mode()).isEqualTo("subscribe");
            awaitActive(hub, desk, callback);
            java.time.Instant at =
                    java.time.Instant.now().plusSeconds(3).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
            assertThat(hub.put(
                                    "/api/articles/scheduled-1",
                                    Fixtures.article("Tin hẹn giờ", "thoi-su", at.toString())
                                            .toString(),
                                    desk)
                            .statusCode())
                    .isEqualTo(201);
            assertThat(subscriber.nextNotification(Duration.ofSeconds(2)))
                    .as("nothing before its time")
                    .isNull();
            Subscriber.Notification note = subscriber.nextNotification(SOON);
            assertThat(note)
                    .as("a notification at its time, with no write then")
                    .isNotNull();
            assertThat(java.time.Instant.now()).isAfterOrEqualTo(at);
            assertThat(new String(note.body(), StandardCharsets.UTF_8)).contains("scheduled-1");
            assertThat(note.body()).isEqualTo(hub.getBytes(TOPIC_PATH).body());
            assertThat(subscriber.nextNotification(QUIET)).as("delivered once").isNull();
        }
    }

    @Test
    void anImportOfManyArticlesIsOneDeliveryPerFeedAtItsEnd() {
        try (Subscriber subscriber = new Subscriber()) {
            String callback = active(subscriber, "import", TOPIC_PATH);
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            int exit = new io.loa.transfer.ImportCommand(
                            new java.io.PrintStream(out, true, StandardCharsets.UTF_8), System.err, false)
                    .run(
                            server.env(),
                            List.of("src/test/resources/import/theme-unit-test-data.xml", "--section", "thoi-su"));
            assertThat(out.toString(StandardCharsets.UTF_8)).contains("imported 56");
            assertThat(exit).isEqualTo(1); // one post without a title
            Subscriber.Notification note = subscriber.nextNotification(SOON);
            assertThat(note).as("the feed after the import").isNotNull();
            assertThat(new String(note.body(), StandardCharsets.UTF_8)).contains(":article:wp-");
            assertThat(note.body()).isEqualTo(server.getBytes(TOPIC_PATH).body());
            assertThat(subscriber.nextNotification(QUIET))
                    .as("one delivery, not one per article")
                    .isNull();
            assertThat(subscription(callback)).isPresent();
        }
    }

    @Test
    void twoInstancesOnOneDatabaseShareTheWorkAndSendNothingTwice() throws Exception {
        try (Subscriber subscriber = new Subscriber();
                TestServer a = loopbackHub(site -> site).start()) {
            // One public address for both, as behind a load balancer: both render the same bytes.
            try (TestServer b = loopbackHub(site -> site)
                    .sharingDatabaseOf(a)
                    .setting("LOA_BASE_URL", a.baseUrl())
                    .start()) {
                shareTheWork(subscriber, a, b);
            }
        }
    }

    private static void shareTheWork(Subscriber subscriber, TestServer a, TestServer b) throws Exception {
        String callback = subscriber.callback("shared");
        a.send(HttpRequest.newBuilder(a.uri("/websub"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(Outbound.form(Map.of(
                        "hub.mode",
                        "subscribe",
                        "hub.topic",
                        a.baseUrl() + "/feeds/all.json",
                        "hub.callback",
                        callback)))));
        assertThat(subscriber.nextVerification(SOON).mode()).isEqualTo("subscribe");
        String desk = a.token("desk");
        awaitActive(a, desk, callback);
        List<String> ids = new java.util.ArrayList<>();
        for (int i = 0; i < 20; i++) {
            TestServer via = i % 2 == 0 ? a : b;
            String id = "shared-" + i;
            ids.add(id);
            assertThat(via.put(
                                    "/api/articles/" + id,
                                    Fixtures.article(
                                                    "Tin chung " + i,
                                                    i % 3 == 0 ? "du-lich" : "thoi-su",
                                                    String.format("2025-02-20T09:%02d:00+07:00", i))
                                            .toString(),
                                    desk)
                            .statusCode())
                    .isEqualTo(201);
        }
        await(() -> subscriber.notificationsSoFar().stream()
                .anyMatch(n -> new String(n.body(), StandardCharsets.UTF_8).contains("shared-19")));
        while (subscriber.nextNotification(QUIET) != null) {
            // until the hub has had time to send anything more
        }
        List<Subscriber.Notification> received = subscriber.notificationsSoFar();
        assertThat(received).hasSizeBetween(1, 20);
        assertThat(received.stream()
                        .map(n -> new String(n.body(), StandardCharsets.UTF_8))
                        .distinct())
                .as("no document sent twice")
                .hasSize(received.size());
        String last = new String(received.get(received.size() - 1).body(), StandardCharsets.UTF_8);
        assertThat(ids).allMatch(last::contains);
        assertThat(received.get(received.size() - 1).body())
                .isEqualTo(b.getBytes("/feeds/all.json").body());
    }

    @Test
    void theChangeLogKeepsOnlyWhatFeedsStillNeed() throws Exception {
        String database = TestDatabase.fresh();
        ServerSetup restartable = hub(site -> site).database(database);
        try {
            Map<String, String> before = new java.util.HashMap<>();
            try (TestServer first = restartable.start()) {
                String desk = first.token("desk");
                for (int i = 0; i < 6; i++) {
                    first.put(
                            "/api/articles/log-" + i,
                            Fixtures.article(
                                            "Tin " + i,
                                            i % 2 == 0 ? "thoi-su" : "du-lich",
                                            String.format("2025-02-%02dT09:00:00+07:00", 10 + i))
                                    .toString(),
                            desk);
                }
                first.delete("/api/articles/log-4", desk);
                for (String path : List.of("/feeds/thoi-su.atom", "/feeds/du-lich.rss", "/feeds/all.json")) {
                    before.put(
                            path,
                            first.get(path)
                                    .headers()
                                    .firstValue("Last-Modified")
                                    .orElseThrow());
                }
                try (var db = first.database()) {
                    // Every consumer of the cluster (the hub, webhooks) has followed the change stream to its head.
                    var cursor = io.loa.db.schema.Tables.STREAM_CURSOR;
                    await(() -> db.dsl()
                            .fetchValue(DSL.select(DSL.min(cursor.POSITION)).from(cursor))
                            .equals(db.dsl().fetchValue(io.loa.db.schema.Tables.STREAM_HEAD.POSITION)));
                }
            }
            // Entries older than a week (these are dated by the tests' clock, in 2025) go at start, but for the
            // newest of each section of the feed change log.
            try (TestServer second = restartable.start()) {
                try (var db = second.database()) {
                    await(() -> db.dsl().fetchCount(io.loa.db.schema.Tables.FEED_CHANGE) == 2);
                    // The stream's entries are dated by the wall clock, not by the articles' clock: written moments
                    // ago, they stay for a week, so no instance that has yet to read them finds them gone.
                    assertThat(db.dsl().fetchCount(io.loa.db.schema.Tables.STREAM_ENTRY))
                            .isPositive();
                }
                for (Map.Entry<String, String> feed : before.entrySet()) {
                    assertThat(second.get(feed.getKey()).headers().firstValue("Last-Modified"))
                            .as(feed.getKey())
                            .hasValue(feed.getValue());
                }
            }
        } finally {
            TestDatabase.drop(database);
        }
    }

    @Test
    void otherHubsArePingedAndAdvertised() throws Exception {
        try (Subscriber otherHub = new Subscriber()) {
            String hubUrl = otherHub.callback("hub");
            try (TestServer pinging =
                    loopbackHub(site -> site.hubs(List.of(hubUrl))).start()) {
                assertThat(pinging.get("/feeds/du-lich.atom").headers().firstValue("Link"))
                        .hasValue("<" + pinging.baseUrl() + "/websub>; rel=\"hub\", <" + hubUrl + ">; rel=\"hub\", <"
                                + pinging.baseUrl() + "/feeds/du-lich.atom>; rel=\"self\"");
                assertThat(atomLinks(pinging.getBytes("/feeds/du-lich.atom").body(), "hub"))
                        .containsExactly(pinging.baseUrl() + "/websub", hubUrl);
                assertThat(pinging.put(
                                        "/api/articles/ping-1",
                                        Fixtures.article("Tin du lịch", "du-lich", "2025-02-20T09:00:00+07:00")
                                                .toString(),
                                        pinging.token("desk"))
                                .statusCode())
                        .isEqualTo(201);
                java.util.Set<String> pinged = new java.util.TreeSet<>();
                for (int i = 0; i < 6; i++) {
                    Subscriber.Notification ping = otherHub.nextNotification(SOON);
                    assertThat(ping).as("ping " + (i + 1) + " of 6").isNotNull();
                    assertThat(ping.header("Content-Type")).isEqualTo("application/x-www-form-urlencoded");
                    Map<String, String> form = Subscriber.query(new String(ping.body(), StandardCharsets.UTF_8));
                    assertThat(form).containsEntry("hub.mode", "publish");
                    pinged.add(form.get("hub.url").substring(pinging.baseUrl().length()));
                }
                assertThat(pinged)
                        .containsExactly(
                                "/feeds/all.atom",
                                "/feeds/all.json",
                                "/feeds/all.rss",
                                "/feeds/du-lich.atom",
                                "/feeds/du-lich.json",
                                "/feeds/du-lich.rss");
                assertThat(otherHub.nextNotification(QUIET)).isNull();
            }
        }
    }

    // Authors' and tags' feeds

    @Test
    void aSubscriberToATagsFeedGetsItWhenAnArticleComesIntoTheTagOrLeavesItAndOnlyThen() throws Exception {
        String feed = "/feeds/tag/bao-so-3.atom";
        ObjectNode first = tagged("Bão số 3 vào Hà Tĩnh", "thoi-su", "2025-02-21T08:00:00+07:00", "Bão số 3");
        assertThat(server.put("/api/articles/bao-1", first.toString(), token).statusCode())
                .isEqualTo(201);
        try (Subscriber subscriber = new Subscriber()) {
            active(subscriber, "tag", feed);
            publish("thoi-su");
            assertThat(subscriber.nextNotification(QUIET))
                    .as("an article without the tag")
                    .isNull();

            ObjectNode second =
                    tagged("Khắc phục hậu quả bão số 3", "du-lich", "2025-02-22T08:00:00+07:00", "bão số 3");
            assertThat(server.put("/api/articles/bao-2", second.toString(), token)
                            .statusCode())
                    .isEqualTo(201);
            Subscriber.Notification note = subscriber.nextNotification(SOON);
            assertThat(note)
                    .as("a notification once a tagged article is written")
                    .isNotNull();
            HttpResponse<byte[]> get = server.getBytes(feed);
            assertThat(note.body()).as("the same bytes as a GET").isEqualTo(get.body());
            assertThat(note.header("Link"))
                    .isEqualTo(get.headers().firstValue("Link").orElseThrow());
            assertThat(TestServer.parse(note.body()).getEntries())
                    .extracting(SyndEntry::getUri)
                    .containsExactly("tag:baohatinh.vn,2023:article:bao-2", "tag:baohatinh.vn,2023:article:bao-1");
            assertThat(subscriber.nextNotification(QUIET))
                    .as("exactly one notification")
                    .isNull();

            second.putArray("tags");
            assertThat(server.put("/api/articles/bao-2", second.toString(), token)
                            .statusCode())
                    .isEqualTo(200);
            Subscriber.Notification left = subscriber.nextNotification(SOON);
            assertThat(left)
                    .as("a notification once the article leaves the tag")
                    .isNotNull();
            assertThat(TestServer.parse(left.body()).getEntries())
                    .extracting(SyndEntry::getUri)
                    .containsExactly("tag:baohatinh.vn,2023:article:bao-1");
            assertThat(view().path("topics").findValuesAsText("topic")).contains(server.baseUrl() + feed);
        }
    }

    @Test
    void anAuthorsFeedIsATopicWhileTheAuthorHasAnArticleAndSubscribingToAnUnknownOneIsDenied() throws Exception {
        ObjectNode article = Fixtures.article("Tin của phóng viên", "lich-su", "2025-02-23T08:00:00+07:00");
        article.put("author", "Võ Thị Giang");
        assertThat(server.put("/api/articles/giang-1", article.toString(), token)
                        .statusCode())
                .isEqualTo(201);
        try (Subscriber subscriber = new Subscriber()) {
            active(subscriber, "author", "/feeds/author/vo-thi-giang.json");
            article.put("title", "Tin của phóng viên, đã sửa");
            assertThat(server.put("/api/articles/giang-1", article.toString(), token)
                            .statusCode())
                    .isEqualTo(200);
            Subscriber.Notification note = subscriber.nextNotification(SOON);
            assertThat(note).isNotNull();
            assertThat(note.header("Content-Type")).startsWith("application/feed+json");
            assertThat(Fixtures.JSON.readTree(note.body()).at("/items/0/title").asText())
                    .isEqualTo("Tin của phóng viên, đã sửa");

            // Once the author has no article, the feed is gone: there is nothing to send, and nothing is retried.
            assertThat(server.delete("/api/articles/giang-1", token).statusCode())
                    .isEqualTo(204);
            assertThat(subscriber.nextNotification(QUIET)).isNull();
            assertThat(subscription(subscriber.callback("author"))
                            .orElseThrow()
                            .path("attempts")
                            .asInt())
                    .isZero();

            String unknown = server.baseUrl() + "/feeds/author/khong-ai.atom";
            assertThat(form(Map.of(
                                    "hub.mode",
                                    "subscribe",
                                    "hub.topic",
                                    unknown,
                                    "hub.callback",
                                    subscriber.callback("unknown")))
                            .statusCode())
                    .isEqualTo(202);
            Subscriber.Verification denial = subscriber.nextVerification(SOON);
            assertThat(denial.mode()).isEqualTo("denied");
            assertThat(denial.query()).containsEntry("hub.topic", unknown);
        }
    }

    @Test
    void subscriptionsToTagsFeedsOutliveARestartAndOtherHubsArePingedForThem() throws Exception {
        String database = TestDatabase.fresh();
        try (Subscriber subscriber = new Subscriber();
                Subscriber otherHub = new Subscriber()) {
            String hubUrl = otherHub.callback("hub");
            ServerSetup restartable =
                    loopbackHub(site -> site.hubs(List.of(hubUrl))).database(database);
            String callback = subscriber.callback("restart-tag");
            String feed = "/feeds/tag/le-hoi.rss";
            try (TestServer first = restartable.start()) {
                String desk = first.token("desk");
                assertThat(first.put(
                                        "/api/articles/hoi-1",
                                        tagged("Lễ hội cầu ngư", "du-lich", "2025-02-20T09:00:00+07:00", "Lễ hội")
                                                .toString(),
                                        desk)
                                .statusCode())
                        .isEqualTo(201);
                // Its notification is the hub's business before the subscription starts, not after.
                awaitHubCaughtUp(first);
                subscribeAt(first, callback, feed);
                assertThat(subscriber.nextVerification(SOON).mode()).isEqualTo("subscribe");
                awaitActive(first, desk, callback);
            }
            try (TestServer second = restartable.start()) {
                String desk = second.token("desk-2");
                while (otherHub.nextNotification(QUIET) != null) {
                    // the pings of the first write
                }
                int pinged = otherHub.notificationsSoFar().size();
                assertThat(second.put(
                                        "/api/articles/hoi-2",
                                        tagged("Lễ hội đua thuyền", "du-lich", "2025-02-21T09:00:00+07:00", "Lễ hội")
                                                .toString(),
                                        desk)
                                .statusCode())
                        .isEqualTo(201);
                Subscriber.Notification note = subscriber.nextNotification(SOON);
                assertThat(note).as("a notification after the restart").isNotNull();
                assertThat(note.body()).isEqualTo(second.getBytes(feed).body());
                java.util.Set<String> urls = new java.util.TreeSet<>();
                for (int i = 0; i < 9; i++) {
                    Subscriber.Notification ping = otherHub.nextNotification(SOON);
                    assertThat(ping).as("ping " + (i + 1) + " of 9").isNotNull();
                    urls.add(Subscriber.query(new String(ping.body(), StandardCharsets.UTF_8))
                            .get("hub.url")
                            .substring(second.baseUrl().length()));
                }
                assertThat(urls)
                        .containsExactly(
                                "/feeds/all.atom",
                                "/feeds/all.json",
                                "/feeds/all.rss",
                                "/feeds/du-lich.atom",
                                "/feeds/du-lich.json",
                                "/feeds/du-lich.rss",
                                "/feeds/tag/le-hoi.atom",
                                "/feeds/tag/le-hoi.json",
                                "/feeds/tag/le-hoi.rss");
                assertThat(otherHub.notificationsSoFar()).hasSize(pinged + 9);
            }
        } finally {
            TestDatabase.drop(database);
        }
    }

    @Test
    void receiptsCountWhatBecameOfAChangeForEachTopicsSubscribers() throws Exception {
        try (Subscriber ok = new Subscriber();
                Subscriber down = new Subscriber().answering(500)) {
            String tag = "bien-nhan-" + articles.incrementAndGet();
            String id = "receipt-" + articles.incrementAndGet();
            server.putArticle(id, tagged("Biên nhận", "thoi-su", "2025-02-01T08:00:00+07:00", tag), token);
            String topic = "/feeds/tag/" + tag + ".atom";
            active(ok, "receipt-ok", topic);
            active(down, "receipt-down", topic);
            server.putArticle(id, tagged("Biên nhận (sửa)", "thoi-su", "2025-02-01T08:00:00+07:00", tag), token);
            Awaitility.await()
                    .atMost(SOON)
                    .until(() -> topicReceipt(id, topic).path("failed").asInt() == 1);
            JsonNode receipt = topicReceipt(id, topic);
            assertThat(receipt.get("subscribers").asInt()).isEqualTo(2);
            assertThat(receipt.get("delivered").asInt())
                    .as("the subscriber that answered 204")
                    .isEqualTo(1);
            assertThat(receipt.get("pending").asInt()).isZero();
            assertThat(ok.notificationsSoFar()).isNotEmpty();
        }
    }

    /** The receipt of one topic for the article's latest change, or an empty object while there is none. */
    static JsonNode topicReceipt(String articleId, String topic) throws Exception {
        for (JsonNode receipt : server.deliveries(articleId, token).at("/channels/websub")) {
            if (receipt.get("topic").asText().equals(topic)) {
                return receipt;
            }
        }
        return Fixtures.JSON.createObjectNode();
    }

    static ObjectNode tagged(String title, String section, String published, String... tags) {
        return Fixtures.withTags(Fixtures.article(title, section, published), tags);
    }

    // Denials and refusals

    @Test
    void aTopicThatIsNotLoasIsRefused() throws Exception {
        try (Subscriber subscriber = new Subscriber()) {
            HttpResponse<String> response =
                    subscribe(subscriber.callback("foreign"), "https://example.com/feed.xml", Map.of());
            assertProblem(response, 400, "must be one of this site's feeds");
            // A feed address of this site that has no feed: answered by a denial, as WebSub 5.2 describes.
            String missing = server.baseUrl() + "/feeds/khong-co.atom";
            assertThat(form(Map.of(
                                    "hub.mode",
                                    "subscribe",
                                    "hub.topic",
                                    missing,
                                    "hub.callback",
                                    subscriber.callback("missing")))
                            .statusCode())
                    .isEqualTo(202);
            Subscriber.Verification denial = subscriber.nextVerification(SOON);
            assertThat(denial.mode()).isEqualTo("denied");
            assertThat(denial.query())
                    .containsEntry("hub.topic", missing)
                    .containsKey("hub.reason")
                    .doesNotContainKey("hub.challenge");
            assertThat(subscriber.verificationsSoFar()).hasSize(1);
        }
    }

    @Test
    void aTopicWithPercentEncodedUnreservedCharactersIsTheFeedItSpells() {
        assertThat(server.get("/feeds/thoi%2Dsu.atom").statusCode())
                .as("a GET of it serves the feed")
                .isEqualTo(200);
        assertSubscribedToTheTopicAs(server.baseUrl() + "/feeds/thoi%2Dsu.atom", "percent-encoded");
    }

    @Test
    void aTopicWithItsSchemeAndHostInCapitalsIsTheFeedItNames() {
        assertSubscribedToTheTopicAs(server.baseUrl().toUpperCase(Locale.ROOT) + TOPIC_PATH, "capitals");
    }

    /** Verified (not denied), echoing the topic as the subscriber spelled it, and delivered to as the topic's. */
    private static void assertSubscribedToTheTopicAs(String spelled, String name) {
        try (Subscriber subscriber = new Subscriber()) {
            String callback = subscriber.callback(name);
            assertThat(subscribe(callback, spelled, Map.of()).statusCode()).isEqualTo(202);
            Subscriber.Verification verification = subscriber.nextVerification(SOON);
            assertThat(verification.mode()).isEqualTo("subscribe");
            assertThat(verification.query()).containsEntry("hub.topic", spelled);
            awaitSubscription(callback, "active");
            assertThat(subscription(callback).orElseThrow().path("topic").asText())
                    .isEqualTo(server.baseUrl() + TOPIC_PATH);
            String id = publish("thoi-su");
            Subscriber.Notification note = subscriber.nextNotification(SOON);
            assertThat(note).as("a notification after publishing").isNotNull();
            assertThat(new String(note.body(), StandardCharsets.UTF_8)).contains(id);
        }
    }

    @Test
    void aNewerRequestReplacesTheOneWaitingForTheSameTopicHoweverTheTopicIsSpelled() {
        // Nothing answers there, so the requests stay in the operators' view.
        String callback = "http://127.0.0.1:9/callback/spellings";
        assertThat(subscribe(callback, server.baseUrl().toUpperCase(Locale.ROOT) + "/feeds/thoi%2dsu.atom", Map.of())
                        .statusCode())
                .isEqualTo(202);
        assertThat(form(Map.of(
                                "hub.mode",
                                "unsubscribe",
                                "hub.topic",
                                server.baseUrl() + TOPIC_PATH,
                                "hub.callback",
                                callback))
                        .statusCode())
                .isEqualTo(202);
        List<JsonNode> filed = new ArrayList<>();
        view().path("requests").forEach(r -> {
            if (r.path("callback").asText().equals(callback)) {
                filed.add(r);
            }
        });
        assertThat(filed).hasSize(1);
        assertThat(filed.get(0).path("mode").asText()).isEqualTo("unsubscribe");
        assertThat(filed.get(0).path("topic").asText()).isEqualTo(server.baseUrl() + TOPIC_PATH);
    }

    @Test
    void aTopicOrCallbackLongerThanTheHubKeepsIsRefusedBeforeAnythingIsFiled() throws Exception {
        String callback = "http://127.0.0.1:9/callback/long";
        String longTopic = server.baseUrl() + "/feeds/" + "x".repeat(RequestStore.MAX_TOPIC_LENGTH) + ".atom";
        assertProblem(subscribe(callback, longTopic, Map.of()), 400, "hub.topic is longer than");
        String longHost = "http://" + String.join(".", Collections.nCopies(6, "a".repeat(60))) + "/callback";
        assertProblem(subscribe(longHost, TOPIC_PATH, Map.of()), 400, "host longer than");
        assertThat(request(callback)).isEmpty();
        assertThat(request(longHost)).isEmpty();
    }

    @Test
    void malformedRequestsAreRefusedWithProblems() throws Exception {
        String topic = server.baseUrl() + TOPIC_PATH;
        String callback = "http://127.0.0.1:9/callback";
        assertProblem(form(Map.of("hub.topic", topic, "hub.callback", callback)), 400, "hub.mode is missing");
        assertProblem(
                form(Map.of("hub.mode", "publish", "hub.topic", topic, "hub.callback", callback)), 400, "publish");
        assertProblem(form(Map.of("hub.mode", "subscribe", "hub.callback", callback)), 400, "hub.topic is missing");
        assertProblem(form(Map.of("hub.mode", "subscribe", "hub.topic", topic)), 400, "hub.callback is missing");
        assertProblem(
                form(Map.of("hub.mode", "subscribe", "hub.topic", topic, "hub.callback", "ftp://example.com/x")),
                400,
                "http or https");
        assertProblem(
                form(Map.of("hub.mode", "subscribe", "hub.topic", topic, "hub.callback", "http://user:pw@127.0.0.1/x")),
                400,
                "credentials");
        assertProblem(
                form(Map.of(
                        "hub.mode",
                        "subscribe",
                        "hub.topic",
                        topic,
                        "hub.callback",
                        callback,
                        "hub.secret",
                        "x".repeat(200))),
                400,
                "less than 200 bytes");
        assertProblem(
                form(Map.of(
                        "hub.mode",
                        "subscribe",
                        "hub.topic",
                        topic,
                        "hub.callback",
                        callback,
                        "hub.lease_seconds",
                        "mãi mãi")),
                400,
                "whole number");
        assertProblem(
                post(
                        "hub.mode=subscribe&hub.mode=unsubscribe&hub.topic=x&hub.callback=y",
                        "application/x-www-form-urlencoded"),
                400,
                "more than once");
        assertProblem(
                post("hub.mode=subscribe&hub.topic=%E0%A4%A", "application/x-www-form-urlencoded"), 400, "well-formed");
        assertProblem(post("{\"hub.mode\":\"subscribe\"}", "application/json"), 415, "x-www-form-urlencoded");
        assertProblem(
                post(
                        "hub.mode=subscribe&pad=" + "x".repeat(HubRoutes.MAX_FORM_BYTES),
                        "application/x-www-form-urlencoded"),
                413,
                "larger than");
        assertThat(request(callback)).as("nothing was filed").isEmpty();
    }

    @Test
    void callbacksOnPrivateAddressesAreRefusedUnlessAllowed() throws Exception {
        try (Subscriber subscriber = new Subscriber();
                TestServer strict = hub(site -> site).start()) {
            for (String callback : List.of(
                    "http://127.0.0.1:8080/cb",
                    "http://10.1.2.3/cb",
                    "http://169.254.169.254/latest/meta-data",
                    "http://[::1]/cb",
                    "http://192.168.1.1/cb",
                    "http://100.64.0.1/cb",
                    "http://[::ffff:10.1.2.3]/cb",
                    "http://[fd00::1]/cb",
                    "http://[64:ff9b::a9fe:a9fe]/latest/meta-data",
                    "http://[64:ff9b:1::a01:203]/cb",
                    "http://[2002:a01:203::1]/cb")) {
                assertProblem(askAt(strict, "subscribe", callback, TOPIC_PATH), 403, "private");
            }
            // A host name is resolved when the hub calls it, not as it is asked for (DNS may be slow): the request
            // is taken, and the call never reaches the private address the name resolves to.
            String named = subscriber.callback("named").replace("127.0.0.1", "localhost");
            assertThat(askAt(strict, "subscribe", named, TOPIC_PATH).statusCode())
                    .isEqualTo(202);
            String operator = strict.token("ops");
            await(() -> entry(view(strict, operator), "requests", named)
                    .map(r -> r.path("state").asText().equals("failed"))
                    .orElse(false));
            assertThat(entry(view(strict, operator), "requests", named)
                            .orElseThrow()
                            .path("lastError")
                            .asText())
                    .contains("only private addresses");
            assertThat(subscriber.verificationsSoFar())
                    .as("nothing reached the callback")
                    .isEmpty();
        }
    }

    @Test
    void theOperatorsViewNeedsAnUnlimitedToken() throws Exception {
        assertProblem(server.get("/api/websub/subscriptions"), 401, "token");
        String scoped = server.token("du-lich-desk", "du-lich");
        assertProblem(
                server.send(HttpRequest.newBuilder(server.uri("/api/websub/subscriptions"))
                        .header("Authorization", "Bearer " + scoped)),
                403,
                "operators");
        JsonNode view = view();
        assertThat(view.path("topics")).hasSize(21);
        assertThat(view.path("topics").get(0).path("topic").asText()).isEqualTo(server.baseUrl() + "/feeds/all.rss");
    }

    // Helpers: a subscriber's side of the protocol, and the operators' view

    /** Subscribes and waits until the hub has verified the subscription. */
    static String active(Subscriber subscriber, String name, String topicPath) {
        String callback = subscriber.callback(name);
        assertThat(subscribe(callback, topicPath, Map.of()).statusCode()).isEqualTo(202);
        assertThat(subscriber.nextVerification(SOON).mode()).isEqualTo("subscribe");
        awaitSubscription(callback, "active");
        return callback;
    }

    static HttpResponse<String> subscribe(String callback, String topic, Map<String, String> extra) {
        Map<String, String> fields = new LinkedHashMap<>(Map.of(
                "hub.mode",
                "subscribe",
                "hub.topic",
                topic.startsWith("/") ? server.baseUrl() + topic : topic,
                "hub.callback",
                callback));
        fields.putAll(extra);
        return form(fields);
    }

    static HttpResponse<String> form(Map<String, String> fields) {
        return post(Outbound.form(fields), "application/x-www-form-urlencoded");
    }

    static HttpResponse<String> post(String body, String contentType) {
        return server.send(HttpRequest.newBuilder(server.uri("/websub"))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)));
    }

    /** Puts a new article into a section; returns its id. */
    static String publish(String section) {
        int n = articles.incrementAndGet();
        String id = "websub-" + n;
        String published = String.format("2025-02-%02dT08:%02d:00+07:00", 1 + n % 27, n % 60);
        HttpResponse<String> response = server.put(
                "/api/articles/" + id,
                Fixtures.article("Tin mới số " + n, section, published).toString(),
                token);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return id;
    }

    static JsonNode view() {
        return view(server, token);
    }

    /** The operators' view of this hub, seen with this token. */
    static JsonNode view(TestServer hub, String operator) {
        HttpResponse<String> response = hub.send(HttpRequest.newBuilder(hub.uri("/api/websub/subscriptions"))
                .header("Authorization", "Bearer " + operator));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        try {
            return Fixtures.JSON.readTree(response.body());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static java.util.Optional<JsonNode> subscription(String callback) {
        return entry(view(), "subscriptions", callback);
    }

    static java.util.Optional<JsonNode> request(String callback) {
        return entry(view(), "requests", callback);
    }

    /** The entry of the view's list (subscriptions, requests) for this callback. */
    static java.util.Optional<JsonNode> entry(JsonNode view, String list, String callback) {
        for (JsonNode entry : view.path(list)) {
            if (entry.path("callback").asText().equals(callback)) {
                return java.util.Optional.of(entry);
            }
        }
        return java.util.Optional.empty();
    }

    static void awaitSubscription(String callback, String state) {
        await(() -> subscription(callback)
                .map(s -> s.path("state").asText().equals(state))
                .orElse(false));
    }

    /** The hub records a subscription after the verification answer: publish only once it is active. */
    static void awaitActive(TestServer hub, String operator, String callback) {
        await(() -> entry(view(hub, operator), "subscriptions", callback)
                .map(s -> s.path("state").asText().equals("active"))
                .orElse(false));
    }

    static void await(BooleanSupplier condition) {
        await(SOON, condition);
    }

    static void await(Duration within, BooleanSupplier condition) {
        Awaitility.await().atMost(within).until(condition::getAsBoolean);
    }

    static void assertProblem(HttpResponse<String> response, int status, String detail) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        JsonNode problem = Fixtures.JSON.readTree(response.body());
        assertThat(problem.path("status").asInt()).isEqualTo(status);
        assertThat(problem.path("detail").asText()).containsIgnoringCase(detail);
    }

    static String hmac(String secret, byte[] body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(body));
    }

    /** Waits until the hub has followed the change stream to its head: every write so far is fanned out. */
    private static void awaitHubCaughtUp(TestServer server) {
        try (var db = server.database()) {
            await(() -> java.util.Objects.equals(
                    db.dsl()
                            .select(io.loa.db.schema.Tables.STREAM_CURSOR.POSITION)
                            .from(io.loa.db.schema.Tables.STREAM_CURSOR)
                            .where(io.loa.db.schema.Tables.STREAM_CURSOR.CONSUMER.eq(
                                    io.loa.stream.ConsumerName.WEBSUB.label()))
                            .fetchOne(io.loa.db.schema.Tables.STREAM_CURSOR.POSITION),
                    db.dsl().fetchValue(io.loa.db.schema.Tables.STREAM_HEAD.POSITION)));
        }
    }
}
