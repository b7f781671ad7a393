package io.loa.webhook;

import static io.loa.db.schema.Tables.WEBHOOK_MESSAGE;
import static org.assertj.core.api.Assertions.assertThat;

import io.loa.TestClock;
import io.loa.TestDatabase;
import io.loa.config.ConfigLoader;
import io.loa.config.RetrySchedule;
import io.loa.config.Site;
import io.loa.db.Database;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The queue's rules, on a clock the test moves: the retry schedule, giving up, the order per endpoint, disabling
 * an endpoint that fails for five days and enabling it again, and the bound on what waits for one endpoint.
 */
class MessageQueueTest {

    static final MessageQueue.Outcome REFUSED = new MessageQueue.Outcome(500, null);
    static final MessageQueue.Outcome NO_ANSWER =
            new MessageQueue.Outcome(null, "ConnectException: Connection refused");
    static final MessageQueue.Outcome OK = new MessageQueue.Outcome(204, null);

    final TestClock clock = new TestClock(Instant.parse("2026-01-01T00:00:00Z"));
    String url;
    Database db;
    EndpointStore endpoints;
    MessageQueue queue;
    long position;

    @BeforeEach
    void open() {
        url = TestDatabase.fresh();
        db = Database.open(url, TestDatabase.user(), "");
        endpoints = new EndpointStore(db.dsl(), clock);
        queue = new MessageQueue(db.dsl(), clock, RetrySchedule.STANDARD);
    }

    @AfterEach
    void close() {
        db.close();
        TestDatabase.drop(url);
    }

    @Test
    void aFailingMessageIsRetriedOnTheStandardScheduleThenGivenUpAndTheNextOneGoes() {
        String endpoint = endpoint();
        enqueue(endpoint, "first");
        enqueue(endpoint, "second");
        List<Duration> waited = new ArrayList<>();
        Optional<MessageQueue.Settled> settled = Optional.empty();
        for (int attempt = 1; attempt <= 8; attempt++) {
            MessageQueue.Message message = claimOne();
            assertThat(message.payload()).as("attempt " + attempt).isEqualTo("first");
            assertThat(message.attempts()).isEqualTo(attempt - 1);
            settled = queue.settle(message, attempt % 2 == 0 ? REFUSED : NO_ANSWER);
            Instant failedAt = clock.instant();
            if (attempt < 8) {
                assertThat(settled).hasValue(MessageQueue.Settled.RETRIED);
                assertThat(queue.claim(10, Duration.ofMinutes(1)))
                        .as("not due yet, and the second waits")
                        .isEmpty();
                Duration delay = RetrySchedule.STANDARD.delays().get(attempt - 1);
                clock.set(failedAt.plus(delay));
                waited.add(delay);
            }
        }
        assertThat(settled).hasValue(MessageQueue.Settled.GIVEN_UP);
        assertThat(waited.stream().reduce(Duration.ZERO, Duration::plus)).isGreaterThan(Duration.ofDays(1));
        MessageQueue.Message next = claimOne();
        assertThat(next.payload()).isEqualTo("second");
        assertThat(queue.settle(next, OK)).hasValue(MessageQueue.Settled.DELIVERED);
        assertThat(queue.receipts("article", 1)).singleElement().satisfies(receipt -> {
            assertThat(receipt.state()).isEqualTo("failed");
            assertThat(receipt.attempts()).isEqualTo(8);
            assertThat(receipt.status()).isEqualTo(500);
            assertThat(receipt.nextRetry()).isNull();
        });
        assertThat(queue.receipts("article", 2))
                .singleElement()
                .satisfies(receipt -> assertThat(receipt.state()).isEqualTo("delivered"));
    }

    @Test
    void anEndpointFailingForFiveDaysIsDisabledUntilEnabled() {
        String endpoint = endpoint();
        for (int i = 0; i < 6; i++) {
            enqueue(endpoint, "message " + i);
        }
        Instant firstFailure = clock.instant();
        Optional<MessageQueue.Settled> settled = Optional.empty();
        while (clock.instant().isBefore(firstFailure.plus(MessageQueue.DISABLE_AFTER))) {
            settled = queue.settle(claimOne(), REFUSED);
            assertThat(settled).isNotEqualTo(Optional.of(MessageQueue.Settled.DISABLED));
            clock.advance(Duration.ofHours(10));
        }
        settled = queue.settle(claimOne(), REFUSED);
        assertThat(settled).hasValue(MessageQueue.Settled.DISABLED);
        assertThat(endpoints.find(endpoint).orElseThrow().disabled()).isEqualTo(clock.instant());
        clock.advance(Duration.ofDays(1));
        assertThat(queue.claim(10, Duration.ofMinutes(1)))
                .as("a disabled endpoint is sent nothing")
                .isEmpty();

        assertThat(endpoints.enable(endpoint)).isTrue();
        Endpoint enabled = endpoints.find(endpoint).orElseThrow();
        assertThat(enabled.disabled()).isNull();
        assertThat(enabled.failingSince()).isNull();
        assertThat(queue.settle(claimOne(), OK)).hasValue(MessageQueue.Settled.DELIVERED);
    }

