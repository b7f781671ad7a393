package io.loa;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * Stops the server before the JVM's shutdown hooks run. H2 closes its embedded files in a hook of its own (and
 * refuses {@code DB_CLOSE_ON_EXIT=FALSE} beside {@code AUTO_SERVER}); hooks run side by side, so on a stop by
 * SIGTERM or SIGINT H2 would close the database under the requests still in flight and the background timers. On
 * those signals the server is closed first, then the JVM exits as it would have. Java has no public API for
 * signals; {@code sun.misc.Signal} (module jdk.unsupported) is the one every JDK keeps for this.
 */
final class GracefulStop {

    private static final Logger LOG = LoggerFactory.getLogger(GracefulStop.class);

    private GracefulStop() {}

    /**
     * Closes {@code server} once: on SIGTERM or SIGINT before exiting, or in a shutdown hook on any other exit. The
     * log says when the stop begins and when it is done, so an operator can tell a stop from a crash.
     */
    static void install(Server server) {
        AtomicBoolean closed = new AtomicBoolean();
        Consumer<String> close = cause -> {
            if (closed.compareAndSet(false, true)) {
                LOG.info("Stopping ({}): requests in flight finish, new ones are answered 503", cause);
                long started = System.nanoTime();
                try {
                    server.close();
                    LOG.info("Stopped in {} ms", (System.nanoTime() - started) / 1_000_000);
                } catch (RuntimeException e) {
                    LOG.warn("Could not stop cleanly", e);
                }
            }
        };
        Runtime.getRuntime().addShutdownHook(new Thread(() -> close.accept("the JVM is exiting"), "loa-shutdown"));
        for (String name : List.of("TERM", "INT")) {
            try {
                Signal.handle(new Signal(name), signal -> {
                    // On a thread that keeps the JVM alive: once the web server has stopped, no other does, and the
                    // JVM would begin to exit by itself, running H2's hook under the timers still being stopped.
                    Thread stop = new Thread(() -> {
                        close.accept("SIG" + name);
                        Runtime.getRuntime().exit(128 + signal.getNumber());
                    }, "loa-stop");
                    stop.setDaemon(false);
                    stop.start();
                });
            } catch (IllegalArgumentException unavailable) {
                // The JVM keeps the signal to itself (-Xrs): the shutdown hook stops the server instead.
                LOG.debug("SIG{} is not ours to handle: {}", name, unavailable.getMessage());
            }
        }
    }
}
