package io.loa.websub;

import static io.loa.db.schema.Tables.WEBSUB_REQUEST;
import static io.loa.websub.Columns.at;
import static io.loa.websub.Columns.clip;

import io.loa.db.schema.tables.records.WebsubRequestRecord;
import io.loa.http.UrlNormalForm;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record2;
import org.jooq.Table;
import org.jooq.impl.DSL;

/**
 * Subscription requests waiting for verification of intent, and denials waiting to be sent: in the database,
 * so a restart loses none, claimed by one instance at a time (see {@link Columns#CLAIM}).
 */
final class RequestStore {

    /** The longest topic its column holds. */
    static final int MAX_TOPIC_LENGTH = WEBSUB_REQUEST.TOPIC.getDataType().length();
    /** How long a request that could not be verified stays visible to operators. */
    static final Duration KEEP_FAILED = Duration.ofDays(1);

    /** A request claimed for verification (or a denial, claimed for sending). */
    record Request(long id, long claim, String mode, String topic, String callback, String origin, String secret,
                   Integer leaseSeconds, String reason, int attempts) {}

    private final DSLContext dsl;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    RequestStore(DSLContext dsl, Clock clock) {
        this.dsl = dsl;
        this.clock = clock;
    }

    /**
     * Files a request; it replaces one of the same callback for the same topic still waiting, the newer intent
     * winning. The topic is kept as the subscriber spelled it, as verification echoes it (WebSub 5.3.1), and two
     * spellings of one URL are the same topic (see {@link UrlNormalForm}).
     */
    void request(String mode, String topic, String callback, String secret, Integer leaseSeconds, String reason) {
        String normal = UrlNormalForm.of(topic);
        dsl.transaction(tx -> {
            List<Long> sameTopic = tx.dsl().select(WEBSUB_REQUEST.ID, WEBSUB_REQUEST.TOPIC).from(WEBSUB_REQUEST)
                    .where(WEBSUB_REQUEST.CALLBACK.eq(callback))
                    .fetch().stream()
                    .filter(r -> UrlNormalForm.of(r.value2()).equals(normal))
                    .map(Record2::value1)
                    .toList();
            tx.dsl().deleteFrom(WEBSUB_REQUEST).where(WEBSUB_REQUEST.ID.in(sameTopic)).execute();
            tx.dsl().insertInto(WEBSUB_REQUEST)
                    .set(WEBSUB_REQUEST.MODE, mode)
                    .set(WEBSUB_REQUEST.TOPIC, topic)
                    .set(WEBSUB_REQUEST.CALLBACK, callback)
                    .set(WEBSUB_REQUEST.ORIGIN, Callbacks.origin(callback))
                    .set(WEBSUB_REQUEST.SECRET, secret)
                    .set(WEBSUB_REQUEST.LEASE_SECONDS, leaseSeconds)
                    .set(WEBSUB_REQUEST.REASON, reason)
                    .set(WEBSUB_REQUEST.REQUESTED_AT, at(now()))
                    .set(WEBSUB_REQUEST.NEXT_ATTEMPT_AT, at(now()))
                    .execute();
        });
    }

    /** Requests still waiting to be verified or sent. */
    int waiting() {
        return dsl.fetchCount(WEBSUB_REQUEST, WEBSUB_REQUEST.NEXT_ATTEMPT_AT.isNotNull());
    }

