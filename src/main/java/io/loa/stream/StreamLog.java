package io.loa.stream;

import static io.loa.db.schema.Tables.FEED_CHANGE;
import static io.loa.db.schema.Tables.STREAM_CURSOR;
import static io.loa.db.schema.Tables.STREAM_ENTRY;
import static io.loa.db.schema.Tables.STREAM_HEAD;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.impl.DSL;

/** The stream's tables: entries appended by writes, positioned by the sequencer, read by consumers, pruned. */
final class StreamLog {

    private static final int HEAD = 1;

    private final DSLContext dsl;

    StreamLog(DSLContext dsl) {
        this.dsl = dsl;
    }

    /**
     * Gives the committed entries that have none the next positions, in id order, at most {@code batch}, in a
     * transaction of its own that holds the head row: sequencers of every instance take turns, and an entry whose
     * write has not committed is not seen, so it takes a position above every one already given. Returns the head.
     */
    long sequence(int batch) {
        return dsl.transactionResult(tx -> {
            long held = tx.dsl()
                    .select(STREAM_HEAD.POSITION)
                    .from(STREAM_HEAD)
                    .where(STREAM_HEAD.ID.eq(HEAD))
                    .forUpdate()
                    .fetchSingle(STREAM_HEAD.POSITION);
            // The highest position given, read under the lock too: a database that handed back an older version of
            // the head row could not then give a position twice (the unique index would refuse it anyway).
            Long given = tx.dsl()
                    .select(DSL.max(STREAM_ENTRY.POSITION))
                    .from(STREAM_ENTRY)
                    .fetchOne(0, Long.class);
            long head = Math.max(held, given == null ? 0 : given);
            List<Long> waiting = tx.dsl()
                    .select(STREAM_ENTRY.ID)
                    .from(STREAM_ENTRY)
                    .where(STREAM_ENTRY.POSITION.isNull())
                    .orderBy(STREAM_ENTRY.ID)
                    .limit(batch)
                    .fetch(STREAM_ENTRY.ID);
            for (long id : waiting) {
                tx.dsl()
                        .update(STREAM_ENTRY)
                        .set(STREAM_ENTRY.POSITION, ++head)
                        .where(STREAM_ENTRY.ID.eq(id))
                        .execute();
            }
            if (!waiting.isEmpty()) {
                tx.dsl()
                        .update(STREAM_HEAD)
                        .set(STREAM_HEAD.POSITION, head)
                        .where(STREAM_HEAD.ID.eq(HEAD))
                        .execute();
            }
            return head;
        });
    }

    long head() {
        return dsl.select(STREAM_HEAD.POSITION)
                .from(STREAM_HEAD)
                .where(STREAM_HEAD.ID.eq(HEAD))
                .fetchSingle(STREAM_HEAD.POSITION);
    }

    /** The lowest position still stored, empty when every entry was pruned (or none was ever written). */
    Optional<Long> tail() {
        return Optional.ofNullable(
                dsl.select(DSL.min(STREAM_ENTRY.POSITION)).from(STREAM_ENTRY).fetchOne(0, Long.class));
    }

    /** The entries after {@code cursor}, up to {@code head}, in position order, at most {@code limit}. */
    List<StreamEntry> after(long cursor, long head, int limit) {
        return dsl.selectFrom(STREAM_ENTRY)
                .where(STREAM_ENTRY.POSITION.gt(cursor).and(STREAM_ENTRY.POSITION.le(head)))
                .orderBy(STREAM_ENTRY.POSITION)
                .limit(limit)
                .fetch(StreamLog::entry);
    }

    /**
     * The same for a consumer of the cluster, read in its transaction: the announced entries among the next
     * {@code limit}, and the position the cursor passes with them (a bulk load's writes are passed unread).
     */
    static Batch announcedAfter(DSLContext tx, long cursor, long head, int limit) {
        List<Record> rows = tx.selectFrom(STREAM_ENTRY)
                .where(STREAM_ENTRY.POSITION.gt(cursor).and(STREAM_ENTRY.POSITION.le(head)))
                .orderBy(STREAM_ENTRY.POSITION)
                .limit(limit)
                .fetch()
                .map(r -> r);
        long reached = rows.isEmpty() ? cursor : rows.get(rows.size() - 1).get(STREAM_ENTRY.POSITION);
        return new Batch(
                rows.stream()
                        .filter(r -> r.get(STREAM_ENTRY.ANNOUNCED))
                        .map(StreamLog::entry)
                        .toList(),
                reached);
    }

