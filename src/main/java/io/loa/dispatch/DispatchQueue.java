package io.loa.dispatch;

import static io.loa.db.schema.Tables.DISPATCH_REQUEST;
import static io.loa.db.schema.Tables.DISPATCH_SUBJECT;
import static org.jooq.impl.DSL.coalesce;
import static org.jooq.impl.DSL.count;
import static org.jooq.impl.DSL.inline;
import static org.jooq.impl.DSL.partitionBy;
import static org.jooq.impl.DSL.rowNumber;
import static org.jooq.impl.DSL.select;
import static org.jooq.impl.DSL.selectOne;

import io.loa.config.RetrySchedule;
import io.loa.db.schema.tables.DispatchRequest;
import java.net.URI;
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
import org.jooq.Field;
import org.jooq.Table;

/**
 * Outbound requests, one row each: queued in the transaction that takes a change from the stream, then claimed,
 * sent and settled by any instance, and tried again on the {@link RetrySchedule} until it has no delay left.
 * A destination holds at most {@link #MAX_QUEUED} pending requests; one more is recorded as given up at once. An
 * ordered destination's requests go one at a time, in the order queued; the others go as they are due. A host
 * has at most so many requests out at once, from all instances together: a claim passes over a host that has as
 * many out, so that a slow host holds up no other.
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

    /** A request claimed for sending, to {@code host}. */
    record Claimed(
            long id,
            DispatchChannel channel,
            String destination,
            String host,
            OutboundRequest request,
            int attempts,
            long claim) {}

    /**
     * How a request was received: a status, or none and an error when no answer came; and, when its host is not to
     * be called for a while (it said so, or it failed too often), the time before which it is not tried again.
     */
    record Outcome(Integer status, String error, Optional<Instant> notBefore) {
        Outcome(Integer status, String error) {
            this(status, error, Optional.empty());
        }

        boolean ok() {
            return status != null && status >= 200 && status < 300;
        }
    }

    /** What became of an attempt, or of a request that found its destination's queue full. */
    enum Settled {
        DELIVERED,
        RETRIED,
        GIVEN_UP,
        QUEUE_FULL,
        /** Not sent, and not counted as an attempt: its host was open and it waits for the host. */
        DEFERRED;

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
                .set(DISPATCH_REQUEST.HOST, host(request.url()))
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
     * where it is ordered, and no more for one host than leaves it {@code perHost} out at once (claimed and not yet
     * settled, by any instance). A request another instance holds is left to it.
     */
    List<Claimed> claim(int max, Duration hold, int perHost) {
        if (max <= 0) {
            return List.of();
        }
        Instant now = now();
        DispatchRequest r = DISPATCH_REQUEST.as("r");
        DispatchRequest older = DISPATCH_REQUEST.as("older");
        DispatchRequest out = DISPATCH_REQUEST.as("out");
        Field<Integer> rank = rowNumber()
                .over(partitionBy(r.HOST).orderBy(r.NEXT_ATTEMPT_AT, r.ID))
                .as("rank");
        Table<?> due = select(r.ID, r.HOST, r.NEXT_ATTEMPT_AT, rank)
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
                .asTable("due");
        Field<Integer> sent = count().as("sent");
        Table<?> busy = select(out.HOST, sent)
                .from(out)
                .where(out.STATE.eq(State.PENDING.name()))
                .and(out.CLAIMED_UNTIL.ge(at(now)))
                .groupBy(out.HOST)
                .asTable("busy");
        List<Long> ids = dsl.select(due.field(r.ID))
                .from(due)
                .leftJoin(busy)
                .on(busy.field(out.HOST).eq(due.field(r.HOST)))
                .where(due.field(rank)
                        .plus(coalesce(busy.field(sent), inline(0)))
                        .le(perHost))
                .orderBy(due.field(r.NEXT_ATTEMPT_AT), due.field(r.ID))
                .limit(max)
                .fetch(due.field(r.ID));
        List<Claimed> claimed = new ArrayList<>();
        for (long id : ids) {
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
                                row.getHost(),
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

    /** Gives back a claimed request unsent, not to be tried before {@code until}; not counted as an attempt. */
    boolean defer(Claimed request, Instant until) {
        return dsl.update(DISPATCH_REQUEST)
                        .set(DISPATCH_REQUEST.NEXT_ATTEMPT_AT, at(until))
                        .setNull(DISPATCH_REQUEST.CLAIM)
                        .setNull(DISPATCH_REQUEST.CLAIMED_UNTIL)
                        .where(DISPATCH_REQUEST.ID.eq(request.id()).and(DISPATCH_REQUEST.CLAIM.eq(request.claim())))
                        .execute()
                == 1;
    }

    /**
     * Puts off every pending request to {@code host} that is due before {@code until} and out with nobody, so
     * that no instance calls the host before then; their attempts are not counted.
     */
    int deferHost(String host, Instant until) {
        Instant now = now();
        return dsl.update(DISPATCH_REQUEST)
                .set(DISPATCH_REQUEST.NEXT_ATTEMPT_AT, at(until))
                .where(DISPATCH_REQUEST.HOST.eq(host))
                .and(DISPATCH_REQUEST.STATE.eq(State.PENDING.name()))
                .and(DISPATCH_REQUEST.NEXT_ATTEMPT_AT.lt(at(until)))
                .and(DISPATCH_REQUEST.CLAIMED_UNTIL.isNull().or(DISPATCH_REQUEST.CLAIMED_UNTIL.lt(at(now))))
                .execute();
    }

    /** The host of {@code url} in lower case, as requests are counted and deferred by; empty when it has none. */
    static String host(String url) {
        try {
            String host = URI.create(url).getHost();
            // A DNS name has at most 253 characters; a longer "host" cannot be called, and is counted as one.
            return host == null
                    ? ""
                    : host.substring(0, Math.min(host.length(), 255)).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            return "";
        }
    }

    /**
     * Records how the attempt went, if the claim is still this sender's: delivered, tried again later, or given up
     * after the schedule's last attempt. Empty when the claim had lapsed and another sender took over.
     */
    Optional<Settled> settle(Claimed request, Outcome outcome) {
        Instant now = now();
        int attempts = request.attempts() + 1;
        Optional<Instant> retry = outcome.ok()
                ? Optional.empty()
                : retries.next(now, attempts)
                        .map(next -> outcome.notBefore()
                                .filter(wait -> wait.isAfter(next))
                                .orElse(next));
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
