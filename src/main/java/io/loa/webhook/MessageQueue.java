package io.loa.webhook;

import static io.loa.db.schema.Tables.WEBHOOK_ENDPOINT;
import static io.loa.db.schema.Tables.WEBHOOK_MESSAGE;
import static io.loa.webhook.EndpointStore.at;
import static io.loa.webhook.EndpointStore.instant;
import static org.jooq.impl.DSL.coalesce;
import static org.jooq.impl.DSL.selectOne;
import static org.jooq.impl.DSL.val;

import io.loa.config.RetrySchedule;
import io.loa.db.schema.tables.WebhookMessage;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jooq.DSLContext;

/**
 * The messages webhooks send, one row per message and endpoint: queued in the transaction that takes a change from
 * the stream, then claimed, sent and settled by any instance. An endpoint's messages go out one at a time and in
 * order: only its oldest pending message is ever claimed, so the next waits until that one was delivered or given
 * up. An endpoint failing without a success for {@link #DISABLE_AFTER} is disabled.
 */
public final class MessageQueue {

    /** Messages waiting for one endpoint at most: one more is recorded as given up at once. */
    public static final int MAX_QUEUED = 10_000;
    /** How long an endpoint may fail, with no success between, before it is disabled. */
    static final Duration DISABLE_AFTER = Duration.ofDays(5);
    /** How long settled messages are kept for the receipts. */
    static final Duration KEEP = Duration.ofDays(30);

    private static final SecureRandom RANDOM = new SecureRandom();

    enum State {
        PENDING,
        DELIVERED,
        FAILED
    }

    /** A message claimed for sending: where it goes, what it says, how it is signed. */
    record Message(
            long id,
            String messageId,
            String endpointId,
            String url,
            String secret,
            String payload,
            int attempts,
            long claim) {}

    /** How a message was received: a status, or none and an error when no answer came. */
    record Outcome(Integer status, String error) {
        boolean ok() {
            return status != null && status >= 200 && status < 300;
        }
    }

    /** What became of a message's attempt, or of a message that found its endpoint's queue full. */
    enum Settled {
        DELIVERED,
        RETRIED,
        GIVEN_UP,
        DISABLED,
        QUEUE_FULL;

        /** {@code given-up}: a closed set, so a metric label. */
        String label() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    private final DSLContext dsl;
    private final Clock clock;
    private final RetrySchedule retries;

    public MessageQueue(DSLContext dsl, Clock clock, RetrySchedule retries) {
        this.dsl = dsl;
        this.clock = clock;
        this.retries = retries;
    }

    Instant now() {
        return clock.instant();
    }

    /**
     * Queues a message to {@code endpoint} in the caller's transaction; false when the endpoint has
     * {@link #MAX_QUEUED} waiting already, in which case the message is recorded as given up.
     */
    boolean enqueue(DSLContext tx, String endpoint, long position, String articleId, EventType event, String payload) {
        Instant now = now();
        boolean room = tx.fetchCount(
                        WEBHOOK_MESSAGE,
                        WEBHOOK_MESSAGE.ENDPOINT_ID.eq(endpoint).and(WEBHOOK_MESSAGE.STATE.eq(State.PENDING.name())))
                < MAX_QUEUED;
        tx.insertInto(WEBHOOK_MESSAGE)
                .set(WEBHOOK_MESSAGE.MESSAGE_ID, "msg_" + EndpointStore.random(16))
                .set(WEBHOOK_MESSAGE.ENDPOINT_ID, endpoint)
                .set(WEBHOOK_MESSAGE.POSITION, position)
                .set(WEBHOOK_MESSAGE.ARTICLE_ID, articleId)
                .set(WEBHOOK_MESSAGE.EVENT, event.type())
                .set(WEBHOOK_MESSAGE.PAYLOAD, payload)
                .set(WEBHOOK_MESSAGE.CREATED_AT, at(now))
                .set(WEBHOOK_MESSAGE.STATE, (room ? State.PENDING : State.FAILED).name())
                .set(WEBHOOK_MESSAGE.NEXT_ATTEMPT_AT, room ? at(now) : null)
                .set(WEBHOOK_MESSAGE.LAST_ERROR, room ? null : "not sent: " + MAX_QUEUED + " messages were waiting")
                .execute();
        return room;
    }