    record Batch(List<StreamEntry> entries, long reached) {}

    Optional<StreamEntry> latestFor(String articleId) {
        return dsl.selectFrom(STREAM_ENTRY)
                .where(STREAM_ENTRY.ARTICLE_ID.eq(articleId).and(STREAM_ENTRY.POSITION.isNotNull()))
                .orderBy(STREAM_ENTRY.POSITION.desc())
                .limit(1)
                .fetchOptional(StreamLog::entry);
    }

    /** Gives the consumer a durable cursor at {@code position} unless it has one. */
    void open(ConsumerName consumer, long position) {
        dsl.insertInto(STREAM_CURSOR)
                .set(STREAM_CURSOR.CONSUMER, consumer.label())
                .set(STREAM_CURSOR.POSITION, position)
                .onConflict(STREAM_CURSOR.CONSUMER)
                .doNothing()
                .execute();
    }

    /** The consumer's durable cursor, held FOR UPDATE in {@code tx}; empty when another instance holds it. */
    static Optional<Long> hold(DSLContext tx, ConsumerName consumer) {
        return tx.select(STREAM_CURSOR.POSITION)
                .from(STREAM_CURSOR)
                .where(STREAM_CURSOR.CONSUMER.eq(consumer.label()))
                .forUpdate()
                .skipLocked()
                .fetchOptional(STREAM_CURSOR.POSITION);
    }

    static void advance(DSLContext tx, ConsumerName consumer, long position) {
        tx.update(STREAM_CURSOR)
                .set(STREAM_CURSOR.POSITION, position)
                .where(STREAM_CURSOR.CONSUMER.eq(consumer.label()))
                .execute();
    }

    /** The consumer's durable cursor as last committed. */
    long cursor(ConsumerName consumer) {
        return dsl.select(STREAM_CURSOR.POSITION)
                .from(STREAM_CURSOR)
                .where(STREAM_CURSOR.CONSUMER.eq(consumer.label()))
                .fetchOptional(STREAM_CURSOR.POSITION)
                .orElse(0L);
    }

    /**
     * Drops the entries older than {@code before} that every durable cursor of {@code consumers} has passed, and the
     * feed change log's entries older than it but the newest of each feed, which still dates the feed.
     */
    int prune(Set<ConsumerName> consumers, Instant before) {
        long passed = consumers.stream().mapToLong(this::cursor).min().orElse(head());
        int pruned = dsl.deleteFrom(STREAM_ENTRY)
                .where(STREAM_ENTRY.POSITION.le(passed))
                .and(STREAM_ENTRY.WRITTEN_AT.lt(before.atOffset(ZoneOffset.UTC)))
                .execute();
        dsl.deleteFrom(FEED_CHANGE)
                .where(FEED_CHANGE.CHANGED_AT.lt(before.atOffset(ZoneOffset.UTC)))
                .and(FEED_CHANGE.ID.notIn(
                        DSL.select(DSL.max(FEED_CHANGE.ID)).from(FEED_CHANGE).groupBy(FEED_CHANGE.SECTION)))
                .execute();
        return pruned;
    }

    private static StreamEntry entry(Record r) {
        return new StreamEntry(
                r.get(STREAM_ENTRY.POSITION),
                ChangeKind.valueOf(r.get(STREAM_ENTRY.KIND)),
                r.get(STREAM_ENTRY.ARTICLE_ID),
                r.get(STREAM_ENTRY.SLUG),
                lines(r.get(STREAM_ENTRY.FEEDS)),
                lines(r.get(STREAM_ENTRY.SHOWN_ON)),
                r.get(STREAM_ENTRY.WRITTEN_AT).toInstant());
    }

    private static Set<String> lines(String joined) {
        return joined.isEmpty() ? Set.of() : new LinkedHashSet<>(Arrays.asList(joined.split("\n")));
    }
}