    @Test
    void aSuccessEndsTheRunOfFailuresThatWouldDisableTheEndpoint() {
        String endpoint = endpoint();
        for (int i = 0; i < 3; i++) {
            enqueue(endpoint, "message " + i);
        }
        queue.settle(claimOne(), REFUSED);
        clock.advance(Duration.ofDays(4));
        queue.settle(claimOne(), OK);
        clock.advance(Duration.ofDays(2));
        assertThat(queue.settle(claimOne(), REFUSED)).hasValue(MessageQueue.Settled.RETRIED);
        assertThat(endpoints.find(endpoint).orElseThrow().failingSince()).isEqualTo(clock.instant());
    }

    @Test
    void aClaimedMessageIsNotClaimedAgainUntilItsClaimLapses() {
        String endpoint = endpoint();
        enqueue(endpoint, "once");
        MessageQueue.Message claimed = claimOne();
        assertThat(queue.claim(10, Duration.ofMinutes(1))).isEmpty();
        clock.advance(Duration.ofMinutes(2));
        MessageQueue.Message again = claimOne();
        assertThat(again.id()).isEqualTo(claimed.id());
        assertThat(queue.settle(claimed, OK))
                .as("the lapsed claim no longer settles it")
                .isEmpty();
        assertThat(queue.settle(again, OK)).hasValue(MessageQueue.Settled.DELIVERED);
    }

    @Test
    void aMessageBeyondTheQueuesBoundIsRecordedAsNotSent() {
        String endpoint = endpoint();
        db.dsl().transaction(tx -> {
            assertThat(queue.enqueue(tx.dsl(), endpoint, ++position, "article", EventType.UPDATED, "{}"))
                    .isTrue();
            // The rest of a full queue in one statement: as many enqueues one by one take most of a minute.
            var rows = tx.dsl()
                    .insertInto(
                            WEBHOOK_MESSAGE,
                            WEBHOOK_MESSAGE.MESSAGE_ID,
                            WEBHOOK_MESSAGE.ENDPOINT_ID,
                            WEBHOOK_MESSAGE.POSITION,
                            WEBHOOK_MESSAGE.ARTICLE_ID,
                            WEBHOOK_MESSAGE.EVENT,
                            WEBHOOK_MESSAGE.PAYLOAD,
                            WEBHOOK_MESSAGE.CREATED_AT,
                            WEBHOOK_MESSAGE.STATE,
                            WEBHOOK_MESSAGE.NEXT_ATTEMPT_AT);
            OffsetDateTime now = clock.instant().atOffset(ZoneOffset.UTC);
            for (int i = 1; i < MessageQueue.MAX_QUEUED; i++) {
                rows = rows.values(
                        "msg_" + i, endpoint, ++position, "article", "article.updated", "{}", now, "PENDING", now);
            }
            rows.execute();
            assertThat(queue.enqueue(tx.dsl(), endpoint, ++position, "article", EventType.UPDATED, "{}"))
                    .isFalse();
        });
        assertThat(queue.receipts("article", position)).singleElement().satisfies(receipt -> {
            assertThat(receipt.state()).isEqualTo("failed");
            assertThat(receipt.error()).contains("waiting");
        });
    }

    private String endpoint() {
        Site site = new ConfigLoader().load(Path.of("feeds-config"));
        return endpoints
                .create(EndpointRequest.of("https://receiver.example/hook", List.of("article.updated"), Set.of(), site))
                .endpoint()
                .id();
    }

    private void enqueue(String endpoint, String payload) {
        long at = ++position;
        db.dsl().transaction(tx -> queue.enqueue(tx.dsl(), endpoint, at, "article", EventType.UPDATED, payload));
    }

    private MessageQueue.Message claimOne() {
        List<MessageQueue.Message> claimed = queue.claim(10, Duration.ofMinutes(1));
        assertThat(claimed).hasSize(1);
        return claimed.get(0);
    }
}
