package io.loa.audience;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * How each fetcher polls, since this instance started: its requests for feeds, how many were answered 304 Not
 * Modified and how many 429 Too Many Requests, and the intervals between one client's fetches of one feed, kept as
 * a histogram of quarter powers of two (so the median is right to within about 10 %, in fixed memory).
 */
final class Scorecard {

    /** Quarter powers of two of milliseconds, up to 2^40 ms (35 years). */
    private static final int BUCKETS = 41 * 4;

    private final Map<Fetcher, Card> cards = new EnumMap<>(Fetcher.class);

    Scorecard() {
        for (Fetcher fetcher : Fetcher.values()) {
            cards.put(fetcher, new Card());
        }
    }

    /** One fetcher's figures. */
    static final class Card {
        final LongAdder requests = new LongAdder();
        final LongAdder notModified = new LongAdder();
        final LongAdder throttled = new LongAdder();
        /** Striped, as every request of one busy client lands in the same bucket: no contended compare-and-set. */
        final LongAdder[] intervals = new LongAdder[BUCKETS];

        Card() {
            for (int i = 0; i < BUCKETS; i++) {
                intervals[i] = new LongAdder();
            }
        }
    }

    Card of(Fetcher fetcher) {
        return cards.get(fetcher);
    }

    void interval(Fetcher fetcher, long millis) {
        if (millis >= 0) {
            cards.get(fetcher).intervals[bucket(millis)].increment();
        }
    }

    /** What a fetcher's figures come to. */
    record Figures(long requests, long notModified, long throttled, Long medianIntervalMillis) {}

    Figures figures(Fetcher fetcher) {
        Card card = cards.get(fetcher);
        return new Figures(card.requests.sum(), card.notModified.sum(), card.throttled.sum(), median(card.intervals));
    }

    static int bucket(long millis) {
        if (millis < 4) {
            return (int) millis;
        }
        int power = 63 - Long.numberOfLeadingZeros(millis);
        int quarter = (int) (millis >>> (power - 2)) & 3;
        return Math.min(BUCKETS - 1, power * 4 + quarter);
    }

    /** The middle of a bucket's range. */
    static long middle(int bucket) {
        if (bucket < 4) {
            return bucket;
        }
        int power = bucket / 4;
        long low = (4L + bucket % 4) << (power - 2);
        long high = (5L + bucket % 4) << (power - 2);
        return (low + high) / 2;
    }

    private static Long median(LongAdder[] histogram) {
        long total = 0;
        for (int i = 0; i < BUCKETS; i++) {
            total += histogram[i].sum();
        }
        if (total == 0) {
            return null;
        }
        long seen = 0;
        for (int i = 0; i < BUCKETS; i++) {
            seen += histogram[i].sum();
            if (seen * 2 >= total) {
                return middle(i);
            }
        }
        return null;
    }
}
