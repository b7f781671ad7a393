package io.loa.dispatch;

import static io.loa.db.schema.Tables.DISPATCH_REQUEST;
import static io.loa.db.schema.Tables.DISPATCH_SUBJECT;
import static org.jooq.impl.DSL.selectOne;

import io.loa.config.RetrySchedule;
import io.loa.db.schema.tables.DispatchRequest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jooq.DSLContext;

/**
 * Outbound requests, one row each: queued in the transaction that takes a change from the stream, then claimed,
 * sent and settled by any instance, and tried again on the {@link RetrySchedule} until it has no delay left.
 * A destination holds at most {@link #MAX_QUEUED} pending requests; one more is recorded as given up at once. An
 * ordered destination's requests go one at a time, in the order queued; the others go as they are due.
 */
public final class DispatchQueue {

    /** Requests pending for one destination at most. */
    public static final int MAX_QUEUED = 10_000;
    /** How long settled requests are kept for the receipts. */
    static final Duration KEEP = Duration.ofDays(30);
    /** Receipts one change shows of one channel at most. */
    static final int MAX_RECEIPTS = 100;

    private static final SecureRandom RANDOM = new SecureRandom();

    enum State {
        PENDING,
        DELIVERED,
        FAILED
    }

    /** A change of the stream that a request acts on. */
    public record Subject(String articleId, long position) {}

    /** A request claimed for sending. */
    record Claimed(
            long id, DispatchChannel channel, String destination, OutboundRequest request, int attempts, long claim) {}

    /** How a request was received: a status, or none and an error when no answer came. */
    record Outcome(Integer status, String error) {
        boolean ok() {
            return status != null && status >= 200 && status < 300;
        }
    }

    /** What became of an attempt, or of a request that found its destination's queue full. */
    enum Settled {
        DELIVERED,
        RETRIED,
        GIVEN_UP,
        QUEUE_FULL;

        /** {@code given-up}: a closed set, so a metric label. */
        String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /** A request as its receipt shows it. */
    record Receipt(
            String destination,
            String method,
            String url,
            String state,
            int attempts,
            Integer status,
            String error,
            Instant lastAttempt,
            Instant nextRetry) {}

    private final DSLContext dsl;
    private final Clock clock;
    private final RetrySchedule retries;

    public DispatchQueue(DSLContext dsl, Clock clock, RetrySchedule retries) {
        this.dsl = dsl;
        this.clock = clock;
        this.retries = retries;
    }

    Instant now() {
        return clock.instant();
    }

    /**
     * Queues {@code request} to {@code destination}, due after its delay, in the caller's transaction, for the changes {@code subjects};
     * false when the destination has {@link #MAX_QUEUED} pending already, in which case it is recorded as given up.
     */
    boolean enqueue(
            DSLContext tx,
            DispatchChannel channel,
            Destination destination,
            OutboundRequest request,
            Collection<Subject> subjects) {
        Instant now = now();
        boolean room = tx.fetchCount(
                        DISPATCH_REQUEST,
                        DISPATCH_REQUEST
                                .DESTINATION
                                .eq(destination.name())
                                .and(DISPATCH_REQUEST.STATE.eq(State.PENDING.name())))
                < MAX_QUEUED;
        long id = tx.insertInto(DISPATCH_REQUEST)
                .set(DISPATCH_REQUEST.CHANNEL, channel.name())
                .set(DISPATCH_REQUEST.DESTINATION, destination.name())
                .set(DISPATCH_REQUEST.ORDERED, destination.ordered())
                .set(DISPATCH_REQUEST.METHOD, request.method())
                .set(DISPATCH_REQUEST.URL, request.url())
                .set(DISPATCH_REQUEST.HEADERS, request.headerLines())
                .set(DISPATCH_REQUEST.BODY, request.body())
                .set(DISPATCH_REQUEST.CREATED_AT, at(now))
                .set(DISPATCH_REQUEST.STATE, (room ? State.PENDING : State.FAILED).name())
                .set(DISPATCH_REQUEST.NEXT_ATTEMPT_AT, room ? at(now.plus(destination.delay())) : null)
                .set(DISPATCH_REQUEST.LAST_ERROR, room ? null : "not sent: " + MAX_QUEUED + " requests were waiting")
                .returningResult(DISPATCH_REQUEST.ID)
                .fetchOne()
                .value1();
        for (Subject subject : new LinkedHashSet<>(subjects)) {
            tx.insertInto(DISPATCH_SUBJECT)
                    .set(DISPATCH_SUBJECT.REQUEST_ID, id)
                    .set(DISPATCH_SUBJECT.ARTICLE_ID, subject.articleId())
                    .set(DISPATCH_SUBJECT.POSITION, subject.position())
                    .execute();
        }
        return room;
    }

