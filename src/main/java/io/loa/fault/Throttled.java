package io.loa.fault;

import java.time.Duration;

/** One caller has as much waiting as it may have. */
public final class Throttled extends RetryLater {

    public Throttled(String detail, Duration retryAfter) {
        super(detail, retryAfter);
    }
}
