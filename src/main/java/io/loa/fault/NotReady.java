package io.loa.fault;

import java.time.Duration;

/** What the request needs is still being made ready after a start: the same request passes once it is. */
public final class NotReady extends RetryLater {

    public NotReady(String detail, Duration retryAfter) {
        super(detail, retryAfter);
    }
}