    /**
     * Claims, for {@code hold}, up to {@code max} messages that are due and first in their endpoint's queue, for
     * enabled endpoints only. A message another instance holds is left to it.
     */
    List<Message> claim(int max, Duration hold) {
        if (max <= 0) {
            return List.of();
        }
        Instant now = now();
        WebhookMessage m = WEBHOOK_MESSAGE.as("m");
        WebhookMessage older = WEBHOOK_MESSAGE.as("older");
        List<Long> due = dsl.select(m.ID)
                .from(m)
                .join(WEBHOOK_ENDPOINT)
                .on(WEBHOOK_ENDPOINT.ID.eq(m.ENDPOINT_ID))
                .where(m.STATE.eq(State.PENDING.name()))
                .and(WEBHOOK_ENDPOINT.DISABLED_AT.isNull())
                .and(m.NEXT_ATTEMPT_AT.le(at(now)))
                .and(m.CLAIMED_UNTIL.isNull().or(m.CLAIMED_UNTIL.lt(at(now))))
                .andNotExists(selectOne()
                        .from(older)
                        .where(older.ENDPOINT_ID
                                .eq(m.ENDPOINT_ID)
                                .and(older.STATE.eq(State.PENDING.name()))
                                .and(older.ID.lt(m.ID))))
                .orderBy(m.NEXT_ATTEMPT_AT, m.ID)
                .limit(max)
                .fetch(m.ID);
        List<Message> claimed = new ArrayList<>();
        for (long id : due) {
            long claim = RANDOM.nextLong();
            int taken = dsl.update(WEBHOOK_MESSAGE)
                    .set(WEBHOOK_MESSAGE.CLAIM, claim)
                    .set(WEBHOOK_MESSAGE.CLAIMED_UNTIL, at(now.plus(hold)))
                    .where(WEBHOOK_MESSAGE.ID.eq(id).and(WEBHOOK_MESSAGE.STATE.eq(State.PENDING.name())))
                    .and(WEBHOOK_MESSAGE.CLAIMED_UNTIL.isNull().or(WEBHOOK_MESSAGE.CLAIMED_UNTIL.lt(at(now))))
                    .execute();
            if (taken == 1) {
                dsl.select(
                                WEBHOOK_MESSAGE.ID,
                                WEBHOOK_MESSAGE.MESSAGE_ID,
                                WEBHOOK_MESSAGE.ENDPOINT_ID,
                                WEBHOOK_ENDPOINT.URL,
                                WEBHOOK_ENDPOINT.SECRET,
                                WEBHOOK_MESSAGE.PAYLOAD,
                                WEBHOOK_MESSAGE.ATTEMPTS,
                                val(claim))
                        .from(WEBHOOK_MESSAGE)
                        .join(WEBHOOK_ENDPOINT)
                        .on(WEBHOOK_ENDPOINT.ID.eq(WEBHOOK_MESSAGE.ENDPOINT_ID))
                        .where(WEBHOOK_MESSAGE.ID.eq(id))
                        .fetchOptional(r -> new Message(
                                r.value1(),
                                r.value2(),
                                r.value3(),
                                r.value4(),
                                r.value5(),
                                r.value6(),
                                r.value7(),
                                claim))
                        .ifPresent(claimed::add);
            }
        }
        return claimed;
    }

