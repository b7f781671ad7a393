package io.loa;

import io.loa.config.Settings;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Optional;

/**
 * The server cannot listen on its port: found before the database is opened and the demo loaded, so a second Loa
 * on a port already taken touches nothing, and said in one line naming the setting.
 */
public final class PortUnavailable extends RuntimeException {

    private PortUnavailable(String message, Throwable cause) {
        super(message, cause);
    }

    /** Fails when the port of {@code settings} cannot be listened on now; port 0 (any free port) always can. */
    static void check(Settings settings) {
        if (settings.port() == 0) {
            return;
        }
        try (ServerSocket probe = new ServerSocket()) {
            // As Jetty listens: a port a stopped server left in TIME_WAIT is free.
            probe.setReuseAddress(true);
            probe.bind(settings.bind()
                    .map(address -> new InetSocketAddress(address, settings.port()))
                    .orElseGet(() -> new InetSocketAddress(settings.port())));
        } catch (IOException e) {
            throw of(settings, e);
        }
    }

    /** The failure of a listen, as told to the operator, when it is one (else empty). */
    static Optional<PortUnavailable> from(Settings settings, RuntimeException failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof BindException bind) {
                return Optional.of(of(settings, bind));
            }
        }
        return Optional.empty();
    }

    private static PortUnavailable of(Settings settings, IOException e) {
        String port = "port " + settings.port()
                + settings.bind().map(a -> " of " + a.getHostAddress()).orElse("");
        String variables = settings.bind().isPresent() ? "(LOA_PORT, LOA_BIND)" : "(LOA_PORT)";
        String message = e.getMessage() != null && e.getMessage().contains("in use")
                ? port + " is in use " + variables
                : port + " cannot be listened on: " + e.getMessage() + " " + variables;
        return new PortUnavailable(message, e);
    }
}
