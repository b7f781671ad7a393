package io.loa.transfer;

import java.util.concurrent.CompletableFuture;

/**
 * A signal's request that the import stop: it finishes the article in hand, takes no other, and abandons a fetch
 * under way; the command then prints what it did and exits with 128 and the signal's number, as a shell reports
 * a process a signal ended.
 */
final class StopRequest {

    private final CompletableFuture<Integer> asked = new CompletableFuture<>();

    /** @param signal the signal's number (15 for SIGTERM), or 0 when the JVM exits for another reason */
    void ask(int signal) {
        asked.complete(signal);
    }

    /** Completes when a stop is asked for, so a wait can end with it. */
    CompletableFuture<Integer> asked() {
        return asked;
    }

    /** Throws {@link ImportStopped} once a stop is asked for. */
    void check() {
        Integer signal = asked.getNow(null);
        if (signal != null) {
            String name = switch (signal) {
                case 0 -> "the JVM exiting";
                case 2 -> "SIGINT";
                case 15 -> "SIGTERM";
                default -> "signal " + signal;
            };
            throw new ImportStopped("by " + name, signal == 0 ? 1 : 128 + signal);
        }
    }
}
