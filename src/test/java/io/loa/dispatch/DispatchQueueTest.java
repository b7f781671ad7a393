package io.loa.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.loa.TestClock;
import io.loa.TestDatabase;
import io.loa.config.RetrySchedule;
import io.loa.db.Database;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The dispatch queue's rules, on a clock the test moves: a delay before the first attempt, retries on the schedule
 * and giving up, order where a destination asks for it, one claim at a time, a few requests out per host, a host's
 * requests put off without losing attempts, and receipts for every change a request covers.
 */
class DispatchQueueTest {

    static final DispatchQueue.Outcome REFUSED = new DispatchQueue.Outcome(503, null);
    static final DispatchQueue.Outcome OK = new DispatchQueue.Outcome(200, null);
    static final RetrySchedule SCHEDULE = new RetrySchedule(List.of(Duration.ofSeconds(5), Duration.ofMinutes(5)));

    final TestClock clock = new TestClock(Instant.parse("2026-01-01T00:00:00Z"));
    String url;
    Database db;
    DispatchQueue queue;

    @BeforeEach
    void open() {
        url = TestDatabase.fresh();
        db = Database.open(url, TestDatabase.user(), "");
        queue = new DispatchQueue(db.dsl(), clock, SCHEDULE);
    }

    @AfterEach
    void close() {
        db.close();
        TestDatabase.drop(url);
    }

    @Test
    void aRequestWaitsItsDelayIsRetriedOnTheScheduleAndThenGivenUp() {
        enqueue(Destination.of("varnish http://127.0.0.1:6081/").after(Duration.ofMillis(500)), "/", "a1", 1);
        assertThat(queue.claim(10, Duration.ofMinutes(1), 4))
                .as("within its delay")
                .isEmpty();
        clock.advance(Duration.ofMillis(500));
        DispatchQueue.Claimed first = only(queue.claim(10, Duration.ofMinutes(1), 4));
        assertThat(first.request().headers()).containsEntry("xkey-purge", "article:a1 feed:all");
        assertThat(queue.claim(10, Duration.ofMinutes(1), 4))
                .as("held by its claim")
                .isEmpty();

        assertThat(queue.settle(first, REFUSED)).hasValue(DispatchQueue.Settled.RETRIED);
        clock.advance(Duration.ofSeconds(5));
        DispatchQueue.Claimed second = only(queue.claim(10, Duration.ofMinutes(1), 4));
        assertThat(second.attempts()).isEqualTo(1);
        assertThat(queue.settle(second, REFUSED)).hasValue(DispatchQueue.Settled.RETRIED);
        clock.advance(Duration.ofMinutes(5));
        DispatchQueue.Claimed third = only(queue.claim(10, Duration.ofMinutes(1), 4));
        assertThat(queue.settle(third, REFUSED)).hasValue(DispatchQueue.Settled.GIVEN_UP);
        clock.advance(Duration.ofDays(1));
        assertThat(queue.claim(10, Duration.ofMinutes(1), 4)).isEmpty();
        assertThat(queue.settle(third, OK)).as("a claim already settled").isEmpty();

        DispatchQueue.Receipt receipt = only(queue.receipts(DispatchChannel.PURGE, "a1", 1));
        assertThat(receipt.state()).isEqualTo("failed");
        assertThat(receipt.attempts()).isEqualTo(3);
        assertThat(receipt.status()).isEqualTo(503);
    }

    @Test
    void anOrderedDestinationsRequestsGoOneAtATimeAndOthersAsTheyAreDue() {
        Destination ordered = new Destination("ordered", true, Duration.ZERO);
        enqueue(ordered, "/one", "a1", 1);
        enqueue(ordered, "/two", "a2", 2);
        enqueue(Destination.of("free"), "/three", "a3", 3);
        enqueue(Destination.of("free"), "/four", "a4", 4);
        List<DispatchQueue.Claimed> claimed = queue.claim(10, Duration.ofMinutes(1), 4);
        assertThat(claimed)
                .extracting(c -> c.request().url())
                .containsExactly("http://x/one", "http://x/three", "http://x/four");
        queue.settle(claimed.get(0), OK);
        assertThat(queue.claim(10, Duration.ofMinutes(1), 4))
                .extracting(c -> c.request().url())
                .containsExactly("http://x/two");
    }

    @Test
    void aRequestCoveringSeveralChangesIsInTheReceiptsOfEach() {
        queue.enqueue(
                db.dsl(),
                DispatchChannel.PURGE,
                Destination.of("varnish"),
                new OutboundRequest("PURGE", "http://x/", Map.of(), null),
                Set.of(new DispatchQueue.Subject("a1", 7), new DispatchQueue.Subject("a2", 8)));
        assertThat(queue.receipts(DispatchChannel.PURGE, "a1", 7)).hasSize(1);
        assertThat(queue.receipts(DispatchChannel.PURGE, "a2", 8)).hasSize(1);
        assertThat(queue.receipts(DispatchChannel.PURGE, "a2", 7))
                .as("another change of it")
                .isEmpty();
        assertThat(queue.receipts(DispatchChannel.INDEXNOW, "a1", 7))
                .as("another channel")
                .isEmpty();
    }

