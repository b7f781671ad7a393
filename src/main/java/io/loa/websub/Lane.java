package io.loa.websub;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A budget of calls in flight at once: at most {@code total}, and at most {@code perKey} to one key (a callback's
 * origin or host), so one slow key cannot take every slot. The hub gives each kind of call a lane of its own.
 */
final class Lane {

    private final int total;
    private final int perKey;
    private final AtomicInteger inFlight = new AtomicInteger();
    /** Calls in flight per key; a key with none has no entry. */
    private final Map<String, Integer> inFlightByKey = new ConcurrentHashMap<>();

    Lane(int total, int perKey) {
        this.total = total;
        this.perKey = perKey;
    }

    /** How many more calls the lane takes, whatever their keys. */
    int free() {
        return total - inFlight.get();
    }

    int inFlight() {
        return inFlight.get();
    }

    /** What a claim of work may take per key, as things stand. */
    Slots slots() {
        return new Slots(perKey, inFlightByKey);
    }

    /** Takes a slot for a call to this key, if it has one free. */
    boolean take(String key) {
        boolean[] taken = {false};
        inFlightByKey.compute(key, (k, calls) -> {
            int now = calls == null ? 0 : calls;
            taken[0] = now < perKey;
            return taken[0] ? now + 1 : calls;
        });
        if (taken[0]) {
            inFlight.incrementAndGet();
        }
        return taken[0];
    }

    /**
     * Gives a call's slot back.
     *
     * @return true when this leaves half of the lane free, or a key that had every slot taken with half of them
     *     free: the moment to claim more work, so that connections stay busy (a fan-out to many hosts fills the
     *     lane long before any one host's share)
     */
    boolean done(String key) {
        int left = inFlight.decrementAndGet();
        Integer leftForKey = inFlightByKey.computeIfPresent(key, (k, calls) -> calls == 1 ? null : calls - 1);
        return left == total / 2 || leftForKey != null && leftForKey == perKey / 2;
    }
}
