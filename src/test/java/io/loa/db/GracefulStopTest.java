package io.loa.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.loa.FeedHost;
import io.loa.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stop (SIGTERM, as systemd and Docker send) on the embedded database: the requests in flight and the background
 * timers finish with the database before it closes, so nothing fails and nothing is logged as failing; an import
 * finishes the article in hand and says what it did.
 */
@Tag("crash")
class GracefulStopTest {

    private static final String ARTICLE = """
            {"title": "Dừng máy chủ khi biên tập viên đang ghi", "sections": ["thoi-su"],
             "published": "2024-01-05T08:30:00+07:00", "body": "<p>Đoạn văn.</p>"}""";
    private static final Pattern PROBLEM = Pattern.compile("^\\S+ (WARN|ERROR) ");

    @Test
    void aStopIsLoggedWhenItBeginsAndWhenItIsDone(@TempDir Path dir) throws Exception {
        Assumptions.assumeFalse(TestDatabase.isPostgres(), "the server process runs on an H2 file");
        LoaProcess loa = new LoaProcess(dir, Map.of());
        Path stderr = dir.resolve("stderr.log");
        Process server = loa.start(stderr);
        server.destroy();
        assertThat(server.waitFor(30, TimeUnit.SECONDS)).as("stopped").isTrue();

        List<String> lines = Files.readAllLines(stderr, StandardCharsets.UTF_8).stream()
                .filter(line -> line.contains(" INFO ") && line.contains("cli.GracefulStop - "))
                .toList();
        assertThat(lines).as("the stop's log lines, in order").hasSize(2);
        assertThat(lines.get(0)).contains("Stopping (SIGTERM): requests in flight finish");
        assertThat(lines.get(1)).containsPattern(" - Stopped in \\d+ ms$");
    }

    @Test
    void aStopWhileEditorsWriteAnswersEveryRequestAndLogsNoFailure(@TempDir Path dir) throws Exception {
        Assumptions.assumeFalse(TestDatabase.isPostgres(), "the embedded H2 file is what this test stops");
        // Timers polling every millisecond are in the database whenever the stop comes.
        LoaProcess loa = new LoaProcess(dir, Map.of("LOA_SYNC_MILLIS", "1"));
        Path stderr = dir.resolve("stderr.log");
        Process server = loa.start(stderr);
        String token = loa.token();
        List<Integer> answers = new CopyOnWriteArrayList<>();
        List<String> acknowledged = new CopyOnWriteArrayList<>();
        Thread writer = new Thread(() -> {
            for (int i = 0; !Thread.currentThread().isInterrupted(); i++) {
                int status = loa.put("stop-" + i, ARTICLE, token);
                answers.add(status);
                if (status / 100 == 2) {
                    acknowledged.add("stop-" + i);
                }
            }
        });
        writer.start();
        await().atMost(Duration.ofSeconds(60)).until(() -> acknowledged.size() >= 3);
        server.destroy();
        assertThat(server.waitFor(30, TimeUnit.SECONDS)).as("stopped").isTrue();
        writer.interrupt();
        writer.join();

        // While stopping, a new request is turned away (503, to be retried); once stopped, nobody listens (0).
        // None in flight fails.
        assertThat(answers)
                .as("statuses of the writes around the stop")
                .allMatch(s -> s == 0 || s == 503 || s / 100 == 2);
        assertThat(Files.readAllLines(stderr, StandardCharsets.UTF_8).stream()
                        .filter(line -> PROBLEM.matcher(line).find()))
                .as("warnings and errors logged")
                .isEmpty();
        Process again = loa.start(null);
        try {
            assertThat(acknowledged.stream().filter(id -> loa.get("/api/articles/" + id) != 200))
                    .as("acknowledged writes missing after the stop")
                    .isEmpty();
        } finally {
            again.destroy();
            again.waitFor();
        }
    }

    @Test
    void anImportStoppedBySigtermSaysWhatItDidAndExits143(@TempDir Path dir) throws Exception {
        Assumptions.assumeFalse(TestDatabase.isPostgres(), "the embedded H2 file is what this test stops");
        try (FeedHost source = new FeedHost(1)) {
            // An archive that never ends, a little slowly, so the stop comes while it reads.
            source.otherwise(exchange -> {
                int page = Integer.parseInt(exchange.getRequestURI().getPath().replaceAll("\\D", ""));
                List<String> ids = IntStream.rangeClosed(1, 10)
                        .mapToObj(i -> "dung-" + page + "-" + i)
                        .toList();
                FeedHost.send(
                        exchange,
                        200,
                        "application/atom+xml",
                        FeedHost.atom(ids, Map.of("prev-archive", source.url("/page-" + (page + 1) + ".atom"))));
            });
            LoaProcess loa = new LoaProcess(dir, Map.of());
            Path stdout = dir.resolve("stdout.log");
            Path stderr = dir.resolve("stderr.log");
            Process importing = loa.command(stdout, stderr, "import", source.url("/page-1.atom"));
            await().atMost(Duration.ofSeconds(60)).until(() -> source.asked().size() >= 20 || !importing.isAlive());
            importing.destroy();
            assertThat(importing.waitFor(30, TimeUnit.SECONDS)).as("stopped").isTrue();

            String out = Files.readString(stdout, StandardCharsets.UTF_8);
            String err = Files.readString(stderr, StandardCharsets.UTF_8);
            assertThat(importing.exitValue()).as(out + err).isEqualTo(143);
            Matcher summary = Pattern.compile(
                            "^Stopped by SIGTERM; imported (\\d+), updated 0, unchanged 0, skipped 0 in ")
                    .matcher(out);
            assertThat(summary.find()).as(out).isTrue();
            assertThat(err).doesNotContain("already closed", "skipped").contains("loa import: stopped by SIGTERM");
            try (Connection db = DriverManager.getConnection(loa.dbUrl(), "sa", "");
                    ResultSet count = db.createStatement().executeQuery("select count(*) from article")) {
                count.next();
                assertThat(count.getInt(1))
                        .as("articles written, as the summary says")
                        .isEqualTo(Integer.parseInt(summary.group(1)))
                        .isGreaterThanOrEqualTo(10);
            }
        }
    }
}
