package io.loa.httpsig;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * How often one host's documents may be fetched: a token bucket per host ({@link #BURST} fetches at once, then
 * {@link #PER_SECOND} a second), buckets of hosts not seen for ten minutes forgotten, at most 10,000 kept.
 */
final class HostRate {

    static final int BURST = 30;
    static final double PER_SECOND = 2;

    private final LongSupplier nanos;
    private final Cache<String, Bucket> buckets = Caffeine.newBuilder()
            .maximumSize(10_000)
            .expireAfterAccess(Duration.ofMinutes(10))
            .build();

    HostRate(LongSupplier nanos) {
        this.nanos = nanos;
    }

    /** True, and a token spent, if {@code host} may be fetched from now. */
    boolean tryAcquire(String host) {
        Bucket bucket = buckets.get(host.toLowerCase(Locale.ROOT), h -> new Bucket(nanos.getAsLong()));
        synchronized (bucket) {
            long now = nanos.getAsLong();
            bucket.tokens = Math.min(BURST, bucket.tokens + (now - bucket.at) / 1e9 * PER_SECOND);
            bucket.at = now;
            if (bucket.tokens < 1) {
                return false;
            }
            bucket.tokens -= 1;
            return true;
        }
    }

    private static final class Bucket {
        double tokens = BURST;
        long at;

        Bucket(long at) {
            this.at = at;
        }
    }
}
