package io.loa.transfer;

import java.time.Duration;

/**
 * What the walk of a feed's documents has left of its {@link ImportLimits}. Past a bound it stops the import
 * ({@link ImportStopped}, exit status 1) with a message naming the bound's flag, so the operator knows what
 * to raise; what came before stays imported.
 */
final class Budget {

    private final ImportLimits limits;
    private long started;
    private long documents;
    private long bytes;

    Budget(ImportLimits limits) {
        this.limits = limits;
    }

    /**
     * Counts one more document about to be read, and stops the import if it is one too many or time is up. The
     * walk's time starts with its first document, not with the opening of the database before it.
     */
    void document() {
        if (documents == 0) {
            started = System.nanoTime();
        }
        if (documents == limits.documents()) {
            throw new ImportStopped(
                    "at --max-documents " + limits.documents() + ": the source leads to more documents", 1);
        }
        timeLeft();
        documents++;
    }

    long bytesLeft() {
        return limits.bytes() - bytes;
    }

    void spent(long fetched) {
        bytes += fetched;
    }

    ImportStopped outOfBytes() {
        return new ImportStopped("at --max-bytes " + limits.bytes() + ": the source holds more bytes", 1);
    }

    /** How long the next request may take: its own bound, or what is left of the whole walk's if less. */
    Duration requestTime() {
        Duration left = timeLeft();
        return left.compareTo(limits.requestTime()) < 0 ? left : limits.requestTime();
    }

    /**
     * Whether a request given {@code time} that timed out ran out of the walk's time rather than its own: it was given
     * less than a request's bound, so what was left of the walk (counted to the millisecond below, so the clock may
     * not show it spent yet), or the walk's time is up.
     */
    boolean spentTheWalk(Duration time) {
        return time.compareTo(limits.requestTime()) < 0 || outOfTime();
    }

    private boolean outOfTime() {
        return left().compareTo(Duration.ZERO) <= 0;
    }

    ImportStopped timeUp() {
        return new ImportStopped("at --max-time " + written(limits.time()) + ": the source was not read to its end", 1);
    }

    private Duration timeLeft() {
        if (outOfTime()) {
            throw timeUp();
        }
        return left();
    }

    private Duration left() {
        return limits.time().minus(Duration.ofNanos(System.nanoTime() - started));
    }

    /** A time as the flags take it: {@code 6h}, {@code 90s}, {@code 1500ms}. */
    static String written(Duration time) {
        if (time.toMillis() % 1000 != 0) {
            return time.toMillis() + "ms";
        }
        long seconds = time.toSeconds();
        return seconds % 3600 == 0 ? seconds / 3600 + "h" : seconds % 60 == 0 ? seconds / 60 + "m" : seconds + "s";
    }
}
