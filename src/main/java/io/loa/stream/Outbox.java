package io.loa.stream;

import static io.loa.db.schema.Tables.STREAM_ENTRY;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/**
 * How a write puts itself on the change stream: one entry, in the write's own transaction, so the entry exists
 * exactly when the write does. It has no position yet (no shared row is locked): the sequencer gives it one once
 * it has committed.
 */
public final class Outbox {

    private Outbox() {}

    /**
     * @param feeds every feed the write touched, by name ({@code FeedName})
     * @param shownOn the slugs of the live articles whose pages show this one among their related articles
     * The entry is dated by the wall clock, whatever clock dates the article: its age decides when it may be
     * pruned, against the same clock on every instance.
     *
     * @param announced false for a write of a bulk load, which the consumers of the cluster hear of only from
     *     {@link #announce}, once per feed, when the load ends
     */
    public static void append(
            DSLContext tx,
            ChangeKind kind,
            String articleId,
            String slug,
            Set<String> feeds,
            Set<String> shownOn,
            boolean announced) {
        append(tx, List.of(new Entry(kind, articleId, slug, feeds, shownOn)), announced);
    }

    /** One write's entry: what {@link #append(DSLContext, List, boolean)} puts on the stream for each of a batch. */
    public record Entry(ChangeKind kind, String articleId, String slug, Set<String> feeds, Set<String> shownOn) {}

    /** The entries of a batch of writes, in one statement, in the batch's own transaction {@code tx}. */
    public static void append(DSLContext tx, List<Entry> entries, boolean announced) {
        if (entries.isEmpty()) {
            return;
        }
        OffsetDateTime now = Instant.now().atOffset(ZoneOffset.UTC);
        tx.insertInto(
                        STREAM_ENTRY,
                        STREAM_ENTRY.ANNOUNCED,
                        STREAM_ENTRY.KIND,
                        STREAM_ENTRY.ARTICLE_ID,
                        STREAM_ENTRY.SLUG,
                        STREAM_ENTRY.FEEDS,
                        STREAM_ENTRY.SHOWN_ON,
                        STREAM_ENTRY.WRITTEN_AT)
                .valuesOfRows(entries.stream()
                        .map(e -> DSL.row(
                                announced,
                                e.kind().name(),
                                e.articleId(),
                                e.slug(),
                                String.join("\n", e.feeds()),
                                String.join("\n", e.shownOn()),
                                now))
                        .toList())
                .execute();
    }

    /** Ends a bulk load: one entry, naming no article, with every feed the load changed. */
    public static void announce(DSLContext dsl, Set<String> feeds) {
        dsl.transaction(tx -> append(tx.dsl(), ChangeKind.UPDATED, null, null, feeds, Set.of(), true));
    }
}