    /**
     * Claims requests that are due: up to {@code limit}, and no more for any callback origin than it has
     * {@code slots} free.
     */
    List<Request> claim(int limit, Slots slots) {
        if (limit <= 0) {
            return List.of();
        }
        return dsl.transactionResult(tx -> {
            OffsetDateTime now = at(now());
            Condition free = WEBSUB_REQUEST.CLAIMED_UNTIL.isNull().or(WEBSUB_REQUEST.CLAIMED_UNTIL.lt(now));
            Field<Integer> rank = DSL.rowNumber()
                    .over(DSL.partitionBy(WEBSUB_REQUEST.ORIGIN).orderBy(WEBSUB_REQUEST.ID)).as("rank");
            Table<?> due = DSL.select(WEBSUB_REQUEST.ID, WEBSUB_REQUEST.ORIGIN, rank).from(WEBSUB_REQUEST)
                    .where(WEBSUB_REQUEST.NEXT_ATTEMPT_AT.le(now), free, slots.open(WEBSUB_REQUEST.ORIGIN))
                    .asTable("due");
            List<Long> candidates = tx.dsl().select(due.field(WEBSUB_REQUEST.ID)).from(due)
                    .where(due.field(rank).le(slots.free(due.field(WEBSUB_REQUEST.ORIGIN))))
                    .orderBy(due.field(WEBSUB_REQUEST.ID)).limit(limit)
                    .fetch(due.field(WEBSUB_REQUEST.ID));
            List<Long> ids = tx.dsl().select(WEBSUB_REQUEST.ID).from(WEBSUB_REQUEST)
                    .where(WEBSUB_REQUEST.ID.in(candidates), free)
                    .forUpdate().skipLocked()
                    .fetch(WEBSUB_REQUEST.ID);
            if (ids.isEmpty()) {
                return List.of();
            }
            long claim = random.nextLong();
            tx.dsl().update(WEBSUB_REQUEST)
                    .set(WEBSUB_REQUEST.CLAIM, claim)
                    .set(WEBSUB_REQUEST.CLAIMED_UNTIL, at(now().plus(Columns.CLAIM)))
                    .where(WEBSUB_REQUEST.ID.in(ids))
                    .execute();
            return tx.dsl().selectFrom(WEBSUB_REQUEST).where(WEBSUB_REQUEST.ID.in(ids)).orderBy(WEBSUB_REQUEST.ID)
                    .fetch(r -> new Request(r.getId(), claim, r.getMode(), r.getTopic(), r.getCallback(), r.getOrigin(),
                            r.getSecret(),
                            r.getLeaseSeconds(), r.getReason(), r.getAttempts()));
        });
    }

    /** The request is done with: verified and applied, or its denial sent. */
    void done(Request request) {
        dsl.deleteFrom(WEBSUB_REQUEST)
                .where(WEBSUB_REQUEST.ID.eq(request.id()), WEBSUB_REQUEST.CLAIM.eq(request.claim()))
                .execute();
    }

    /** Records a failed attempt; {@code retryAt} null ends the request, which stays visible for a day. */
    void failed(Request request, Integer status, String error, Instant retryAt) {
        dsl.update(WEBSUB_REQUEST)
                .set(WEBSUB_REQUEST.ATTEMPTS, WEBSUB_REQUEST.ATTEMPTS.plus(1))
                .set(WEBSUB_REQUEST.LAST_STATUS, status)
                .set(WEBSUB_REQUEST.LAST_ERROR, clip(error))
                .set(WEBSUB_REQUEST.NEXT_ATTEMPT_AT, retryAt == null ? null : at(retryAt))
                .setNull(WEBSUB_REQUEST.CLAIM)
                .setNull(WEBSUB_REQUEST.CLAIMED_UNTIL)
                .where(WEBSUB_REQUEST.ID.eq(request.id()), WEBSUB_REQUEST.CLAIM.eq(request.claim()))
                .execute();
    }


    /** Lets go of claims without an attempt counted: the requests stay due, for this or another instance. */
    void release(List<Request> requests) {
        dsl.update(WEBSUB_REQUEST)
                .setNull(WEBSUB_REQUEST.CLAIM)
                .setNull(WEBSUB_REQUEST.CLAIMED_UNTIL)
                .where(WEBSUB_REQUEST.ID.in(requests.stream().map(Request::id).toList()))
                .and(WEBSUB_REQUEST.CLAIM.in(requests.stream().map(Request::claim).toList()))
                .execute();
    }

    /** Drops failed requests operators have had a day to see. */
    void expire() {
        dsl.deleteFrom(WEBSUB_REQUEST)
                .where(WEBSUB_REQUEST.NEXT_ATTEMPT_AT.isNull(), WEBSUB_REQUEST.REQUESTED_AT.lt(at(now().minus(KEEP_FAILED))))
                .execute();
    }

    List<WebsubRequestRecord> list(int limit) {
        return dsl.selectFrom(WEBSUB_REQUEST).orderBy(WEBSUB_REQUEST.ID.desc()).limit(limit).fetch();
    }

    Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