    @Test
    void aHostHasAtMostSoManyRequestsOutAndAClaimPassesOverItToOtherHosts() {
        for (int i = 0; i < 6; i++) {
            enqueueTo("http://slow.example/" + i, "a" + i, i);
        }
        enqueueTo("http://fast.example/one", "b1", 10);
        enqueueTo("http://FAST.example/two", "b2", 11);
        List<DispatchQueue.Claimed> first = queue.claim(100, Duration.ofMinutes(1), 4);
        assertThat(first)
                .extracting(c -> c.request().url())
                .containsExactly(
                        "http://slow.example/0",
                        "http://slow.example/1",
                        "http://slow.example/2",
                        "http://slow.example/3",
                        "http://fast.example/one",
                        "http://FAST.example/two");
        assertThat(first).extracting(DispatchQueue.Claimed::host).contains("fast.example");
        assertThat(queue.claim(100, Duration.ofMinutes(1), 4))
                .as("the slow host has four out")
                .isEmpty();
        queue.settle(first.get(0), OK);
        assertThat(queue.claim(100, Duration.ofMinutes(1), 4))
                .extracting(c -> c.request().url())
                .containsExactly("http://slow.example/4");
        clock.advance(Duration.ofMinutes(2));
        assertThat(queue.claim(100, Duration.ofMinutes(1), 4))
                .as("claims that lapsed are out with nobody")
                .hasSize(6);
    }

    @Test
    void aHostsRequestsArePutOffWithoutLosingAnAttempt() {
        enqueueTo("http://down.example/1", "a1", 1);
        enqueueTo("http://down.example/2", "a2", 2);
        enqueueTo("http://up.example/1", "a3", 3);
        DispatchQueue.Claimed claimed = queue.claim(1, Duration.ofMinutes(1), 4).get(0);
        assertThat(claimed.host()).isEqualTo("down.example");
        Instant until = clock.instant().plusSeconds(30);
        assertThat(queue.defer(claimed, until)).isTrue();
        assertThat(queue.deferHost("down.example", until)).isEqualTo(1);
        assertThat(queue.claim(10, Duration.ofMinutes(1), 4))
                .extracting(c -> c.request().url())
                .containsExactly("http://up.example/1");
        clock.advance(Duration.ofSeconds(30));
        List<DispatchQueue.Claimed> again = queue.claim(10, Duration.ofMinutes(1), 4);
        assertThat(again)
                .extracting(c -> c.request().url())
                .containsExactly("http://down.example/1", "http://down.example/2");
        assertThat(again).extracting(DispatchQueue.Claimed::attempts).containsOnly(0);
    }

    @Test
    void aRetryWaitsForItsHostWhenTheHostAskedForLonger() {
        enqueueTo("http://busy.example/", "a1", 1);
        DispatchQueue.Claimed claimed = queue.claim(1, Duration.ofMinutes(1), 4).get(0);
        Instant asked = clock.instant().plusSeconds(120);
        assertThat(queue.settle(claimed, new DispatchQueue.Outcome(429, null, Optional.of(asked))))
                .hasValue(DispatchQueue.Settled.RETRIED);
        clock.advance(Duration.ofSeconds(119));
        assertThat(queue.claim(1, Duration.ofMinutes(1), 4))
                .as("the schedule's 5 s are past")
                .isEmpty();
        clock.advance(Duration.ofSeconds(1));
        assertThat(queue.claim(1, Duration.ofMinutes(1), 4)).hasSize(1);
    }

    private void enqueueTo(String url, String articleId, long position) {
        assertThat(queue.enqueue(
                        db.dsl(),
                        DispatchChannel.INDEXNOW,
                        Destination.of("engine " + url),
                        new OutboundRequest("POST", url, Map.of(), "{}"),
                        Set.of(new DispatchQueue.Subject(articleId, position))))
                .isTrue();
    }

    private void enqueue(Destination destination, String path, String articleId, long position) {
        assertThat(queue.enqueue(
                        db.dsl(),
                        DispatchChannel.PURGE,
                        destination,
                        new OutboundRequest(
                                "PURGE",
                                "http://x" + path,
                                Map.of("xkey-purge", "article:" + articleId + " feed:all"),
                                null),
                        Set.of(new DispatchQueue.Subject(articleId, position))))
                .isTrue();
    }

    private static <T> T only(List<T> list) {
        assertThat(list).hasSize(1);
        return list.get(0);
    }
}
