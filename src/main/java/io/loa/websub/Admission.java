package io.loa.websub;

import io.loa.config.WebSubConfig;
import io.loa.fault.Forbidden;
import io.loa.fault.Overloaded;
import io.loa.fault.Throttled;
import java.time.Duration;

/**
 * How much one subscriber may have the hub hold for it, decided before a request is filed. Anyone may file a
 * request, and one for a callback that accepts connections and never answers waits the best part of a minute;
 * so requests waiting are bounded per client address and per callback host (429: come back when some are done),
 * and in all (503). Subscriptions last until their lease ends, so they are bounded per callback host (403).
 * Requests are counted as they arrive: requests that arrive together can all pass the same count, so a bound may be
 * overshot by as many as arrive at once.
 */
final class Admission {

    /** Requests waiting in all at most; beyond this the hub asks everyone to come back later. */
    static final int MAX_WAITING = 10_000;
    /** Long enough for requests already waiting to be verified, or given up on (see {@link Verification#ATTEMPTS}). */
    private static final Duration COME_BACK_LATER = Duration.ofSeconds(60);

    private final RequestStore requests;
    private final SubscriptionStore subscriptions;
    private final WebSubConfig config;

    Admission(RequestStore requests, SubscriptionStore subscriptions, WebSubConfig config) {
        this.requests = requests;
        this.subscriptions = subscriptions;
        this.config = config;
    }

    /** Room for one more request from this client address for a callback on this host, or a problem saying why not. */
    void checkWaiting(String client, String host) {
        if (requests.waitingFrom(client) >= config.maxWaitingPerClient()) {
            throw new Throttled(
                    comeBackLater(
                            "Your address has " + config.maxWaitingPerClient()
                                    + " subscription requests waiting for verification, the most this hub keeps for one client."),
                    COME_BACK_LATER);
        }
        if (requests.waitingFor(host) >= config.maxWaitingPerHost()) {
            throw new Throttled(
                    comeBackLater("Callbacks on " + host + " have " + config.maxWaitingPerHost() + " subscription "
                            + "requests waiting for verification, the most this hub keeps for one callback host."),
                    COME_BACK_LATER);
        }
        if (requests.waiting() >= MAX_WAITING) {
            throw new Overloaded(
                    comeBackLater("Too many subscription requests are waiting for verification."), COME_BACK_LATER);
        }
    }

    /**
     * Room for a subscription of this callback to this topic: a renewal always has it. Subscriptions are counted
     * as requests arrive, not as they are verified, so a host may end up with more by the requests it had waiting.
     */
    void checkRoomToSubscribe(String host, String topicPath, String callback) {
        if (subscriptions.countFor(host) >= config.maxSubscriptionsPerHost()
                && !subscriptions.has(topicPath, callback)) {
            throw new Forbidden("Callbacks on " + host + " have " + config.maxSubscriptionsPerHost()
                    + " subscriptions, the most this hub keeps for one callback host; unsubscribe some first.");
        }
    }

    private static String comeBackLater(String detail) {
        return detail + " Try again later.";
    }
}
