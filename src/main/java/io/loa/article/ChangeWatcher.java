package io.loa.article;

import static io.loa.db.schema.Tables.FEED_CHANGE;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Learns of writes made through other instances sharing the database: every interval it reads the per-section
 * change counters (one small query, whatever the traffic) and announces the sections whose counters moved.
 * Polling works the same on H2 and PostgreSQL and survives lost connections, which LISTEN/NOTIFY would not.
 */
public final class ChangeWatcher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ChangeWatcher.class);

    private final DSLContext dsl;
    private final ArticleChanges changes;
    private final ScheduledExecutorService timer;
    private final Map<String, Long> seen = new ConcurrentHashMap<>();

    /** Announces other instances' writes to {@code changes} once {@link #start started}. */
    public ChangeWatcher(DSLContext dsl, ArticleChanges changes) {
        this.dsl = dsl;
        this.changes = changes;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "loa-change-watcher");
            thread.setDaemon(true);
            return thread;
        });
    }

    public void start(long intervalMillis) {
        seen.putAll(versions());
        timer.scheduleWithFixedDelay(this::poll, intervalMillis, intervalMillis, TimeUnit.MILLISECONDS);
    }

    /** How many times each section's feed has changed, as the database says now. */
    private Map<String, Long> versions() {
        return dsl.select(FEED_CHANGE.SECTION, FEED_CHANGE.VERSION).from(FEED_CHANGE)
                .fetchMap(FEED_CHANGE.SECTION, FEED_CHANGE.VERSION);
    }

    /** Notes this instance's own write, so the next poll does not take it for another instance's. */
    public void observe(Change local) {
        local.versions().forEach((section, version) -> seen.merge(section, version, Math::max));
    }

    void poll() {
        try {
            Set<String> moved = new HashSet<>();
            versions().forEach((section, version) -> {
                Long before = seen.put(section, version);
                if (before == null || before < version) {
                    moved.add(section);
                }
            });
            if (!moved.isEmpty()) {
                // Which articles changed is not known here, only which feeds: pages of any article are dropped.
                changes.changed(new Change(null, null, moved, Map.of()));
            }
        } catch (RuntimeException e) {
            LOG.warn("Could not read the feed change counters; trying again", e);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
