package io.loa.stream;

import static io.loa.db.schema.Tables.FEED_CHANGE;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/**
 * The feed change log: when each feed (by name, {@code FeedName}) last changed, appended in the transaction of the
 * write that changed it. It dates feeds for Last-Modified and a backup keeps it.
 */
public final class FeedChanges {

    private final DSLContext dsl;

    public FeedChanges(DSLContext dsl) {
        this.dsl = dsl;
    }

    /** Logs a change of each feed at {@code at}, in the write's own transaction {@code tx}. */
    public static void append(DSLContext tx, Set<String> feeds, Instant at) {
        if (feeds.isEmpty()) {
            return;
        }
        OffsetDateTime changed = at.atOffset(ZoneOffset.UTC);
        var insert = tx.insertInto(FEED_CHANGE, FEED_CHANGE.SECTION, FEED_CHANGE.CHANGED_AT);
        for (String feed : feeds) {
            insert = insert.values(feed, changed);
        }
        insert.execute();
    }

    /** When each feed last changed: what a backup keeps so a restore dates feeds alike. */
    public Map<String, Instant> times() {
        Map<String, Instant> times = new LinkedHashMap<>();
        dsl.select(FEED_CHANGE.SECTION, DSL.max(FEED_CHANGE.CHANGED_AT))
                .from(FEED_CHANGE)
                .groupBy(FEED_CHANGE.SECTION)
                .orderBy(DSL.max(FEED_CHANGE.CHANGED_AT), FEED_CHANGE.SECTION)
                .forEach(r -> times.put(r.value1(), r.value2().toInstant()));
        return times;
    }

    /** Logs that these feeds last changed at these times, oldest first: a restore dates feeds as the backup did. */
    public void restore(Map<String, Instant> times) {
        dsl.transaction(tx -> times.entrySet().stream()
                .sorted(Map.Entry.comparingByValue())
                .forEach(e -> append(tx.dsl(), Set.of(e.getKey()), e.getValue())));
    }

    /** Tells the consumers of the cluster (WebSub), once per feed, that these feeds changed: a bulk load's end. */
    public void announce(Set<String> feeds) {
        Outbox.announce(dsl, feeds);
    }

    /** When a write last changed any of these feeds, by name (any feed when {@code feeds} is empty). */
    public Optional<Instant> last(Set<String> feeds) {
        if (feeds.isEmpty()) {
            // The latest time in the log, as for one feed, not its newest entry: writes commit in any order, so the
            // highest id may carry an older time (and a backup keeps each feed's latest time, not the log's order).
            return Optional.ofNullable(dsl.select(DSL.max(FEED_CHANGE.CHANGED_AT))
                            .from(FEED_CHANGE)
                            .fetchOne(0, OffsetDateTime.class))
                    .map(OffsetDateTime::toInstant);
        }
        // One direction for every column, so the (section, changed_at) index answers without a sort.
        return dsl.select(FEED_CHANGE.CHANGED_AT)
                .from(FEED_CHANGE)
                .where(FEED_CHANGE.SECTION.in(feeds))
                .orderBy(FEED_CHANGE.SECTION.desc(), FEED_CHANGE.CHANGED_AT.desc())
                .limit(1)
                .fetchOptional(FEED_CHANGE.CHANGED_AT)
                .map(OffsetDateTime::toInstant);
    }
}
