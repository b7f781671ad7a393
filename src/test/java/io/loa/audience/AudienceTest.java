package io.loa.audience;

import static io.loa.db.schema.Tables.WEBSUB_SUBSCRIPTION;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.loa.ServerSetup;
import io.loa.TestClock;
import io.loa.TestDatabase;
import io.loa.TestServer;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /api/audience}: the subscribers hosted readers report in their User-Agent and the hub's, kept across
 * restarts and agreed by every instance; the polling scorecard; and the rule that answers 429 to a client polling
 * a feed unconditionally faster than its maxAge.
 */
class AudienceTest {

    static final String FEEDLY =
            "Feedly/1.0 (+http://www.feedly.com/fetcher.html; %d subscribers; feed-id=feed/http://x/%s)";
    static final String INOREADER =
            "Mozilla/5.0 (compatible; Inoreader/1.0; https://www.inoreader.com; %d subscribers)";
    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void readersReportedCountsAndTheHubsSubscribersAreTold() throws Exception {
        try (TestServer server = ServerSetup.defaults().start()) {
            String token = server.token("ops");
            fetch(server, "/feeds/thoi-su.rss", FEEDLY.formatted(100, "a"));
            fetch(server, "/feeds/thoi-su.rss", FEEDLY.formatted(20, "b")); // a second Feedly feed for one URL
            fetch(server, "/feeds/thoi-su.rss", FEEDLY.formatted(123, "a")); // the latest count of a feed wins
            fetch(server, "/feeds/thoi-su.atom", INOREADER.formatted(45));
            fetch(server, "/feeds/author/khong-ai.rss", FEEDLY.formatted(9, "c")); // no such author: not counted
            subscribe(server, "/feeds/thoi-su.atom", "https://reader.example/cb/1");
            subscribe(server, "/feeds/thoi-su.atom", "https://reader.example/cb/2");

            JsonNode audience = audience(server, token);
            JsonNode rss = document(audience, "/feeds/thoi-su.rss");
            assertThat(rss.get("fetchers").get("feedly").asInt()).isEqualTo(143);
            assertThat(rss.get("subscribers").asInt()).isEqualTo(143);
            JsonNode atom = document(audience, "/feeds/thoi-su.atom");
            assertThat(atom.get("fetchers").get("inoreader").asInt()).isEqualTo(45);
            assertThat(atom.get("hub").asInt()).isEqualTo(2);
            assertThat(atom.get("subscribers").asInt()).isEqualTo(47);
            JsonNode section = named(audience.get("sections"), "thoi-su");
            assertThat(section.get("subscribers").asInt()).isEqualTo(190);
            assertThat(section.get("hub").asInt()).isEqualTo(2);
            assertThat(audience.get("authors")).isEmpty();
            JsonNode feedly = named(audience.get("polling"), "feedly");
            assertThat(feedly.get("requests").asInt()).isEqualTo(3); // the unknown author is not a feed

            String metrics = server.get("/metrics").body();
            // The metrics follow within a refresh of the background loop.
            assertThat(metrics).contains("loa_feed_polls_total{fetcher=\"feedly\"} 3.0");
        }
    }

