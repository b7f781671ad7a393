package io.loa.feed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.rometools.rome.feed.synd.SyndEntry;
import io.loa.FeedCrawl;
import io.loa.Fixtures;
import io.loa.ServerPerClass;
import io.loa.ServerSetup;
import io.loa.TestDatabase;
import io.loa.TestServer;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Articles dated in the future are stored and editable but shown nowhere until their time, then everywhere
 * within about a second, on every instance, with no write at that moment and across restarts. On the wall clock.
 */
class ScheduledPublicationTest {

    private static final String SECTION = "thoi-su";
    private static final List<String> FEEDS = List.of(
            "/feeds/thoi-su.rss",
            "/feeds/thoi-su.atom",
            "/feeds/thoi-su.json",
            "/feeds/all.rss",
            "/feeds/all.atom",
            "/feeds/all.json");
    private static final Duration RELEASED_WITHIN = Duration.ofSeconds(5);
    private static final ZoneId HANOI = ZoneId.of("Asia/Ho_Chi_Minh");

    @RegisterExtension
    static final ServerPerClass loa = new ServerPerClass(ServerSetup.defaults().clock(Clock.systemUTC()));

    static TestServer server;
    static String token;

    @BeforeAll
    static void start() {
        server = loa.server();
        token = server.token("desk");
        assertThat(put(server, "earlier", "Tin đã đăng", Instant.now().minus(1, ChronoUnit.HOURS))
                        .statusCode())
                .isEqualTo(201);
    }

