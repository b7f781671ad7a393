package io.loa.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.rometools.rome.feed.synd.SyndEntry;
import io.loa.ServerSetup;
import io.loa.TestServer;
import io.loa.article.Article;
import io.loa.article.ArticleWrites;
import io.loa.article.WriteCheck;
import io.loa.db.Database;
import io.loa.websub.Subscriber;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A write whose transaction commits long after a thousand later writes still reaches every consumer of the change
 * stream on every instance: both render caches drop its feed, both search indexes find it, the WebSub hub delivers
 * it, and both instances count it. Positions are given at commit, so no look-back is needed to catch it.
 */
class LateCommitTest {

    static final int LATER_WRITES = 1_000;

    @Test
    void aWriteCommittedAfterAThousandLaterOnesReachesEveryConsumerOnBothInstances() throws Exception {
        try (Subscriber subscriber = new Subscriber();
                TestServer a = ServerSetup.defaults()
                        .setting("LOA_WEBSUB_ALLOW_PRIVATE_CALLBACKS", "true")
                        .start();
                TestServer b = ServerSetup.defaults()
                        .setting("LOA_WEBSUB_ALLOW_PRIVATE_CALLBACKS", "true")
                        .sharingDatabaseOf(a)
                        .start();
                Database db = a.database()) {
            HttpResponse<String> subscribed = a.send(HttpRequest.newBuilder(a.uri("/websub"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("hub.mode=subscribe&hub.topic="
                            + URLEncoder.encode(a.baseUrl() + "/feeds/du-lich.atom", StandardCharsets.UTF_8)
                            + "&hub.callback="
                            + URLEncoder.encode(subscriber.callback("late"), StandardCharsets.UTF_8))));
            assertThat(subscribed.statusCode()).as(subscribed.body()).isEqualTo(202);
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> db.dsl().fetchCount(io.loa.db.schema.Tables.WEBSUB_SUBSCRIPTION) == 1);
            ArticleWrites writes = new ArticleWrites(db.dsl(), Clock.systemUTC(), change -> {});
            for (TestServer instance : List.of(a, b)) {
                assertThat(ids(instance, "/feeds/du-lich.atom")).doesNotContain("late");
                assertThat(ids(instance, "/feeds/search.atom?q=muonmang")).isEmpty();
            }
            double[] counted = {changes(a), changes(b)};

            CountDownLatch inside = new CountDownLatch(1);
            CountDownLatch commit = new CountDownLatch(1);
            CompletableFuture<ArticleWrites.Write> late = CompletableFuture.supplyAsync(() -> writes.put(
                    article("late", "Tin muonmang về Sa Pa", "du-lich", "2025-12-31T08:00:00Z"),
                    new WriteCheck(
                            sections -> {
                                inside.countDown();
                                try {
                                    return commit.await(5, TimeUnit.MINUTES);
                                } catch (InterruptedException e) {
                                    throw new IllegalStateException(e);
                                }
                            },
                            live -> true)));
            assertThat(inside.await(30, TimeUnit.SECONDS)).isTrue();
            for (int i = 0; i < LATER_WRITES; i++) {
                writes.put(article("later-" + i, "Tin thứ " + i, "thoi-su", "2025-01-01T08:00:00Z"));
            }
            // Every later write has been followed by both instances before the late one commits.
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> changes(a) == counted[0] + LATER_WRITES && changes(b) == counted[1] + LATER_WRITES);
            assertThat(subscriber.notificationsSoFar()).isEmpty();
            commit.countDown();
            assertThat(late.get(30, TimeUnit.SECONDS).changed()).isTrue();

            for (TestServer instance : List.of(a, b)) {
                await().until(() -> ids(instance, "/feeds/du-lich.atom").contains("late"));
                await().until(() ->
                        ids(instance, "/feeds/search.atom?q=muonmang").contains("late"));
            }
            await().atMost(Duration.ofSeconds(10))
                    .until(() ->
                            changes(a) == counted[0] + LATER_WRITES + 1 && changes(b) == counted[1] + LATER_WRITES + 1);
            Subscriber.Notification told = subscriber.nextNotification(Duration.ofSeconds(20));
            assertThat(told).as("the hub's delivery").isNotNull();
            assertThat(new String(told.body(), StandardCharsets.UTF_8)).contains("Tin muonmang");
        }
    }

    static Article article(String id, String title, String section, String published) {
        Instant at = Instant.parse(published);
        return new Article(
                id,
                null,
                title,
                null,
                "<p>" + title + "</p>",
                null,
                null,
                null,
                "vi",
                at,
                null,
                List.of(section),
                List.of(),
                List.of(),
                List.of());
    }

    /** The ids of a feed's entries, without the site's prefix. */
    static List<String> ids(TestServer on, String path) {
        HttpResponse<byte[]> response = on.getBytes(path);
        assertThat(response.statusCode()).as(path).isEqualTo(200);
        return TestServer.parse(response.body()).getEntries().stream()
                .map(SyndEntry::getUri)
                .map(uri -> uri.substring(uri.lastIndexOf(':') + 1))
                .toList();
    }

    /** The writes an instance has counted, from /metrics. */
    static double changes(TestServer on) {
        Matcher count = Pattern.compile("(?m)^loa_article_changes_total (\\S+)$")
                .matcher(on.get("/metrics").body());
        return count.find() ? Double.parseDouble(count.group(1)) : 0;
    }
}
