package io.loa;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * What the server has started, closed in the reverse order, once, whether start-up failed midway or the server
 * stops: a part is added as soon as it holds anything (a thread, a connection, a port), so nothing it needs has been
 * closed when it closes. Adding a part is one line, where it is made: {@code lifecycle.add(new Part(…))}.
 */
final class Lifecycle implements AutoCloseable {

    private final Deque<AutoCloseable> started = new ArrayDeque<>();

    /** Returns {@code part}, to be closed before every part added earlier. */
    synchronized <T extends AutoCloseable> T add(T part) {
        started.push(part);
        return part;
    }

    /**
     * Closes every part, the last added first; a part that fails to close does not keep the others open. The first
     * failure is thrown once all are closed, with the others suppressed in it. A second call finds nothing to close.
     */
    @Override
    public synchronized void close() {
        RuntimeException failure = null;
        while (!started.isEmpty()) {
            try {
                started.pop().close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = e instanceof RuntimeException runtime ? runtime : new IllegalStateException(e);
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** Closes every part after start-up failed with {@code cause}: a failure to close is kept in it, not lost. */
    void closeAfter(RuntimeException cause) {
        try {
            close();
        } catch (RuntimeException e) {
            cause.addSuppressed(e);
        }
    }
}
