package io.loa.fault;

import java.time.Duration;

/** The server has as much waiting as it takes from everyone together. */
public final class Overloaded extends RetryLater {

    public Overloaded(String detail, Duration retryAfter) {
        super(detail, retryAfter);
    }
}
