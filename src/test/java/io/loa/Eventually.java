package io.loa;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits for what another thread, instance or process does: a condition that must hold within a time. */
public final class Eventually {

    /** Long enough for a poll every LOA_SYNC_MILLIS on a busy machine, short enough to fail a test plainly. */
    public static final Duration SOON = Duration.ofSeconds(10);

    private Eventually() {}

    public static void holds(BooleanSupplier condition) {
        holds(SOON, condition);
    }

    public static void holds(Duration within, BooleanSupplier condition) {
        long deadline = System.nanoTime() + within.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Not so within " + within);
            }
            try {
                Thread.sleep(25);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
