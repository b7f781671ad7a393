package io.loa.dispatch;

import java.time.Duration;

/**
 * Where a channel's requests go and how they are sent there.
 *
 * @param name the destination as receipts show it and as its queue is bounded: a provider and its URL or account,
 *     never a secret ({@code varnish http://127.0.0.1:6081/})
 * @param ordered whether it takes its requests one at a time, in the order queued
 * @param delay how long a request waits after it is queued before its first attempt
 */
public record Destination(String name, boolean ordered, Duration delay) {

    /** Requests sent as soon as they are queued, in any order. */
    public static Destination of(String name) {
        return new Destination(name, false, Duration.ZERO);
    }

    public Destination after(Duration wait) {
        return new Destination(name, ordered, wait);
    }
}
