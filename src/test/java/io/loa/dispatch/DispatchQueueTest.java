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
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The dispatch queue's rules, on a clock the test moves: a delay before the first attempt, retries on the schedule
 * and giving up, order where a destination asks for it, one claim at a time, and receipts for every change a
 * request covers.
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
        assertThat(queue.claim(10, Duration.ofMinutes(1)))
                .as("within its delay")
                .isEmpty();
        clock.advance(Duration.ofMillis(500));
        DispatchQueue.Claimed first = only(queue.claim(10, Duration.ofMinutes(1)));
        assertThat(first.request().headers()).containsEntry("xkey-purge", "article:a1 feed:all");
        assertThat(queue.claim(10, Duration.ofMinutes(1)))
                .as("held by its claim")
                .isEmpty();

        assertThat(queue.settle(first, REFUSED)).hasValue(DispatchQueue.Settled.RETRIED);
        clock.advance(Duration.ofSeconds(5));
        DispatchQueue.Claimed second = only(queue.claim(10, Duration.ofMinutes(1)));
        assertThat(second.attempts()).isEqualTo(1);
        assertThat(queue.settle(second, REFUSED)).hasValue(DispatchQueue.Settled.RETRIED);
        clock.advance(Duration.ofMinutes(5));
        DispatchQueue.Claimed third = only(queue.claim(10, Duration.ofMinutes(1)));
        assertThat(queue.settle(third, REFUSED)).hasValue(DispatchQueue.Settled.GIVEN_UP);
        clock.advance(Duration.ofDays(1));
        assertThat(queue.claim(10, Duration.ofMinutes(1))).isEmpty();
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
        List<DispatchQueue.Claimed> claimed = queue.claim(10, Duration.ofMinutes(1));
        assertThat(claimed)
                .extracting(c -> c.request().url())
                .containsExactly("http://x/one", "http://x/three", "http://x/four");
        queue.settle(claimed.get(0), OK);
        assertThat(queue.claim(10, Duration.ofMinutes(1)))
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