    /**
     * Claims, for {@code hold}, up to {@code max} requests that are due, and first in their destination's queue
     * where it is ordered. A request another instance holds is left to it.
     */
    List<Claimed> claim(int max, Duration hold) {
        if (max <= 0) {
            return List.of();
        }
        Instant now = now();
        DispatchRequest r = DISPATCH_REQUEST.as("r");
        DispatchRequest older = DISPATCH_REQUEST.as("older");
        List<Long> due = dsl.select(r.ID)
                .from(r)
                .where(r.STATE.eq(State.PENDING.name()))
                .and(r.NEXT_ATTEMPT_AT.le(at(now)))
                .and(r.CLAIMED_UNTIL.isNull().or(r.CLAIMED_UNTIL.lt(at(now))))
                .and(r.ORDERED
                        .isFalse()
                        .orNotExists(selectOne()
                                .from(older)
                                .where(older.DESTINATION
                                        .eq(r.DESTINATION)
                                        .and(older.STATE.eq(State.PENDING.name()))
                                        .and(older.ID.lt(r.ID)))))
                .orderBy(r.NEXT_ATTEMPT_AT, r.ID)
                .limit(max)
                .fetch(r.ID);
        List<Claimed> claimed = new ArrayList<>();
        for (long id : due) {
            long claim = RANDOM.nextLong();
            int taken = dsl.update(DISPATCH_REQUEST)
                    .set(DISPATCH_REQUEST.CLAIM, claim)
                    .set(DISPATCH_REQUEST.CLAIMED_UNTIL, at(now.plus(hold)))
                    .where(DISPATCH_REQUEST.ID.eq(id).and(DISPATCH_REQUEST.STATE.eq(State.PENDING.name())))
                    .and(DISPATCH_REQUEST.CLAIMED_UNTIL.isNull().or(DISPATCH_REQUEST.CLAIMED_UNTIL.lt(at(now))))
                    .execute();
            if (taken == 1) {
                dsl.selectFrom(DISPATCH_REQUEST)
                        .where(DISPATCH_REQUEST.ID.eq(id))
                        .fetchOptional(row -> new Claimed(
                                row.getId(),
                                DispatchChannel.valueOf(row.getChannel()),
                                row.getDestination(),
                                new OutboundRequest(
                                        row.getMethod(),
                                        row.getUrl(),
                                        OutboundRequest.headers(row.getHeaders()),
                                        row.getBody()),
                                row.getAttempts(),
                                claim))
                        .ifPresent(claimed::add);
            }
        }
        return claimed;
    }

    /**
     * Records how the attempt went, if the claim is still this sender's: delivered, tried again later, or given up
     * after the schedule's last attempt. Empty when the claim had lapsed and another sender took over.
     */
    Optional<Settled> settle(Claimed request, Outcome outcome) {
        Instant now = now();
        int attempts = request.attempts() + 1;
        Optional<Instant> retry = outcome.ok() ? Optional.empty() : retries.next(now, attempts);
        State state = outcome.ok() ? State.DELIVERED : retry.isPresent() ? State.PENDING : State.FAILED;
        String error = outcome.error() == null
                ? null
                : outcome.error().substring(0, Math.min(300, outcome.error().length()));
        int mine = dsl.update(DISPATCH_REQUEST)
                .set(DISPATCH_REQUEST.STATE, state.name())
                .set(DISPATCH_REQUEST.ATTEMPTS, attempts)
                .set(DISPATCH_REQUEST.LAST_ATTEMPT_AT, at(now))
                .set(DISPATCH_REQUEST.LAST_STATUS, outcome.status())
                .set(DISPATCH_REQUEST.LAST_ERROR, error)
                .set(
                        DISPATCH_REQUEST.NEXT_ATTEMPT_AT,
                        retry.map(DispatchQueue::at).orElse(null))
                .setNull(DISPATCH_REQUEST.CLAIM)
                .setNull(DISPATCH_REQUEST.CLAIMED_UNTIL)
                .where(DISPATCH_REQUEST.ID.eq(request.id()).and(DISPATCH_REQUEST.CLAIM.eq(request.claim())))
                .execute();
        if (mine == 0) {
            return Optional.empty();
        }
        return Optional.of(outcome.ok() ? Settled.DELIVERED : retry.isPresent() ? Settled.RETRIED : Settled.GIVEN_UP);
    }

    /** Removes settled requests older than {@link #KEEP}, with their subjects. */
    int prune() {
        return dsl.deleteFrom(DISPATCH_REQUEST)
                .where(DISPATCH_REQUEST.STATE.ne(State.PENDING.name()))
                .and(DISPATCH_REQUEST.CREATED_AT.lt(at(now().minus(KEEP))))
                .execute();
    }

    /** The requests of {@code channel} for one change of an article, oldest first, at most {@link #MAX_RECEIPTS}. */
    List<Receipt> receipts(DispatchChannel channel, String articleId, long position) {
        return dsl.select(
                        DISPATCH_REQUEST.DESTINATION,
                        DISPATCH_REQUEST.METHOD,
                        DISPATCH_REQUEST.URL,
                        DISPATCH_REQUEST.STATE,
                        DISPATCH_REQUEST.ATTEMPTS,
                        DISPATCH_REQUEST.LAST_STATUS,
                        DISPATCH_REQUEST.LAST_ERROR,
                        DISPATCH_REQUEST.LAST_ATTEMPT_AT,
                        DISPATCH_REQUEST.NEXT_ATTEMPT_AT)
                .from(DISPATCH_SUBJECT)
                .join(DISPATCH_REQUEST)
                .on(DISPATCH_REQUEST.ID.eq(DISPATCH_SUBJECT.REQUEST_ID))
                .where(DISPATCH_SUBJECT.ARTICLE_ID.eq(articleId).and(DISPATCH_SUBJECT.POSITION.eq(position)))
                .and(DISPATCH_REQUEST.CHANNEL.eq(channel.name()))
                .orderBy(DISPATCH_REQUEST.ID)
                .limit(MAX_RECEIPTS)
                .fetch(r -> new Receipt(
                        r.value1(),
                        r.value2(),
                        r.value3(),
                        r.value4().toLowerCase(Locale.ROOT),
                        r.value5(),
                        r.value6(),
                        r.value7(),
                        instant(r.value8()),
                        instant(r.value9())));
    }

    static OffsetDateTime at(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(OffsetDateTime at) {
        return at == null ? null : at.toInstant();
    }
}