    @Test
    void theAudienceNeedsAnOperatorsToken() throws Exception {
        try (TestServer server = ServerSetup.defaults().start()) {
            HttpResponse<String> anonymous = server.get("/api/audience");
            assertThat(anonymous.statusCode()).isEqualTo(401);
            assertThat(anonymous.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(JSON.readTree(anonymous.body()).get("status").asInt()).isEqualTo(401);
            String desk = server.token("thoi-su-desk", "thoi-su");
            assertThat(server.send(HttpRequest.newBuilder(server.uri("/api/audience"))
                                    .header("Authorization", "Bearer " + desk))
                            .statusCode())
                    .isEqualTo(403);
        }
    }

    @Test
    void countsSurviveARestartAndAgreeAcrossInstances() throws Exception {
        String database = TestDatabase.fresh();
        try {
            try (TestServer first = ServerSetup.defaults().database(database).start()) {
                fetch(first, "/feeds/du-lich.json", FEEDLY.formatted(31, "d"));
                try (TestServer second =
                        ServerSetup.defaults().sharingDatabaseOf(first).start()) {
                    fetch(second, "/feeds/du-lich.json", INOREADER.formatted(4));
                    String token = first.token("ops");
                    // Each instance writes what it saw in the background, or at once when asked for the audience.
                    audience(second, token);
                    for (TestServer instance : List.of(first, second)) {
                        JsonNode json = document(audience(instance, token), "/feeds/du-lich.json");
                        assertThat(json.get("fetchers").get("feedly").asInt()).isEqualTo(31);
                        assertThat(json.get("fetchers").get("inoreader").asInt())
                                .isEqualTo(4);
                    }
                }
            }
            try (TestServer restarted =
                    ServerSetup.defaults().database(database).start()) {
                JsonNode json = document(audience(restarted, restarted.token("ops2")), "/feeds/du-lich.json");
                assertThat(json.get("subscribers").asInt()).isEqualTo(35);
            }
        } finally {
            TestDatabase.drop(database);
        }
    }

    @Test
    void aClientPollingUnconditionallyFasterThanMaxAgeIsRefusedPastTheGrace() throws Exception {
        TestClock clock = new TestClock(TestServer.NOW);
        try (TestServer server = ServerSetup.defaults()
                .clock(clock)
                .site(site -> site.maxAge(60).politePolling(2))
                .start()) {
            String agent = FEEDLY.formatted(5, "e");
            for (int i = 0; i < 3; i++) {
                assertThat(fetch(server, "/feeds/thoi-su.rss", agent).statusCode())
                        .isEqualTo(200);
            }
            HttpResponse<String> refused = fetch(server, "/feeds/thoi-su.rss", agent);
            assertThat(refused.statusCode()).isEqualTo(429);
            // thoi-su's own maxAge, 120 s: the third fetch was let through as the grace's last.
            assertThat(refused.headers().firstValue("Retry-After")).hasValue("120");
            assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(JSON.readTree(refused.body()).get("status").asInt()).isEqualTo(429);

            // A conditional request is always answered, however often.
            String etag = server.get("/feeds/thoi-su.atom")
                    .headers()
                    .firstValue("ETag")
                    .orElseThrow();
            for (int i = 0; i < 10; i++) {
                HttpResponse<String> revalidated = server.send(HttpRequest.newBuilder(server.uri("/feeds/thoi-su.rss"))
                        .header("User-Agent", agent)
                        .header("If-Modified-Since", "Sat, 01 Mar 2025 02:00:00 GMT"));
                assertThat(revalidated.statusCode()).isIn(200, 304);
                HttpResponse<String> matched = server.send(HttpRequest.newBuilder(server.uri("/feeds/thoi-su.atom"))
                        .header("User-Agent", agent)
                        .header("If-None-Match", etag));
                assertThat(matched.statusCode()).isEqualTo(304);
            }

            // Once a maxAge has passed, one more fetch is let through.
            clock.advance(Duration.ofSeconds(120));
            assertThat(fetch(server, "/feeds/thoi-su.rss", agent).statusCode()).isEqualTo(200);

            // Another client (another User-Agent) is counted on its own.
            assertThat(fetch(server, "/feeds/thoi-su.rss", "OtherReader/1.0").statusCode())
                    .isEqualTo(200);

            JsonNode feedly = named(audience(server, server.token("ops")).get("polling"), "feedly");
            assertThat(feedly.get("throttled").asInt()).isEqualTo(1); // counted once, though both layers saw it
            assertThat(feedly.get("notModified").asInt()).isGreaterThanOrEqualTo(10);
            assertThat(feedly.get("requests").asInt()).isEqualTo(25);
        }
    }

    @Test
    void aPolitePollerIsNeverRefused() {
        TestClock clock = new TestClock(TestServer.NOW);
        try (TestServer server = ServerSetup.defaults()
                .clock(clock)
                .site(site -> site.maxAge(60).politePolling(0))
                .start()) {
            for (int i = 0; i < 20; i++) {
                assertThat(fetch(server, "/feeds/all.atom", "Polite/1.0").statusCode())
                        .isEqualTo(200);
                clock.advance(Duration.ofSeconds(60));
            }
        }
    }

    @Test
    void behindATrustedProxyEachForwardedClientIsCountedOnItsOwn() {
        try (TestServer server = ServerSetup.defaults()
                .site(site -> site.maxAge(60).politePolling(0).trustedProxies(List.of("127.0.0.0/8", "::1")))
                .start()) {
            assertThat(fetchFrom(server, "203.0.113.1").statusCode()).isEqualTo(200);
            assertThat(fetchFrom(server, "203.0.113.1").statusCode()).isEqualTo(429);
            assertThat(fetchFrom(server, "203.0.113.2").statusCode()).isEqualTo(200);
            // A client cannot hide behind an address it writes itself, left of what the proxy saw.
            assertThat(fetchFrom(server, "198.51.100.7, 203.0.113.1").statusCode())
                    .isEqualTo(429);
        }
    }

    @Test
    void fromAnUntrustedPeerForwardedAddressesAreIgnored() {
        try (TestServer server = ServerSetup.defaults()
                .site(site -> site.maxAge(60).politePolling(0))
                .start()) {
            assertThat(fetchFrom(server, "203.0.113.1").statusCode()).isEqualTo(200);
            // Spoofed: the same client (this test's address and User-Agent) whatever the header says.
            assertThat(fetchFrom(server, "203.0.113.2").statusCode()).isEqualTo(429);
        }
    }

    private static HttpResponse<String> fetchFrom(TestServer server, String forwardedFor) {
        return server.send(HttpRequest.newBuilder(server.uri("/feeds/thoi-su.rss"))
                .header("User-Agent", "Reader/1.0")
                .header("X-Forwarded-For", forwardedFor));
    }

    private static HttpResponse<String> fetch(TestServer server, String path, String userAgent) {
        return server.send(HttpRequest.newBuilder(server.uri(path)).header("User-Agent", userAgent));
    }

    private static void subscribe(TestServer server, String topic, String callback) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        server.database()
                .dsl()
                .insertInto(WEBSUB_SUBSCRIPTION)
                .set(WEBSUB_SUBSCRIPTION.TOPIC, topic)
                .set(WEBSUB_SUBSCRIPTION.CALLBACK, callback)
                .set(WEBSUB_SUBSCRIPTION.ORIGIN, "https://reader.example")
                .set(WEBSUB_SUBSCRIPTION.HOST, "reader.example")
                .set(WEBSUB_SUBSCRIPTION.DELIVERY, "content")
                .set(WEBSUB_SUBSCRIPTION.LEASE_SECONDS, 86_400)
                .set(WEBSUB_SUBSCRIPTION.EXPIRES_AT, now.plusDays(1))
                .set(WEBSUB_SUBSCRIPTION.CREATED_AT, now)
                .execute();
    }

    static JsonNode audience(TestServer server, String token) throws Exception {
        HttpResponse<String> response = server.send(
                HttpRequest.newBuilder(server.uri("/api/audience")).header("Authorization", "Bearer " + token));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static JsonNode document(JsonNode audience, String path) {
        for (JsonNode feed : audience.get("feeds")) {
            if (feed.get("path").asText().equals(path)) {
                return feed;
            }
        }
        throw new AssertionError(path + " not in " + audience);
    }

    private static JsonNode named(JsonNode list, String name) {
        for (JsonNode entry : list) {
            JsonNode field = entry.has("name") ? entry.get("name") : entry.get("fetcher");
            if (field.asText().equals(name)) {
                return entry;
            }
        }
        throw new AssertionError(name + " not in " + list);
    }
}
