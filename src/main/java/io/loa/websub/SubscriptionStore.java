package io.loa.websub;

import static io.loa.db.schema.Tables.WEBSUB_SUBSCRIPTION;
import static io.loa.websub.Columns.at;
import static io.loa.websub.Columns.clip;

import io.loa.db.schema.tables.records.WebsubSubscriptionRecord;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Query;
import org.jooq.UpdateSetMoreStep;
import org.jooq.impl.DSL;

/**
 * Who is told of which topic's changes, and which of them have a delivery due: verified subscribers (sent the
 * new document) and other hubs (sent a publish ping). Changes reach it from the change stream, whichever
 * instance wrote them; deliveries are claimed by one instance at a time (see {@link Columns#CLAIM}).
 */
final class SubscriptionStore {

    static final String CONTENT = "content";
    static final String PUBLISH = "publish";

    /** A delivery claimed for sending: the subscription and how many changes sending it now covers. */
    record Delivery(
            long id,
            long claim,
            String topic,
            String callback,
            String origin,
            String kind,
            String secret,
            long changes,
            int attempts,
            String sentEtag) {}

    private final DSLContext dsl;
    private final Clock clock;
    private final Claims<WebsubSubscriptionRecord> claims = new Claims<>(
            WEBSUB_SUBSCRIPTION,
            WEBSUB_SUBSCRIPTION.ID,
            WEBSUB_SUBSCRIPTION.ORIGIN,
            WEBSUB_SUBSCRIPTION.NEXT_ATTEMPT_AT,
            WEBSUB_SUBSCRIPTION.CLAIM,
            WEBSUB_SUBSCRIPTION.CLAIMED_UNTIL);

    SubscriptionStore(DSLContext dsl, Clock clock) {
        this.dsl = dsl;
        this.clock = clock;
    }

    /** A verified subscription, new or renewed: a renewal keeps any delivery still due. */
    void subscribe(String topic, String callback, String secret, int leaseSeconds) {
        OffsetDateTime now = at(now());
        OffsetDateTime expires = at(now().plusSeconds(leaseSeconds));
        dsl.insertInto(WEBSUB_SUBSCRIPTION)
                .set(WEBSUB_SUBSCRIPTION.TOPIC, topic)
                .set(WEBSUB_SUBSCRIPTION.CALLBACK, callback)
                .set(WEBSUB_SUBSCRIPTION.ORIGIN, Callbacks.origin(callback))
                .set(WEBSUB_SUBSCRIPTION.HOST, Callbacks.host(callback))
                .set(WEBSUB_SUBSCRIPTION.DELIVERY, CONTENT)
                .set(WEBSUB_SUBSCRIPTION.SECRET, secret)
                .set(WEBSUB_SUBSCRIPTION.LEASE_SECONDS, leaseSeconds)
                .set(WEBSUB_SUBSCRIPTION.EXPIRES_AT, expires)
                .set(WEBSUB_SUBSCRIPTION.CREATED_AT, now)
                .onConflict(WEBSUB_SUBSCRIPTION.TOPIC, WEBSUB_SUBSCRIPTION.CALLBACK)
                .doUpdate()
                .set(WEBSUB_SUBSCRIPTION.SECRET, secret)
                .set(WEBSUB_SUBSCRIPTION.LEASE_SECONDS, leaseSeconds)
                .set(WEBSUB_SUBSCRIPTION.EXPIRES_AT, expires)
                .execute();
    }

    /** Whether this callback is subscribed to this topic, so that subscribing again renews. */
    boolean has(String topic, String callback) {
        return dsl.fetchExists(
                WEBSUB_SUBSCRIPTION,
                WEBSUB_SUBSCRIPTION.TOPIC.eq(topic),
                WEBSUB_SUBSCRIPTION.CALLBACK.eq(callback),
                WEBSUB_SUBSCRIPTION.DELIVERY.eq(CONTENT));
    }

    /** Subscriptions of callbacks on this host (pings to other hubs, which the operator configures, aside). */
    int countFor(String host) {
        return dsl.fetchCount(
                WEBSUB_SUBSCRIPTION, WEBSUB_SUBSCRIPTION.HOST.eq(host), WEBSUB_SUBSCRIPTION.DELIVERY.eq(CONTENT));
    }

