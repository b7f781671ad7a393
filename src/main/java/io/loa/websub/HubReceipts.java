package io.loa.websub;

import static io.loa.db.schema.Tables.WEBSUB_RECEIPT;
import static io.loa.db.schema.Tables.WEBSUB_SUBSCRIPTION;
import static io.loa.websub.Columns.at;
import static org.jooq.impl.DSL.count;
import static org.jooq.impl.DSL.inline;
import static org.jooq.impl.DSL.select;
import static org.jooq.impl.DSL.sum;
import static org.jooq.impl.DSL.when;

import io.loa.delivery.DeliveryReceipts;
import io.loa.stream.StreamEntry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;

/**
 * What the hub did with each change, per topic: how many subscribers it was for, and of them how many have it
 * (a delivery succeeded after the change was counted: the hub sends a topic's newest document, so a later one
 * covers an earlier change), how many are still being tried, and how many were given up. Recorded in the fan-out's
 * transaction; a subscription that has ended since counts as neither.
 */
final class HubReceipts implements DeliveryReceipts {

    /** As long as the hub keeps deliveries' history; receipts older than this are dropped as new ones are made. */
    static final Duration KEEP = Duration.ofDays(7);

    private final DSLContext dsl;
    private final Clock clock;

    HubReceipts(DSLContext dsl, Clock clock) {
        this.dsl = dsl;
        this.clock = clock;
    }

    @Override
    public String channel() {
        return "websub";
    }

    /**
     * Records, in the fan-out's transaction {@code tx} and after it counted the changes, which subscriptions each
     * entry was for and at which of their change counts.
     */
    void record(DSLContext tx, List<StreamEntry> entries, Function<Collection<String>, Set<String>> topicsOf) {
        Instant now = clock.instant();
        for (StreamEntry entry : entries) {
            Set<String> topics = topicsOf.apply(entry.feeds());
            if (entry.articleId() == null || topics.isEmpty()) {
                continue;
            }
            tx.insertInto(
                            WEBSUB_RECEIPT,
                            WEBSUB_RECEIPT.POSITION,
                            WEBSUB_RECEIPT.SUBSCRIPTION_ID,
                            WEBSUB_RECEIPT.TOPIC,
                            WEBSUB_RECEIPT.MARK,
                            WEBSUB_RECEIPT.CREATED_AT)
                    .select(select(
                                    inline(entry.position()),
                                    WEBSUB_SUBSCRIPTION.ID,
                                    WEBSUB_SUBSCRIPTION.TOPIC,
                                    WEBSUB_SUBSCRIPTION.CHANGES,
                                    inline(at(now)))
                            .from(WEBSUB_SUBSCRIPTION)
                            .where(WEBSUB_SUBSCRIPTION.TOPIC.in(topics))
                            .and(WEBSUB_SUBSCRIPTION.DELIVERY.eq(SubscriptionStore.CONTENT)))
                    .execute();
        }
        tx.deleteFrom(WEBSUB_RECEIPT)
                .where(WEBSUB_RECEIPT.CREATED_AT.lt(at(now.minus(KEEP))))
                .execute();
    }

    /** A topic's part in a change: its subscribers then, and what became of their deliveries. */
    record TopicReceipt(String topic, int subscribers, int delivered, int pending, int failed) {}

    @Override
    public List<TopicReceipt> receipts(StreamEntry change) {
        Condition reached = WEBSUB_SUBSCRIPTION.LAST_DELIVERED_AT.ge(WEBSUB_RECEIPT.CREATED_AT);
        Condition notYet = WEBSUB_SUBSCRIPTION
                .LAST_DELIVERED_AT
                .isNull()
                .or(WEBSUB_SUBSCRIPTION.LAST_DELIVERED_AT.lt(WEBSUB_RECEIPT.CREATED_AT));
        Condition trying = notYet.and(WEBSUB_SUBSCRIPTION.SENT.lt(WEBSUB_RECEIPT.MARK));
        Condition gaveUp = notYet.and(WEBSUB_SUBSCRIPTION.SENT.ge(WEBSUB_RECEIPT.MARK))
                .and(WEBSUB_SUBSCRIPTION.LAST_ERROR.isNotNull());
        return dsl.select(WEBSUB_RECEIPT.TOPIC, count(), counted(reached), counted(trying), counted(gaveUp))
                .from(WEBSUB_RECEIPT)
                .leftJoin(WEBSUB_SUBSCRIPTION)
                .on(WEBSUB_SUBSCRIPTION.ID.eq(WEBSUB_RECEIPT.SUBSCRIPTION_ID))
                .where(WEBSUB_RECEIPT.POSITION.eq(change.position()))
                .groupBy(WEBSUB_RECEIPT.TOPIC)
                .orderBy(WEBSUB_RECEIPT.TOPIC)
                .fetch(r -> new TopicReceipt(r.value1(), r.value2(), r.value3(), r.value4(), r.value5()));
    }

    /** How many rows meet {@code condition} (a subscription that has ended meets none). */
    private static Field<Integer> counted(Condition condition) {
        return sum(when(WEBSUB_SUBSCRIPTION.ID.isNotNull().and(condition), inline(1))
                        .else_(inline(0)))
                .cast(Integer.class);
    }
}
