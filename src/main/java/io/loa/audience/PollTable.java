package io.loa.audience;

import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * How fast each client polls each feed, in a table of fixed size whatever the number of clients: 65,536 slots of
 * three longs (1.5 MB), found by a hash of the client (address and User-Agent) and the feed, with no lock.
 * <p>
 * Each slot keeps a client's fetches of a feed as the generic cell rate algorithm does: the time at which the
 * client will have been fetching exactly once per {@code ttl} ({@code due}); a fetch earlier than
 * {@code due - grace × ttl} is one too many. A slot whose {@code due} has passed owes nothing, so it is as good as
 * empty and is the one taken over when a new client needs room. When the few slots a client may hash to are all
 * held by clients that are polling too fast, the new client is not counted and is let through: at the bound the
 * rule fails open, it never refuses a client it cannot count. Threads racing on one slot may each let a fetch
 * through: a bound overshot by the requests of one instant, never a lock on the path of every feed request.
 */
final class PollTable {

    static final int SLOTS = 1 << 16;
    private static final int PROBES = 4;

    private final AtomicLongArray keys = new AtomicLongArray(SLOTS);
    /** Per slot, when the client is back to owing nothing (ms). */
    private final AtomicLongArray due = new AtomicLongArray(SLOTS);
    /** Per slot, the client's last fetch of any kind (ms). */
    private final AtomicLongArray last = new AtomicLongArray(SLOTS);

    /** Slots the rule could not count (the table full where a client hashed): each was let through. */
    private final LongAdder untracked = new LongAdder();

    /**
     * Notes a fetch at {@code now} and says how it stands.
     *
     * @param key the client and the feed, hashed
     * @param ttlMillis how often the feed may be fetched; 0 for any time
     * @param counted whether the fetch counts against the client (an unconditional one) or only tells that it came
     * @return the milliseconds the client must wait before a counted fetch is let through, 0 when it is, and in the
     *     high half ({@link #interval}) the time since the client's previous fetch of the feed
     */
    long fetch(long key, long now, long ttlMillis, int grace, boolean counted) {
        long k = key == 0 ? 1 : key;
        int home = (int) (mix(k) & (SLOTS - 1));
        int free = -1;
        for (int probe = 0; probe < PROBES; probe++) {
            int slot = (home + probe) & (SLOTS - 1);
            long held = keys.getPlain(slot);
            if (held == k) {
                return visit(slot, now, ttlMillis, grace, counted);
            }
            if (free < 0 && (held == 0 || due.getPlain(slot) <= now)) {
                free = slot;
            }
        }
        if (free < 0) {
            untracked.increment();
            return 0;
        }
        keys.setPlain(free, k);
        due.setPlain(free, now);
        last.setPlain(free, 0);
        return visit(free, now, ttlMillis, grace, counted);
    }

    private long visit(int slot, long now, long ttlMillis, int grace, boolean counted) {
        long previous = last.getPlain(slot);
        last.setPlain(slot, now);
        long interval = previous == 0 || previous > now ? -1 : now - previous;
        long wait = 0;
        if (counted && ttlMillis > 0) {
            long at = Math.max(due.getPlain(slot), now);
            long early = at - now - grace * ttlMillis;
            if (early > 0) {
                wait = early;
            } else {
                due.setPlain(slot, at + ttlMillis);
            }
        }
        return pack(interval, wait);
    }

    /** The wait a {@link #fetch} result says, in milliseconds. */
    static long waitOf(long result) {
        return result & 0xFFFF_FFFFL;
    }

    /** The interval since the previous fetch a {@link #fetch} result says, in milliseconds, or -1. */
    static long interval(long result) {
        long high = result >>> 32;
        return high == 0 ? -1 : high - 1;
    }

    private static long pack(long interval, long wait) {
        long high = interval < 0 ? 0 : Math.min(interval, 0xFFFF_FFFEL) + 1;
        return high << 32 | Math.min(wait, 0xFFFF_FFFFL);
    }

    long untracked() {
        return untracked.sum();
    }

    /** Spreads a hash over the table's bits (the finalizer of MurmurHash3). */
    static long mix(long h) {
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }
}
