package io.loa.stream;

import static io.loa.db.schema.Tables.STREAM_ENTRY;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;
import org.jooq.DSLContext;

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
        tx.insertInto(STREAM_ENTRY)
                .set(STREAM_ENTRY.ANNOUNCED, announced)
                .set(STREAM_ENTRY.KIND, kind.name())
                .set(STREAM_ENTRY.ARTICLE_ID, articleId)
                .set(STREAM_ENTRY.SLUG, slug)
                .set(STREAM_ENTRY.FEEDS, String.join("\n", feeds))
                .set(STREAM_ENTRY.SHOWN_ON, String.join("\n", shownOn))
                .set(STREAM_ENTRY.WRITTEN_AT, Instant.now().atOffset(ZoneOffset.UTC))
                .execute();
    }

    /** Ends a bulk load: one entry, naming no article, with every feed the load changed. */
    public static void announce(DSLContext dsl, Set<String> feeds) {
        dsl.transaction(tx -> append(tx.dsl(), ChangeKind.UPDATED, null, null, feeds, Set.of(), true));
    }
}