    /**
     * Records how the attempt went, if the claim is still this sender's: delivered, tried again later, or given up
     * after the schedule's last attempt; the endpoint's run of failures ends or goes on, and it is disabled once
     * that run has lasted {@link #DISABLE_AFTER}. Empty when the claim had lapsed and another sender took over.
     */
    Optional<Settled> settle(Message message, Outcome outcome) {
        return dsl.transactionResult(tx -> {
            Instant now = now();
            int attempts = message.attempts() + 1;
            Optional<Instant> retry = outcome.ok() ? Optional.empty() : retries.next(now, attempts);
            State state = outcome.ok() ? State.DELIVERED : retry.isPresent() ? State.PENDING : State.FAILED;
            int mine = tx.dsl()
                    .update(WEBHOOK_MESSAGE)
                    .set(WEBHOOK_MESSAGE.STATE, state.name())
                    .set(WEBHOOK_MESSAGE.ATTEMPTS, attempts)
                    .set(WEBHOOK_MESSAGE.LAST_ATTEMPT_AT, at(now))
                    .set(WEBHOOK_MESSAGE.LAST_STATUS, outcome.status())
                    .set(
                            WEBHOOK_MESSAGE.LAST_ERROR,
                            outcome.error() == null
                                    ? null
                                    : outcome.error()
                                            .substring(
                                                    0,
                                                    Math.min(
                                                            300, outcome.error().length())))
                    .set(
                            WEBHOOK_MESSAGE.NEXT_ATTEMPT_AT,
                            retry.map(EndpointStore::at).orElse(null))
                    .setNull(WEBHOOK_MESSAGE.CLAIM)
                    .setNull(WEBHOOK_MESSAGE.CLAIMED_UNTIL)
                    .where(WEBHOOK_MESSAGE.ID.eq(message.id()).and(WEBHOOK_MESSAGE.CLAIM.eq(message.claim())))
                    .execute();
            if (mine == 0) {
                return Optional.empty();
            }
            if (outcome.ok()) {
                tx.dsl()
                        .update(WEBHOOK_ENDPOINT)
                        .setNull(WEBHOOK_ENDPOINT.FAILING_SINCE)
                        .where(WEBHOOK_ENDPOINT.ID.eq(message.endpointId()))
                        .execute();
                return Optional.of(Settled.DELIVERED);
            }
            tx.dsl()
                    .update(WEBHOOK_ENDPOINT)
                    .set(WEBHOOK_ENDPOINT.FAILING_SINCE, coalesce(WEBHOOK_ENDPOINT.FAILING_SINCE, val(at(now))))
                    .where(WEBHOOK_ENDPOINT.ID.eq(message.endpointId()))
                    .execute();
            int disabled = tx.dsl()
                    .update(WEBHOOK_ENDPOINT)
                    .set(WEBHOOK_ENDPOINT.DISABLED_AT, at(now))
                    .where(WEBHOOK_ENDPOINT.ID.eq(message.endpointId()))
                    .and(WEBHOOK_ENDPOINT.DISABLED_AT.isNull())
                    .and(WEBHOOK_ENDPOINT.FAILING_SINCE.le(at(now.minus(DISABLE_AFTER))))
                    .execute();
            return Optional.of(
                    disabled > 0 ? Settled.DISABLED : retry.isPresent() ? Settled.RETRIED : Settled.GIVEN_UP);
        });
    }

    /** Lets claims go unsent (the server stops), so that they are due at once, here or elsewhere. */
    void release(List<Message> messages) {
        for (Message message : messages) {
            dsl.update(WEBHOOK_MESSAGE)
                    .setNull(WEBHOOK_MESSAGE.CLAIM)
                    .setNull(WEBHOOK_MESSAGE.CLAIMED_UNTIL)
                    .where(WEBHOOK_MESSAGE.ID.eq(message.id()).and(WEBHOOK_MESSAGE.CLAIM.eq(message.claim())))
                    .execute();
        }
    }

    /** Removes settled messages older than {@link #KEEP}. */
    int prune() {
        return dsl.deleteFrom(WEBHOOK_MESSAGE)
                .where(WEBHOOK_MESSAGE.STATE.ne(State.PENDING.name()))
                .and(WEBHOOK_MESSAGE.CREATED_AT.lt(at(now().minus(KEEP))))
                .execute();
    }

    /** What webhooks did with one change of an article: a line per endpoint it was for. */
    public record Receipt(
            String endpoint,
            String url,
            String event,
            String state,
            int attempts,
            Integer status,
            String error,
            Instant lastAttempt,
            Instant nextRetry) {}

    /** The messages made of the change at {@code position} to the article, oldest endpoint first. */
    public List<Receipt> receipts(String articleId, long position) {
        return dsl.select(
                        WEBHOOK_MESSAGE.ENDPOINT_ID,
                        WEBHOOK_ENDPOINT.URL,
                        WEBHOOK_MESSAGE.EVENT,
                        WEBHOOK_MESSAGE.STATE,
                        WEBHOOK_MESSAGE.ATTEMPTS,
                        WEBHOOK_MESSAGE.LAST_STATUS,
                        WEBHOOK_MESSAGE.LAST_ERROR,
                        WEBHOOK_MESSAGE.LAST_ATTEMPT_AT,
                        WEBHOOK_MESSAGE.NEXT_ATTEMPT_AT)
                .from(WEBHOOK_MESSAGE)
                .join(WEBHOOK_ENDPOINT)
                .on(WEBHOOK_ENDPOINT.ID.eq(WEBHOOK_MESSAGE.ENDPOINT_ID))
                .where(WEBHOOK_MESSAGE.ARTICLE_ID.eq(articleId).and(WEBHOOK_MESSAGE.POSITION.eq(position)))
                .orderBy(WEBHOOK_MESSAGE.ID)
                .fetch(r -> new Receipt(
                        r.value1(),
                        r.value2(),
                        r.value3(),
                        r.value4().toLowerCase(java.util.Locale.ROOT),
                        r.value5(),
                        r.value6(),
                        r.value7(),
                        instant(r.value8()),
                        instant(r.value9())));
    }
}
