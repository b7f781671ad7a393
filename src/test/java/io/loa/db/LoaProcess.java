package io.loa.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.loa.TestDatabase;
import io.loa.token.TokenCommand;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Loa as a process of its own, on an H2 file, as an operator runs it: to be killed or stopped from outside. */
final class LoaProcess {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private final Map<String, String> env;

    /** Settings for a server on the H2 file {@code dir/loa}, with the project's feeds-config. */
    LoaProcess(Path dir, Map<String, String> settings) {
        env = new HashMap<>(Map.of(
                "LOA_DB_URL", TestDatabase.h2File(dir),
                "LOA_CONFIG", Path.of("feeds-config").toAbsolutePath().toString(),
                "LOA_ACCESS_LOG", "false"));
        env.putAll(settings);
    }

    /** Starts the server on a fresh port, its stderr going to {@code stderr} (or discarded), and waits for it. */
    Process start(Path stderr) throws IOException {
        env.put("LOA_PORT", String.valueOf(freePort()));
        ProcessBuilder builder = new ProcessBuilder(java())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(
                        stderr == null ? ProcessBuilder.Redirect.DISCARD : ProcessBuilder.Redirect.to(stderr.toFile()));
        builder.environment().putAll(env);
        Process process = builder.start();
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> !process.isAlive() || get("/health") == 200);
        assertThat(process.isAlive()).as("the server started").isTrue();
        return process;
    }

    /** A command ({@code import …}) run as operators run it, its stdout and stderr going to files. */
    Process command(Path stdout, Path stderr, String... args) throws IOException {
        ProcessBuilder builder =
                new ProcessBuilder(java(args)).redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
        builder.environment().putAll(env);
        return builder.start();
    }

    /** The JDBC URL of its database. */
    String dbUrl() {
        return env.get("LOA_DB_URL");
    }

    /** A token made as operators make one: with the command, while the server runs. */
    String token() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = new TokenCommand(new PrintStream(out, true, StandardCharsets.UTF_8), System.err)
                .run(env, "create", "--name", "desk");
        assertThat(code).isZero();
        return out.toString(StandardCharsets.UTF_8).strip();
    }

    /** The status of a PUT of {@code json}; 0 when no answer came. */
    int put(String id, String json, String token) {
        return status(HttpRequest.newBuilder(uri("/api/articles/" + id))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + token)
                .PUT(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)));
    }

    /** The status of a GET; 0 when no answer came. */
    int get(String path) {
        return status(HttpRequest.newBuilder(uri(path)).GET());
    }

    private int status(HttpRequest.Builder request) {
        try {
            return HTTP.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (IOException noAnswer) {
            return 0; // not listening yet, or gone mid-request: either way nothing was acknowledged
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + env.get("LOA_PORT") + path);
    }

    /** The command line that runs Loa with {@code args}, on the tests' own classes. */
    private static List<String> java(String... args) {
        List<String> line = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                "io.loa.Main"));
        line.addAll(List.of(args));
        return line;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
