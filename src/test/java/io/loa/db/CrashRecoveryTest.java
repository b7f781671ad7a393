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
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded database keeps every write it acknowledged through kill -9 and restart: the server runs as a
 * process of its own and is killed while editors write.
 */
class CrashRecoveryTest {

    private static final String ARTICLE = """
            {"title": "Thực hiện toàn diện, đồng bộ và hiệu quả công tác dân vận", "sections": ["thoi-su"],
             "published": "2023-12-27T08:30:00+07:00", "body": "<p>Đoạn văn.</p>", "url": "https://baohatinh.vn/a.html",
             "images": [{"url": "https://baohatinh.vn/a.jpg", "caption": "Ảnh"}]}""";

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void everyAcknowledgedWriteSurvivesKillNineAndARestartAfterAPause(@TempDir Path dir) throws Exception {
        Assumptions.assumeFalse(TestDatabase.isPostgres(), "the embedded H2 file is what this test kills");
        Map<String, String> env = new HashMap<>(Map.of(
                "LOA_DB_URL", "jdbc:h2:file:" + dir.resolve("loa") + ";AUTO_SERVER=TRUE",
                "LOA_CONFIG", Path.of("feeds-config").toAbsolutePath().toString(),
                "LOA_ACCESS_LOG", "false"));
        String token = null;
        List<String> acknowledged = new CopyOnWriteArrayList<>();
        Random random = new Random();
        for (int run = 0; run < 2; run++) {
            Process server = start(env);
            if (token == null) {
                token = token(env); // as operators do: while the server runs
            }
            String bearer = token;
            int epoch = run;
            // An editor's pace, so that each commit is a chunk of its own; killed while writing.
            Thread writer = new Thread(() -> {
                for (int i = 0; !Thread.currentThread().isInterrupted(); i++) {
                    String id = "crash-" + epoch + "-" + i;
                    if (put(env, id, ARTICLE, bearer) / 100 == 2) {
                        acknowledged.add(id);
                    }
                    try {
                        Thread.sleep(150);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            writer.start();
            // A cold server on a busy machine may take a while over its first write: the kill comes after it.
            String first = "crash-" + epoch + "-";
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20))
                    .until(() -> acknowledged.stream().anyMatch(id -> id.startsWith(first)));
            Thread.sleep(300 + random.nextInt(800));
            server.destroyForcibly().waitFor();
            writer.interrupt();
            writer.join();
            // Downtime longer than H2's retention time (45 s): the space of every older chunk becomes free.
            Thread.sleep(run == 0 ? 41_000 : 0);
        }
        Process server = start(env);
        try {
            List<String> missing = acknowledged.stream().filter(id -> get(env, "/api/articles/" + id) != 200).toList();
            assertThat(acknowledged).as("writes acknowledged after the pause").anyMatch(id -> id.startsWith("crash-1-"));
            assertThat(missing).as("acknowledged writes gone after kill -9 and restart").isEmpty();
        } finally {
            server.destroy();
            server.waitFor();
        }
    }

    private static String token(Map<String, String> env) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = new TokenCommand(new PrintStream(out, true, StandardCharsets.UTF_8), System.err)
                .run(env, "create", "--name", "crash");
        assertThat(code).isZero();
        return out.toString(StandardCharsets.UTF_8).strip();
    }

    private Process start(Map<String, String> env) throws IOException {
        env.put("LOA_PORT", String.valueOf(freePort()));
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "io.loa.Main")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        builder.environment().putAll(env);
        Process process = builder.start();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> !process.isAlive() || get(env, "/health") == 200);
        assertThat(process.isAlive()).as("the server started").isTrue();
        return process;
    }

    private int put(Map<String, String> env, String id, String json, String token) {
        return status(env, HttpRequest.newBuilder(uri(env, "/api/articles/" + id))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + token)
                .PUT(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)));
    }

    private int get(Map<String, String> env, String path) {
        return status(env, HttpRequest.newBuilder(uri(env, path)).GET());
    }

    private int status(Map<String, String> env, HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (IOException noAnswer) {
            return 0; // not listening yet, or killed mid-request: either way nothing was acknowledged
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static URI uri(Map<String, String> env, String path) {
        return URI.create("http://127.0.0.1:" + env.get("LOA_PORT") + path);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
