package io.loa.cdn;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real Varnish in front of a test's Loa: {@code varnishd -F} on a free loopback port, with a working directory
 * of its own and the project's {@code deploy/varnish.vcl} with only Loa's port changed. Closing it stops that one
 * process and removes its directory.
 */
final class Varnish implements AutoCloseable {

    static final Path VARNISHD = Path.of("/usr/sbin/varnishd");
    private static final Path VCL = Path.of("deploy/varnish.vcl");

    private final Process process;
    private final Path dir;
    private final int port;

    private Varnish(Process process, Path dir, int port) {
        this.process = process;
        this.dir = dir;
        this.port = port;
    }

    static boolean installed() {
        return Files.isExecutable(VARNISHD);
    }

    /** Starts Varnish on {@code port} in front of Loa on {@code loaPort}; waits until it answers through to Loa. */
    static Varnish inFrontOf(int loaPort, int port) {
        try {
            // varnishd drops to a user of its own, which must read the VCL: a temp directory is private by default.
            Path dir = Files.createTempDirectory(
                    "loa-varnish-", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
            String vcl = Files.readString(VCL);
            String backend = ".port = \"8080\";";
            if (!vcl.contains(backend)) {
                throw new IllegalStateException(VCL + " no longer names Loa's port as " + backend);
            }
            Path file = dir.resolve("loa.vcl");
            Files.writeString(file, vcl.replace(backend, ".port = \"" + loaPort + "\";"));
            Process process = new ProcessBuilder(
                            VARNISHD.toString(),
                            "-F",
                            "-n",
                            dir.resolve("work").toString(),
                            "-a",
                            "127.0.0.1:" + port,
                            "-f",
                            file.toString(),
                            "-s",
                            "malloc,64m")
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("varnishd.log").toFile())
                    .start();
            Varnish varnish = new Varnish(process, dir, port);
            varnish.awaitLoa();
            return varnish;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    int port() {
        return port;
    }

    /** Waits until Varnish listens and its probe finds Loa up: /health answered 200 through it. */
    private void awaitLoa() {
        HttpClient client = HttpClient.newHttpClient();
        try {
            await().atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(100))
                    .failFast("varnishd exited", () -> !process.isAlive())
                    .ignoreExceptionsInstanceOf(IOException.class)
                    .until(() -> client.send(
                                            HttpRequest.newBuilder(uri("/health"))
                                                    .timeout(Duration.ofSeconds(2))
                                                    .build(),
                                            HttpResponse.BodyHandlers.discarding())
                                    .statusCode()
                            == 200);
        } catch (RuntimeException e) {
            String log = log();
            close();
            throw new IllegalStateException("Varnish did not answer through to Loa: " + log, e);
        }
    }

    private String log() {
        try {
            Path log = dir.resolve("varnishd.log");
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            return e.toString();
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A loopback port free now, for a Varnish about to start. */
    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
