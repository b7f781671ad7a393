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
 * @param maxWaitingPerClient requests waiting for verification from one client address at most (429 beyond)
 * @param maxWaitingPerHost requests waiting for verification for callbacks on one host at most (429 beyond)
 * @param maxSubscriptionsPerHost subscriptions of callbacks on one host at most (403 for a new one beyond)
 */
public record WebSubConfig(
        List<String> hubs,
        int minLeaseSeconds,
        int defaultLeaseSeconds,
        int maxLeaseSeconds,
        boolean allowPrivateCallbacks,
        int firstRetryMillis,
        int maxAttempts,
        int maxWaitingPerClient,
        int maxWaitingPerHost,
        int maxSubscriptionsPerHost) {

    /**
     * A subscriber asks for a few feeds, and its requests are verified in milliseconds, so 32 waiting from one
     * address or for one host is more than a real one has, while a callback that never answers keeps each waiting
     * for most of a minute (three attempts of 10 s, with waits between): with these, one client holds at most half
     * of the hub's verifications in flight (Hub.VERIFICATIONS_IN_FLIGHT). 10,000 subscriptions on one host is a
     * callback for every feed of a site for hundreds of readers; more is more likely someone filling the database
     * than someone reading the news.
     */
    public static final WebSubConfig DEFAULT =
            new WebSubConfig(List.of(), 3_600, 864_000, 2_592_000, false, 5_000, 12, 32, 32, 10_000);

    public WebSubConfig {
        hubs = List.copyOf(hubs);
    }

    public WebSubConfig withAllowPrivateCallbacks(boolean allow) {
        return new WebSubConfig(
                hubs,
                minLeaseSeconds,
                defaultLeaseSeconds,
                maxLeaseSeconds,
                allow,
                firstRetryMillis,
                maxAttempts,
                maxWaitingPerClient,
                maxWaitingPerHost,
                maxSubscriptionsPerHost);
    }
}
