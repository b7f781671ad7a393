package io.loa.stream;

/**
 * Runs a task for many callers at once: each caller returns once a run that began after it called has ended, and
 * callers that arrive while a run is going share the next one. What group commit does for a log: writes that
 * commit while the stream is being followed are all followed by one pass, not by one pass each in turn.
 */
final class CombinedRuns {

    private final Runnable task;
    /** Runs begun and ended, counted from 1; a run in progress is the one numbered {@code begun}. */
    private long begun;

    private long ended;
    private boolean running;

    CombinedRuns(Runnable task) {
        this.task = task;
    }

    /**
     * Returns once a run that began after this call has ended: its own, or another caller's. An exception of the
     * task reaches the caller that ran it; those it ran for return as if it had succeeded, as they would have had
     * it failed a moment earlier, before they called.
     */
    void await() {
        long mine;
        synchronized (this) {
            long needed = begun + 1;
            while (running && ended < needed) {
                try {
                    wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            if (ended >= needed) {
                return;
            }
            running = true;
            mine = ++begun;
        }
        try {
            task.run();
        } finally {
            synchronized (this) {
                running = false;
                ended = mine;
                notifyAll();
            }
        }
    }
}