    @Test
    void anArticleDatedAheadShowsNowhereUntilItsTimeThenEverywhere() {
        Map<String, String> etags = new HashMap<>();
        Map<String, String> lastModified = new HashMap<>();
        for (String feed : FEEDS) {
            HttpResponse<String> response = server.get(feed);
            etags.put(feed, response.headers().firstValue("ETag").orElseThrow());
            lastModified.put(
                    feed, response.headers().firstValue("Last-Modified").orElseThrow());
        }
        Instant at = Instant.now().plusSeconds(3).truncatedTo(ChronoUnit.SECONDS);
        HttpResponse<String> created = put(server, "embargo", "Tin giờ G", at);
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(json(created.body()).get("scheduled").asBoolean()).isTrue();
        String slug = json(created.body()).get("slug").asText();

        for (String feed : FEEDS) {
            assertThat(server.get(feed).body())
                    .as(feed)
                    .doesNotContain("embargo")
                    .doesNotContain("Tin giờ G");
            assertThat(notModified(server, feed, etags.get(feed)))
                    .as("%s keeps its ETag", feed)
                    .isTrue();
            assertThat(server.get(feed).headers().firstValue("Last-Modified")).hasValue(lastModified.get(feed));
        }
        assertThat(server.get("/articles/" + slug).statusCode()).isEqualTo(404);
        assertThat(server.get("/sections/" + SECTION).body()).doesNotContain("Tin giờ G");
        assertThat(server.get("/api/articles/embargo").statusCode())
                .as("no token, no embargoed text")
                .isEqualTo(404);
        assertThat(json(apiGet("/api/articles/embargo", token).body())
                        .get("scheduled")
                        .asBoolean())
                .isTrue();
        assertThat(apiGet("/api/scheduled", null).statusCode()).isEqualTo(401);
        JsonNode scheduled = json(apiGet("/api/scheduled", token).body());
        assertThat(scheduled).extracting(n -> n.get("id").asText()).containsExactly("embargo");
        assertThat(scheduled.get(0).get("published").asText()).isEqualTo(local(at));

        await().atMost(Duration.ofSeconds(3).plus(RELEASED_WITHIN))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> server.get("/feeds/thoi-su.rss").body().contains("embargo"));
        Instant seen = Instant.now();
        assertThat(Duration.between(at, seen))
                .as("shown within about a second of its time")
                .isLessThan(Duration.ofMillis(1_500));
        for (String feed : FEEDS) {
            HttpResponse<String> response = server.get(feed);
            assertThat(response.body()).as(feed).contains("embargo");
            assertThat(response.headers().firstValue("ETag")).as(feed).isNotEqualTo(etags.get(feed));
            Instant modified =
                    httpDate(response.headers().firstValue("Last-Modified").orElseThrow());
            assertThat(modified)
                    .as(feed)
                    .isAfterOrEqualTo(at)
                    .isBeforeOrEqualTo(
                            httpDate(response.headers().firstValue("Date").orElseThrow()));
        }
        SyndEntry entry = server.feed("/feeds/thoi-su.atom").getEntries().get(0);
        assertThat(entry.getUri()).endsWith("embargo");
        assertThat(entry.getPublishedDate().toInstant()).isEqualTo(at);
        assertThat(server.get("/articles/" + slug).statusCode()).isEqualTo(200);
        assertThat(server.get("/sections/" + SECTION).body()).contains("Tin giờ G");
        assertThat(json(server.get("/api/articles/embargo").body())
                        .get("scheduled")
                        .asBoolean())
                .isFalse();
        assertThat(json(apiGet("/api/scheduled", token).body())).isEmpty();
        FeedCrawl.of(server);
    }

    @Test
    void movingTheDateForwardWithdrawsTheArticleAndMovingItBackShowsItAtOnce() throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        assertThat(put(server, "moved", "Tin dời lịch", now.minusSeconds(60)).statusCode())
                .isEqualTo(201);
        assertThat(server.get("/feeds/thoi-su.rss").body()).contains("moved");

        assertThat(put(server, "moved", "Tin dời lịch", now.plus(1, ChronoUnit.DAYS))
                        .statusCode())
                .isEqualTo(200);
        assertThat(server.get("/feeds/thoi-su.rss").body()).doesNotContain("moved");
        assertThat(server.feed("/feeds/thoi-su.atom").getEntries())
                .noneMatch(e -> e.getUri().endsWith("moved"));
        assertThat(tombstones("/feeds/thoi-su.atom")).anyMatch(ref -> ref.endsWith("moved"));
        assertThat(tombstones("/feeds/all.atom")).anyMatch(ref -> ref.endsWith("moved"));
        HttpResponse<String> fetched = apiGet("/api/articles/moved", token);
        assertThat(server.put("/api/articles/moved", fetched.body(), token).body())
                .as("sent back as fetched, scheduled included: nothing changes")
                .isEqualTo(fetched.body());

        assertThat(put(server, "moved", "Tin dời lịch", now.minusSeconds(30)).statusCode())
                .isEqualTo(200);
        assertThat(server.feed("/feeds/thoi-su.atom").getEntries())
                .anyMatch(e -> e.getUri().endsWith("moved"));
        assertThat(tombstones("/feeds/thoi-su.atom")).noneMatch(ref -> ref.endsWith("moved"));
    }

    @Test
    void anArticleMonthsAheadLeavesTheFeedsDatesAlone() {
        HttpResponse<String> before = server.get("/feeds/thoi-su.rss");
        Instant ahead = Instant.now().plus(90, ChronoUnit.DAYS); // a month no other article is in
        assertThat(put(server, "far-ahead", "Tin tháng sau", ahead).statusCode())
                .isEqualTo(201);
        HttpResponse<String> after = server.get("/feeds/thoi-su.rss");
        assertThat(after.headers().firstValue("Last-Modified"))
                .isEqualTo(before.headers().firstValue("Last-Modified"));
        assertThat(after.headers().firstValue("ETag"))
                .isEqualTo(before.headers().firstValue("ETag"));
        assertThat(httpDate(after.headers().firstValue("Last-Modified").orElseThrow()))
                .isBeforeOrEqualTo(httpDate(after.headers().firstValue("Date").orElseThrow()));
        assertThat(server.get("/feeds/thoi-su/archive/"
                                + ahead.atZone(HANOI).toString().substring(0, 7) + ".atom")
                        .statusCode())
                .isEqualTo(404);

        // Deleted before its time, it was never shown: no tombstone either.
        assertThat(server.delete("/api/articles/far-ahead", token).statusCode()).isEqualTo(204);
        assertThat(server.get("/feeds/thoi-su.atom").body()).doesNotContain("far-ahead");
        assertThat(json(apiGet("/api/scheduled", token).body()))
                .noneMatch(n -> n.get("id").asText().equals("far-ahead"));
    }

    @Test
    void anotherInstanceShowsTheArticleAtItsTimeWithNoWriteThen() {
        try (TestServer other = ServerSetup.defaults()
                .sharingDatabaseOf(server)
                .clock(Clock.systemUTC())
                .start()) {
            Instant at = Instant.now().plusSeconds(3).truncatedTo(ChronoUnit.SECONDS);
            assertThat(put(server, "elsewhere", "Tin ở máy khác", at).statusCode())
                    .isEqualTo(201);
            assertThat(other.get("/feeds/all.json").body()).doesNotContain("elsewhere");
            await().atMost(Duration.ofSeconds(3).plus(RELEASED_WITHIN))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> other.get("/feeds/all.json").body().contains("elsewhere"));
            assertThat(Duration.between(at, Instant.now())).isLessThan(Duration.ofMillis(1_500));
            assertThat(other.get("/feeds/thoi-su.atom").body()).contains("elsewhere");
        }
    }

    @Test
    void anArticleDueWhileNoInstanceRanShowsAtTheNextStart() throws Exception {
        String database = TestDatabase.fresh();
        Map<String, String> env = Map.of("LOA_DB_URL", database);
        try {
            Instant at = Instant.now().plusSeconds(2).truncatedTo(ChronoUnit.SECONDS);
            try (TestServer first = ServerSetup.defaults()
                    .settings(env)
                    .clock(Clock.systemUTC())
                    .start()) {
                assertThat(put(first, "while-down", "Tin lúc nghỉ", at, first.token("desk"))
                                .statusCode())
                        .isEqualTo(201);
                assertThat(first.get("/feeds/thoi-su.rss").body()).doesNotContain("while-down");
            }
            Thread.sleep(Math.max(0, Duration.between(Instant.now(), at).toMillis() + 1_000));
            try (TestServer second = ServerSetup.defaults()
                    .settings(env)
                    .clock(Clock.systemUTC())
                    .start()) {
                await().atMost(RELEASED_WITHIN)
                        .pollInterval(Duration.ofMillis(50))
                        .until(() -> second.get("/feeds/thoi-su.rss").body().contains("while-down"));
                Instant modified = httpDate(second.get("/feeds/thoi-su.rss")
                        .headers()
                        .firstValue("Last-Modified")
                        .orElseThrow());
                assertThat(modified).isAfterOrEqualTo(at);
            }
        } finally {
            TestDatabase.drop(database);
        }
    }

    private static HttpResponse<String> put(TestServer on, String id, String title, Instant published) {
        return put(on, id, title, published, token);
    }

    private static HttpResponse<String> put(TestServer on, String id, String title, Instant published, String token) {
        ObjectNode article = Fixtures.article(title, SECTION, local(published));
        return on.put("/api/articles/" + id, article.toString(), token);
    }

    private static HttpResponse<String> apiGet(String path, String bearer) {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.uri(path));
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        return server.send(request);
    }

    private static boolean notModified(TestServer on, String path, String etag) {
        return on.send(HttpRequest.newBuilder(on.uri(path)).header("If-None-Match", etag))
                        .statusCode()
                == 304;
    }

    private static List<String> tombstones(String path) {
        return FeedCrawl.tombstones(server.getBytes(path).body());
    }

    private static String local(Instant instant) {
        return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(
                instant.atZone(HANOI).toOffsetDateTime());
    }

    private static Instant httpDate(String value) {
        return DateTimeFormatter.RFC_1123_DATE_TIME.parse(value, Instant::from);
    }

    private static JsonNode json(String body) {
        try {
            return Fixtures.JSON.readTree(body);
        } catch (Exception e) {
            throw new AssertionError(body, e);
        }
    }
}
