package io.loa.background;

import io.micrometer.core.instrument.Counter;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rounds of one background loop, made by {@link Timers}. Each round that fails is counted, but only the first
 * failure of a run of them is logged (a WARN naming the loop and the cause in one line; the stack trace at DEBUG),
 * and the first round that works after it logs that the loop has recovered: a database away for an hour is two
 * lines per loop, not a stack trace every interval. A loop runs on a timer of its own ({@link #every}) or on a
 * thread it keeps itself, calling {@link #run} for each round.
 */
public final class Rounds implements AutoCloseable {

    /** Longer than any one round of a timer takes: a poll or a release is a few queries. */
    private static final long STOP_WAIT_SECONDS = 5;

    private static final Logger LOG = LoggerFactory.getLogger(Rounds.class);

    private final String loop;
    private final Counter failures;
    private ScheduledExecutorService timer;
    private long failedSince;
    private long failedRounds;

    /** @param loop what the log lines call it; {@code failures} counts its failed rounds */
    public Rounds(String loop, Counter failures) {
        this.loop = loop;
        this.failures = failures;
    }

    /** Runs one round; returns whether it worked. A round's exception is told here and goes no further. */
    public synchronized boolean run(Runnable round) {
        try {
            round.run();
        } catch (RuntimeException e) {
            failures.increment();
            if (failedRounds++ == 0) {
                failedSince = System.nanoTime();
                LOG.warn("The {} loop is failing, and tries again every round: {}", loop, cause(e));
                LOG.debug("The {} loop's first failure", loop, e);
            }
            return false;
        }
        if (failedRounds > 0) {
            LOG.info(
                    "The {} loop works again, after {} failed rounds in {} ms",
                    loop,
                    failedRounds,
                    (System.nanoTime() - failedSince) / 1_000_000);
            failedRounds = 0;
        }
        return true;
    }

    /**
     * Runs {@code round} every {@code intervalMillis}, the first time after {@code delayMillis}, on a thread named
     * after the loop that never keeps the process alive on its own.
     */
    public synchronized void every(long delayMillis, long intervalMillis, Runnable round) {
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "loa-" + loop);
            thread.setDaemon(true);
            return thread;
        });
        timer.scheduleWithFixedDelay(() -> run(round), delayMillis, intervalMillis, TimeUnit.MILLISECONDS);
    }

    /**
     * Stops the timer and waits for the round it is in, so that it is done with the database before the database
     * closes. It is not interrupted first: an interrupt in the middle of a write can close H2's file channel.
     */
    @Override
    public void close() {
        ScheduledExecutorService stopping;
        synchronized (this) {
            stopping = timer;
        }
        if (stopping == null) {
            return;
        }
        stopping.shutdown();
        try {
            if (!stopping.awaitTermination(STOP_WAIT_SECONDS, TimeUnit.SECONDS)) {
                stopping.shutdownNow();
            }
        } catch (InterruptedException e) {
            stopping.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    /** The first line of the innermost cause: the database's own words ({@code Table "article" not found}). */
    private static String cause(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        String message = root.getMessage() == null
                ? ""
                : root.getMessage().lines().findFirst().orElse("");
        return root.getClass().getSimpleName() + (message.isEmpty() ? "" : ": " + message);
    }
}
