package io.loa.config;

import java.util.List;

/**
 * How Loa's own WebSub hub treats subscribers, and which other hubs it tells of every change.
 *
 * @param hubs other hubs (absolute URLs) to ping with {@code hub.mode=publish} and to advertise beside Loa's own
 * @param minLeaseSeconds the shortest lease granted, whatever a subscriber asks for
 * @param defaultLeaseSeconds the lease granted when a subscriber names none
 * @param maxLeaseSeconds the longest lease granted
 * @param allowPrivateCallbacks true lets callbacks on loopback, private and link-local addresses through
 * @param firstRetryMillis the wait before the first retry of a failed delivery; it doubles for each retry after
 * @param maxAttempts how many times a delivery is tried before it is given up
 */
public record WebSubConfig(List<String> hubs, int minLeaseSeconds, int defaultLeaseSeconds, int maxLeaseSeconds,
                           boolean allowPrivateCallbacks, int firstRetryMillis, int maxAttempts) {

    public static final WebSubConfig DEFAULT = new WebSubConfig(List.of(), 3_600, 864_000, 2_592_000, false, 5_000, 12);

    public WebSubConfig {
        hubs = List.copyOf(hubs);
    }

    public WebSubConfig withAllowPrivateCallbacks(boolean allow) {
        return new WebSubConfig(hubs, minLeaseSeconds, defaultLeaseSeconds, maxLeaseSeconds, allow, firstRetryMillis,
                maxAttempts);
    }
}
