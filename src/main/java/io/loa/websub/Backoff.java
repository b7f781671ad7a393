package io.loa.websub;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;

/**
 * When to try a failed call again: {@code first} after the first failure, twice as long after each further one,
 * at most {@link #MAX} apart, less up to a fifth at random so that calls that failed together do not all
 * return together.
 */
record Backoff(Duration first) {

    static final Duration MAX = Duration.ofHours(1);

    Instant retryAt(Instant now, int attempts) {
        long delay = Math.min(MAX.toMillis(), first.toMillis() << Math.min(attempts - 1, 30));
        return now.plusMillis(
                delay - (long) (delay * 0.2 * ThreadLocalRandom.current().nextDouble()));
    }
}