    void unsubscribe(String topic, String callback) {
        dsl.deleteFrom(WEBSUB_SUBSCRIPTION)
                .where(
                        WEBSUB_SUBSCRIPTION.TOPIC.eq(topic),
                        WEBSUB_SUBSCRIPTION.CALLBACK.eq(callback),
                        WEBSUB_SUBSCRIPTION.DELIVERY.eq(CONTENT))
                .execute();
    }

    /**
     * Makes the publish pings to other hubs what the config says: one per topic and hub, kept across restarts
     * (with any ping still due), dropped when the hub or the topic is gone from the config. Pings of topics the
     * config does not list (authors' and tags' feeds) are made as those change, see {@link #fanOut}.
     *
     * @param topics the topics the config lists
     * @param named whether a topic the config does not list is still one
     */
    void keepPublishPings(Set<String> topics, Predicate<String> named, List<String> hubs) {
        dsl.transaction(tx -> {
            tx.dsl()
                    .deleteFrom(WEBSUB_SUBSCRIPTION)
                    .where(WEBSUB_SUBSCRIPTION.DELIVERY.eq(PUBLISH))
                    .and(WEBSUB_SUBSCRIPTION.CALLBACK.notIn(hubs))
                    .execute();
            retired(tx.dsl(), PUBLISH, topics, named).forEach(WebsubSubscriptionRecord::delete);
            tx.dsl().batch(pings(tx.dsl(), topics, hubs)).execute();
        });
    }

    /** A publish ping of each topic to each hub, unless there is one: in one order, so concurrent writers never deadlock. */
    private List<Query> pings(DSLContext tx, Collection<String> topics, List<String> hubs) {
        List<Query> pings = new ArrayList<>();
        for (String hub : new TreeSet<>(hubs)) {
            for (String topic : new TreeSet<>(topics)) {
                pings.add(tx.insertInto(WEBSUB_SUBSCRIPTION)
                        .set(WEBSUB_SUBSCRIPTION.TOPIC, topic)
                        .set(WEBSUB_SUBSCRIPTION.CALLBACK, hub)
                        .set(WEBSUB_SUBSCRIPTION.ORIGIN, Callbacks.origin(hub))
                        .set(WEBSUB_SUBSCRIPTION.HOST, Callbacks.host(hub))
                        .set(WEBSUB_SUBSCRIPTION.DELIVERY, PUBLISH)
                        .set(WEBSUB_SUBSCRIPTION.CREATED_AT, at(now()))
                        .onConflictDoNothing());
            }
        }
        return pings;
    }

    /**
     * Subscriptions to topics the config no longer has: removed, each with a denial to send its subscriber.
     *
     * @param topics the topics the config lists
     * @param named whether a topic the config does not list is still one
     */
    List<WebsubSubscriptionRecord> removeRetired(Set<String> topics, Predicate<String> named) {
        return dsl.transactionResult(tx -> {
            List<WebsubSubscriptionRecord> retired = retired(tx.dsl(), CONTENT, topics, named);
            for (WebsubSubscriptionRecord s : retired) {
                s.delete();
            }
            return retired;
        });
    }

    /** The subscriptions of this kind of delivery whose topic is no longer one, locked. */
    private static List<WebsubSubscriptionRecord> retired(
            DSLContext tx, String delivery, Set<String> topics, Predicate<String> named) {
        return tx
                .selectFrom(WEBSUB_SUBSCRIPTION)
                .where(WEBSUB_SUBSCRIPTION.TOPIC.notIn(topics), WEBSUB_SUBSCRIPTION.DELIVERY.eq(delivery))
                .forUpdate()
                .fetch()
                .stream()
                .filter(s -> !named.test(s.getTopic()))
                .toList();
    }

