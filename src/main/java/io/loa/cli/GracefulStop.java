package io.loa.cli;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.ObjIntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * Stops the work under way (the server, or an import) before the JVM's shutdown hooks run. H2 closes its embedded
 * files in a hook of its own (and refuses {@code DB_CLOSE_ON_EXIT=FALSE} beside {@code AUTO_SERVER}); hooks run
 * side by side, so on a stop by SIGTERM or SIGINT H2 would close the database under the requests still in flight
 * and the background timers, or under the import's next write. On those signals the work is stopped first, then
 * the JVM exits as it would have, with 128 and the signal's number. Java has no public API for signals;
 * {@code sun.misc.Signal} (module jdk.unsupported) is the one every JDK keeps for this.
 */
public final class GracefulStop {

    private static final Logger LOG = LoggerFactory.getLogger(GracefulStop.class);

    private GracefulStop() {}

    /** Work a signal stops; {@link #stop} returns once it has stopped. */
    @FunctionalInterface
    public interface Stoppable {
        /** @param signal the number of the signal that asks (15 for SIGTERM), or 0 for an exit begun otherwise */
        void stop(int signal);
    }

    /**
     * Stops {@code work} once: on SIGTERM or SIGINT before exiting, or in a shutdown hook on any other exit. The log
     * says when a stop by signal begins, with {@code how} (what a stop does to the work), and when it is done, so an
     * operator can tell a stop from a crash.
     */
    public static void install(String how, Stoppable work) {
        AtomicBoolean stopped = new AtomicBoolean();
        ObjIntConsumer<String> stop = (cause, signal) -> {
            if (stopped.compareAndSet(false, true)) {
                // An exit begun otherwise (a command that is done) has nothing to report.
                boolean told = signal != 0;
                if (told) {
                    LOG.info("Stopping ({}): {}", cause, how);
                }
                long started = System.nanoTime();
                try {
                    work.stop(signal);
                    if (told) {
                        LOG.info("Stopped in {} ms", (System.nanoTime() - started) / 1_000_000);
                    }
                } catch (RuntimeException e) {
                    LOG.warn("Could not stop cleanly", e);
                }
            }
        };
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop.accept("exit", 0), "loa-shutdown"));
        for (String name : List.of("TERM", "INT")) {
            try {
                Signal.handle(new Signal(name), signal -> {
                    // On a thread that keeps the JVM alive: once the web server has stopped, no other does, and the
                    // JVM would begin to exit by itself, running H2's hook under the timers still being stopped.
                    Thread stopping = new Thread(
                            () -> {
                                stop.accept("SIG" + name, signal.getNumber());
                                Runtime.getRuntime().exit(128 + signal.getNumber());
                            },
                            "loa-stop");
                    stopping.setDaemon(false);
                    stopping.start();
                });
            } catch (IllegalArgumentException unavailable) {
                // The JVM keeps the signal to itself (-Xrs): the shutdown hook stops the work instead.
                LOG.debug("SIG{} is not ours to handle: {}", name, unavailable.getMessage());
            }
        }
    }
}
