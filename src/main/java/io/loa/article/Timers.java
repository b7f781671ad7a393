package io.loa.article;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** The background timers of the article store's helpers. */
public final class Timers {

    /** Longer than any one round of a timer takes: a poll or a release is a few queries. */
    private static final long STOP_WAIT_SECONDS = 5;

    private Timers() {}

    /** One named thread that never keeps the process alive on its own. */
    public static ScheduledExecutorService daemon(String name) {
        return Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, name);
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Stops a timer and waits for the round it is in, so that it is done with the database before the database
     * closes. It is not interrupted first: an interrupt in the middle of a write can close H2's file channel.
     */
    public static void stop(ExecutorService timer) {
        timer.shutdown();
        try {
            if (!timer.awaitTermination(STOP_WAIT_SECONDS, TimeUnit.SECONDS)) {
                timer.shutdownNow();
            }
        } catch (InterruptedException e) {
            timer.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