    /**
     * Makes deliveries due for these topics, in the change stream's transaction {@code tx}: every subscription of
     * a changed topic counts one more change, and every other hub gets a ping of it.
     *
     * @param hubs the other hubs to ping
     */
    void fanOut(DSLContext tx, Set<String> topics, List<String> hubs) {
        if (!hubs.isEmpty()) {
            // The config lists no author's or tag's feed: their pings are made the first time they change.
            tx.batch(pings(tx, topics, hubs)).execute();
        }
        // Locked in id order first, so that fan-outs and claims never deadlock on each other's rows.
        tx.select(WEBSUB_SUBSCRIPTION.ID)
                .from(WEBSUB_SUBSCRIPTION)
                .where(WEBSUB_SUBSCRIPTION.TOPIC.in(topics))
                .orderBy(WEBSUB_SUBSCRIPTION.ID)
                .forUpdate()
                .fetch();
        tx.update(WEBSUB_SUBSCRIPTION)
                .set(WEBSUB_SUBSCRIPTION.CHANGES, WEBSUB_SUBSCRIPTION.CHANGES.plus(1))
                .set(WEBSUB_SUBSCRIPTION.NEXT_ATTEMPT_AT, DSL.coalesce(WEBSUB_SUBSCRIPTION.NEXT_ATTEMPT_AT, at(now())))
                .where(WEBSUB_SUBSCRIPTION.TOPIC.in(topics))
                .execute();
    }

    /**
     * Claims deliveries that are due: up to {@code limit}, and no more to any callback origin than it has
     * {@code slots} free.
     */
    List<Delivery> claimDeliveries(int limit, Slots slots) {
        OffsetDateTime now = at(now());
        Claims.Claimed<WebsubSubscriptionRecord> claimed = claims.claim(
                dsl,
                now(),
                limit,
                slots,
                WEBSUB_SUBSCRIPTION.EXPIRES_AT.isNull().or(WEBSUB_SUBSCRIPTION.EXPIRES_AT.gt(now)),
                WEBSUB_SUBSCRIPTION.NEXT_ATTEMPT_AT.asc());
        return claimed.rows().stream()
                .map(s -> new Delivery(
                        s.getId(),
                        claimed.claim(),
                        s.getTopic(),
                        s.getCallback(),
                        s.getOrigin(),
                        s.getDelivery(),
                        s.getSecret(),
                        s.getChanges(),
                        s.getAttempts(),
                        s.getSentEtag()))
                .toList();
    }

    // What became of a claimed delivery: each a statement for {@link Outcomes} to write, which changes the row only
    // while the claim it was made under still holds.

    /**
     * Deliveries that reached their subscribers, made under one claim, each covering as many changes, that got the
     * same document ({@code etag}, null for pings) and the same answer: one statement for all of them.
     */
    Query delivered(List<Delivery> deliveries, int status, String etag) {
        Delivery first = deliveries.get(0);
        OffsetDateTime now = at(now());
        return settle(first)
                .set(WEBSUB_SUBSCRIPTION.LAST_ATTEMPT_AT, now)
                .set(WEBSUB_SUBSCRIPTION.LAST_STATUS, status)
                .setNull(WEBSUB_SUBSCRIPTION.LAST_ERROR)
                .set(WEBSUB_SUBSCRIPTION.LAST_DELIVERED_AT, now)
                .set(WEBSUB_SUBSCRIPTION.SENT_ETAG, etag)
                .where(
                        WEBSUB_SUBSCRIPTION.ID.in(
                                deliveries.stream().map(Delivery::id).toList()),
                        WEBSUB_SUBSCRIPTION.CLAIM.eq(first.claim()));
    }

    /** The delivery failed too often: its changes are dropped, and the next change is tried afresh. */
    Query gaveUp(Delivery delivery, Integer status, String error) {
        return settle(delivery)
                .set(WEBSUB_SUBSCRIPTION.LAST_ATTEMPT_AT, at(now()))
                .set(WEBSUB_SUBSCRIPTION.LAST_STATUS, status)
                .set(WEBSUB_SUBSCRIPTION.LAST_ERROR, clip(error))
                .where(claimed(delivery));
    }

    /** The subscriber already has the document as it is now: nothing to send. */
    Query unchanged(Delivery delivery) {
        return settle(delivery).where(claimed(delivery));
    }

    /**
     * Settles the changes a delivery covered and lets go of its claim; it is due again at once if more came in
     * while it was being sent.
     */
    private UpdateSetMoreStep<WebsubSubscriptionRecord> settle(Delivery delivery) {
        return dsl.update(WEBSUB_SUBSCRIPTION)
                .set(WEBSUB_SUBSCRIPTION.SENT, delivery.changes())
                .set(WEBSUB_SUBSCRIPTION.ATTEMPTS, 0)
                .set(
                        WEBSUB_SUBSCRIPTION.NEXT_ATTEMPT_AT,
                        DSL.when(WEBSUB_SUBSCRIPTION.CHANGES.gt(delivery.changes()), at(now()))
                                .else_(DSL.inline((OffsetDateTime) null)))
                .setNull(WEBSUB_SUBSCRIPTION.CLAIM)
                .setNull(WEBSUB_SUBSCRIPTION.CLAIMED_UNTIL);
    }

