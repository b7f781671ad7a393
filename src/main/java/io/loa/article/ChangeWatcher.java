package io.loa.article;

import static io.loa.db.schema.Tables.FEED_CHANGE;

import io.loa.background.Rounds;
import io.loa.background.Timers;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListSet;
import org.jooq.DSLContext;
import org.jooq.Record2;
import org.jooq.impl.DSL;

/**
 * Learns of writes made through other instances sharing the database: every interval it reads the newest
 * entries of the feed change log (one small indexed query, whatever the traffic) and announces the sections of
 * entries it has not seen. Polling works the same on H2 and PostgreSQL and survives lost connections, which
 * LISTEN/NOTIFY would not.
 */
public final class ChangeWatcher implements AutoCloseable {

    /**
     * Ids are handed out when a write inserts, but writes commit in any order: an id below the newest one seen
     * may still appear. Looking this far back, and remembering what was seen, catches such late commits.
     */
    static final long LOOKBACK = 512;

    private final DSLContext dsl;
    private final ArticleChanges changes;
    private final Rounds rounds;
    private final ConcurrentSkipListSet<Long> seen = new ConcurrentSkipListSet<>();

    /** Announces other instances' writes to {@code changes} once {@link #start started}. */
    public ChangeWatcher(DSLContext dsl, ArticleChanges changes, Timers timers) {
        this.dsl = dsl;
        this.changes = changes;
        this.rounds = timers.rounds(Timers.Loop.CHANGE_WATCHER);
    }

    public void start(long intervalMillis) {
        Long newest = dsl.select(DSL.max(FEED_CHANGE.ID)).from(FEED_CHANGE).fetchOne(0, Long.class);
        if (newest != null) {
            seen.add(newest);
        }
        poll(false);
        rounds.every(intervalMillis, intervalMillis, () -> read(true));
    }

    /** Notes this instance's own write, so the next poll does not take it for another instance's. */
    public void observe(Change local) {
        seen.addAll(local.logIds());
    }

    /**
     * Announces at once the writes of other instances not yet seen. Whoever is about to serve a document as
     * current after learning of a change through the database (the WebSub hub) calls this first, so that this
     * instance's cache cannot hand it a document older than that change.
     */
    public void catchUp() {
        poll(true);
    }

    void poll(boolean announce) {
        rounds.run(() -> read(announce));
    }

    private void read(boolean announce) {
        long from = seen.isEmpty() ? 0 : seen.last() - LOOKBACK;
        Set<String> moved = new HashSet<>();
        for (Record2<Long, String> entry : dsl.select(FEED_CHANGE.ID, FEED_CHANGE.SECTION).from(FEED_CHANGE)
                .where(FEED_CHANGE.ID.gt(from)).fetch()) {
            if (seen.add(entry.value1())) {
                moved.add(entry.value2());
            }
        }
        // Only the look-back window needs remembering.
        seen.headSet(from).clear();
        if (announce && !moved.isEmpty()) {
            // Which articles changed is not known here, only which feeds: pages of any article are dropped.
            changes.changed(new Change(null, null, moved, Set.of(), Set.of()));
        }
    }

    @Override
    public void close() {
        rounds.close();
    }
}
