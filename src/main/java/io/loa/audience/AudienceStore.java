package io.loa.audience;

import static io.loa.db.schema.Tables.FEED_SUBSCRIBERS;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.jooq.DSLContext;
import org.jooq.Records;

/** The subscriber counts every instance has seen, merged in the database: the latest count of each wins. */
final class AudienceStore {

    /** One reader's latest count of one document's subscribers (under one of its ids for the feed). */
    record Count(FeedDocument document, Fetcher fetcher, String feedId, int subscribers, Instant seenAt) {}

    private final DSLContext dsl;

    AudienceStore(DSLContext dsl) {
        this.dsl = dsl;
    }

    /** Keeps each count unless the database has one seen later, from this instance or another. */
    void save(List<Count> counts) {
        for (Count count : counts) {
            OffsetDateTime seen = count.seenAt().atOffset(ZoneOffset.UTC);
            dsl.insertInto(FEED_SUBSCRIBERS)
                    .set(FEED_SUBSCRIBERS.FEED, count.document().feed())
                    .set(FEED_SUBSCRIBERS.FORMAT, count.document().format())
                    .set(FEED_SUBSCRIBERS.FETCHER, count.fetcher().label())
                    .set(FEED_SUBSCRIBERS.FEED_ID, count.feedId())
                    .set(FEED_SUBSCRIBERS.SUBSCRIBERS, count.subscribers())
                    .set(FEED_SUBSCRIBERS.SEEN_AT, seen)
                    .onConflict(
                            FEED_SUBSCRIBERS.FEED,
                            FEED_SUBSCRIBERS.FORMAT,
                            FEED_SUBSCRIBERS.FETCHER,
                            FEED_SUBSCRIBERS.FEED_ID)
                    .doUpdate()
                    .set(FEED_SUBSCRIBERS.SUBSCRIBERS, count.subscribers())
                    .set(FEED_SUBSCRIBERS.SEEN_AT, seen)
                    .where(FEED_SUBSCRIBERS.SEEN_AT.le(seen))
                    .execute();
        }
    }

    /** Every count seen since {@code since}. */
    List<Count> since(Instant since) {
        return dsl.select(
                        FEED_SUBSCRIBERS.FEED,
                        FEED_SUBSCRIBERS.FORMAT,
                        FEED_SUBSCRIBERS.FETCHER,
                        FEED_SUBSCRIBERS.FEED_ID,
                        FEED_SUBSCRIBERS.SUBSCRIBERS,
                        FEED_SUBSCRIBERS.SEEN_AT)
                .from(FEED_SUBSCRIBERS)
                .where(FEED_SUBSCRIBERS.SEEN_AT.ge(since.atOffset(ZoneOffset.UTC)))
                .fetch(Records.mapping((feed, format, fetcher, feedId, subscribers, seenAt) -> new Count(
                        new FeedDocument(feed, format),
                        Fetcher.byLabel(fetcher),
                        feedId,
                        subscribers,
                        seenAt.toInstant())));
    }
}