    /** A failed attempt, to be tried again at {@code retryAt}. */
    Query retry(Delivery delivery, Integer status, String error, Instant retryAt) {
        return dsl.update(WEBSUB_SUBSCRIPTION)
                .set(WEBSUB_SUBSCRIPTION.ATTEMPTS, WEBSUB_SUBSCRIPTION.ATTEMPTS.plus(1))
                .set(WEBSUB_SUBSCRIPTION.NEXT_ATTEMPT_AT, at(retryAt))
                .setNull(WEBSUB_SUBSCRIPTION.CLAIM)
                .setNull(WEBSUB_SUBSCRIPTION.CLAIMED_UNTIL)
                .set(WEBSUB_SUBSCRIPTION.LAST_ATTEMPT_AT, at(now()))
                .set(WEBSUB_SUBSCRIPTION.LAST_STATUS, status)
                .set(WEBSUB_SUBSCRIPTION.LAST_ERROR, clip(error))
                .where(claimed(delivery));
    }

    /** Ends a subscription while holding its claim (its callback answered 410 Gone). */
    Query remove(Delivery delivery) {
        return dsl.deleteFrom(WEBSUB_SUBSCRIPTION).where(claimed(delivery));
    }

    private static Condition claimed(Delivery delivery) {
        return WEBSUB_SUBSCRIPTION.ID.eq(delivery.id()).and(WEBSUB_SUBSCRIPTION.CLAIM.eq(delivery.claim()));
    }

    /** Lets go of claims without an attempt counted: the deliveries stay due, for this or another instance. */
    void release(List<Delivery> deliveries) {
        releasing(deliveries).execute();
    }

    /** The same, as a statement for {@link Outcomes}. */
    Query releasing(List<Delivery> deliveries) {
        return dsl.update(WEBSUB_SUBSCRIPTION)
                .setNull(WEBSUB_SUBSCRIPTION.CLAIM)
                .setNull(WEBSUB_SUBSCRIPTION.CLAIMED_UNTIL)
                .where(WEBSUB_SUBSCRIPTION.ID.in(
                        deliveries.stream().map(Delivery::id).toList()))
                .and(WEBSUB_SUBSCRIPTION.CLAIM.in(
                        deliveries.stream().map(Delivery::claim).toList()));
    }

    /** Drops subscriptions whose lease has run out. */
    void expire() {
        dsl.deleteFrom(WEBSUB_SUBSCRIPTION)
                .where(WEBSUB_SUBSCRIPTION.EXPIRES_AT.lt(at(now())))
                .execute();
    }

    /** Per topic: its subscribers, and how many of them have a delivery due. */
    Map<String, TopicCount> countsByTopic() {
        Map<String, TopicCount> counts = new HashMap<>();
        dsl.select(WEBSUB_SUBSCRIPTION.TOPIC, DSL.count(), DSL.count(WEBSUB_SUBSCRIPTION.NEXT_ATTEMPT_AT))
                .from(WEBSUB_SUBSCRIPTION)
                .where(WEBSUB_SUBSCRIPTION.DELIVERY.eq(CONTENT), WEBSUB_SUBSCRIPTION.EXPIRES_AT.gt(at(now())))
                .groupBy(WEBSUB_SUBSCRIPTION.TOPIC)
                .forEach(r -> counts.put(r.value1(), new TopicCount(r.value2(), r.value3())));
        return counts;
    }

    record TopicCount(int subscribers, int due) {}

    List<WebsubSubscriptionRecord> subscriptions(int limit) {
        return dsl.selectFrom(WEBSUB_SUBSCRIPTION)
                .orderBy(WEBSUB_SUBSCRIPTION.TOPIC, WEBSUB_SUBSCRIPTION.DELIVERY, WEBSUB_SUBSCRIPTION.CALLBACK)
                .limit(limit)
                .fetch();
    }

    Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
