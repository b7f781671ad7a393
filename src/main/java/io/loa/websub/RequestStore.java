package io.loa.websub;

import static io.loa.db.schema.Tables.WEBSUB_REQUEST;
import static io.loa.websub.Columns.at;
import static io.loa.websub.Columns.clip;

import io.loa.db.schema.tables.records.WebsubRequestRecord;
import io.loa.http.UrlNormalForm;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Record2;
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
    /**
     * Failed requests kept per callback host, the newest: they are kept only to show operators why, and the newest
     * hundred say that as well as more would. Without a bound, anyone could fill the table with requests that fail
     * at once (their callback does not echo), as fast as the bounds on waiting requests let them file new ones.
     */
    static final int MAX_FAILED_PER_HOST = 100;
    /** Failed requests kept in all, the newest: the same, for requests that spread over many host names. */
    static final int MAX_FAILED = 10_000;

    /** A request claimed for verification (or a denial, claimed for sending). */
    record Request(
            long id,
            long claim,
            String mode,
            String topic,
            String callback,
            String host,
            String secret,
            Integer leaseSeconds,
            String reason,
            int attempts) {}

    private final DSLContext dsl;
    private final Clock clock;
    private final Claims<WebsubRequestRecord> claims = new Claims<>(
            WEBSUB_REQUEST,
            WEBSUB_REQUEST.ID,
            WEBSUB_REQUEST.HOST,
            WEBSUB_REQUEST.NEXT_ATTEMPT_AT,
            WEBSUB_REQUEST.CLAIM,
            WEBSUB_REQUEST.CLAIMED_UNTIL);

    RequestStore(DSLContext dsl, Clock clock) {
        this.dsl = dsl;
        this.clock = clock;
    }

    /**
     * Files a request; it replaces one of the same callback for the same topic still waiting, the newer intent
     * winning. The topic is kept as the subscriber spelled it, as verification echoes it (WebSub 5.3.1), and two
     * spellings of one URL are the same topic (see {@link UrlNormalForm}).
     *
     * @param client the address the request came from; null for a denial the hub sends of its own accord
     */
    void request(
            String mode,
            String topic,
            String callback,
            String secret,
            Integer leaseSeconds,
            String reason,
            String client) {
        String normal = UrlNormalForm.of(topic);
        dsl.transaction(tx -> {
            List<Long> sameTopic = tx
                    .dsl()
                    .select(WEBSUB_REQUEST.ID, WEBSUB_REQUEST.TOPIC)
                    .from(WEBSUB_REQUEST)
                    .where(WEBSUB_REQUEST.CALLBACK.eq(callback))
                    .fetch()
                    .stream()
                    .filter(r -> UrlNormalForm.of(r.value2()).equals(normal))
                    .map(Record2::value1)
                    .toList();
            tx.dsl()
                    .deleteFrom(WEBSUB_REQUEST)
                    .where(WEBSUB_REQUEST.ID.in(sameTopic))
                    .execute();
            tx.dsl()
                    .insertInto(WEBSUB_REQUEST)
                    .set(WEBSUB_REQUEST.MODE, mode)
                    .set(WEBSUB_REQUEST.TOPIC, topic)
                    .set(WEBSUB_REQUEST.CALLBACK, callback)
                    .set(WEBSUB_REQUEST.ORIGIN, Callbacks.origin(callback))
                    .set(WEBSUB_REQUEST.HOST, Callbacks.host(callback))
                    .set(WEBSUB_REQUEST.CLIENT, client)
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

    /** Requests from this client address still waiting. */
    int waitingFrom(String client) {
        return dsl.fetchCount(
                WEBSUB_REQUEST, WEBSUB_REQUEST.CLIENT.eq(client), WEBSUB_REQUEST.NEXT_ATTEMPT_AT.isNotNull());
    }

    /** Requests for callbacks on this host still waiting. */
    int waitingFor(String host) {
        return dsl.fetchCount(WEBSUB_REQUEST, WEBSUB_REQUEST.HOST.eq(host), WEBSUB_REQUEST.NEXT_ATTEMPT_AT.isNotNull());
    }

    /**
     * Claims requests that are due: up to {@code limit}, and no more for any callback host than it has
     * {@code slots} free.
     */
    List<Request> claim(int limit, Slots slots) {
        Claims.Claimed<WebsubRequestRecord> claimed =
                claims.claim(dsl, now(), limit, slots, DSL.noCondition(), WEBSUB_REQUEST.ID.asc());
        return claimed.rows().stream()
                .map(r -> new Request(
                        r.getId(),
                        claimed.claim(),
                        r.getMode(),
                        r.getTopic(),
                        r.getCallback(),
                        r.getHost(),
                        r.getSecret(),
                        r.getLeaseSeconds(),
                        r.getReason(),
                        r.getAttempts()))
                .toList();
    }

    /** The request is done with: verified and applied, or its denial sent. */
    void done(Request request) {
        dsl.deleteFrom(WEBSUB_REQUEST)
                .where(WEBSUB_REQUEST.ID.eq(request.id()), WEBSUB_REQUEST.CLAIM.eq(request.claim()))
                .execute();
    }

    /**
     * Records a failed attempt; {@code retryAt} null ends the request, which stays visible for a day, or until
     * newer failures push it out (see {@link #MAX_FAILED_PER_HOST}).
     */
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
        if (retryAt == null) {
            keepNewestFailed(WEBSUB_REQUEST.HOST.eq(request.host()), MAX_FAILED_PER_HOST);
            keepNewestFailed(DSL.noCondition(), MAX_FAILED);
        }
    }

    /** Drops the failed requests that meet {@code which} but the newest {@code keep} of them. */
    private void keepNewestFailed(Condition which, int keep) {
        Condition failed = WEBSUB_REQUEST.NEXT_ATTEMPT_AT.isNull().and(which);
        Long newestDropped = dsl.select(WEBSUB_REQUEST.ID)
                .from(WEBSUB_REQUEST)
                .where(failed)
                .orderBy(WEBSUB_REQUEST.ID.desc())
                .offset(keep)
                .limit(1)
                .fetchOne(WEBSUB_REQUEST.ID);
        if (newestDropped != null) {
            dsl.deleteFrom(WEBSUB_REQUEST)
                    .where(failed, WEBSUB_REQUEST.ID.le(newestDropped))
                    .execute();
        }
    }

    /** Lets go of claims without an attempt counted: the requests stay due, for this or another instance. */
    void release(List<Request> requests) {
        dsl.update(WEBSUB_REQUEST)
                .setNull(WEBSUB_REQUEST.CLAIM)
                .setNull(WEBSUB_REQUEST.CLAIMED_UNTIL)
                .where(WEBSUB_REQUEST.ID.in(requests.stream().map(Request::id).toList()))
                .and(WEBSUB_REQUEST.CLAIM.in(
                        requests.stream().map(Request::claim).toList()))
                .execute();
    }

    /** Drops failed requests operators have had a day to see. */
    void expire() {
        dsl.deleteFrom(WEBSUB_REQUEST)
                .where(
                        WEBSUB_REQUEST.NEXT_ATTEMPT_AT.isNull(),
                        WEBSUB_REQUEST.REQUESTED_AT.lt(at(now().minus(KEEP_FAILED))))
                .execute();
    }

    List<WebsubRequestRecord> list(int limit) {
        return dsl.selectFrom(WEBSUB_REQUEST)
                .orderBy(WEBSUB_REQUEST.ID.desc())
                .limit(limit)
                .fetch();
    }

    Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
