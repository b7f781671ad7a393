package io.loa.fault;

import java.time.Duration;

/** A request refused for now, for how much is waiting: the same request may pass once some of it is done. */
public abstract sealed class RetryLater extends Fault permits Throttled, Overloaded, NotReady {

    private final Duration retryAfter;

    RetryLater(String detail, Duration retryAfter) {
        super(detail);
        this.retryAfter = retryAfter;
    }

    /** When asking again has a chance. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
