package io.loa.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.rometools.rome.feed.synd.SyndEntry;
import io.loa.Fixtures;
import io.loa.ServerSetup;
import io.loa.TestDatabase;
import io.loa.TestServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The embedded database stays near the size of its data while Loa runs: every commit is appended to the H2 file,
 * and once the file passes its bound the server compacts it, answering all the while.
 */
@Tag("soak")
class FileCompactionTest {

    private static final long FLOOR = 1024 * 1024;
    private static final String BODY = "<p>Sáng 27/12, Ban Dân vận Tỉnh ủy tổ chức hội nghị tổng kết công tác dân vận"
            + " năm 2023; 1.743 mô hình “Dân vận khéo” được công nhận ở các cấp.</p>".repeat(40);

    /** A feed request: when it was sent and answered (wall clock, as log events are stamped), and its answer. */
    private record Poll(long sent, long answered, int status, byte[] body) {}

    @Test
    void theFileShrinksBackWhileTheServerAnswersAndKeepsEveryWrite(@TempDir Path dir) throws Exception {
        Assumptions.assumeFalse(TestDatabase.isPostgres(), "only an embedded H2 file grows with every commit");
        Logger log = (Logger) LoggerFactory.getLogger(FileCompaction.class);
        ListAppender<ILoggingEvent> events = new ListAppender<>();
        events.start();
        log.addAppender(events);
        Level level = log.getLevel();
        log.setLevel(Level.DEBUG);
        Path file = dir.resolve("loa.mv.db");
        try (TestServer server = ServerSetup.defaults()
                .database(TestDatabase.h2File(dir))
                .setting("LOA_DB_COMPACT_BYTES", String.valueOf(FLOOR))
                .start()) {
            String token = server.token("desk");
            server.putArticle(
                    "du-lich-1", Fixtures.article("Về thăm Thiên Cầm", "du-lich", "2024-05-01T08:00:00+07:00"), token);
            byte[] cached = server.getBytes("/feeds/du-lich.rss").body();

            // Readers poll a feed the writes below do not touch: it is served from the render cache throughout.
            List<Poll> polls = new CopyOnWriteArrayList<>();
            AtomicBoolean reading = new AtomicBoolean(true);
            long readingSince = System.currentTimeMillis();
            Thread reader = new Thread(() -> {
                while (reading.get()) {
                    long sent = System.currentTimeMillis();
                    HttpResponse<byte[]> feed = server.getBytes("/feeds/du-lich.rss");
                    polls.add(new Poll(sent, System.currentTimeMillis(), feed.statusCode(), feed.body()));
                }
            });
            reader.start();
            Map<String, String> acknowledged = new LinkedHashMap<>();
            List<Long> sizes = new ArrayList<>();
            try {
                // New articles and rewrites of them, until the file has been compacted and grown again a little.
                for (int i = 0;
                        i < 600 && compactionsSince(events, readingSince).size() < 2;
                        i++) {
                    String id = "bai-" + (i % 2 == 0 ? i : i - 1);
                    String title = "Bài " + i + ": công tác dân vận";
                    ObjectNode article = Fixtures.article(title, "thoi-su", "2024-06-01T08:00:00+07:00");
                    article.put("body", BODY);
                    server.putArticle(id, article, token);
                    acknowledged.put(id, title);
                    sizes.add(Files.size(file));
                }
            } finally {
                reading.set(false);
                reader.join();
            }
            // The loop ends when a compaction is logged as done, which may be after the last write's measure.
            sizes.add(Files.size(file));

            List<ILoggingEvent[]> done = compactionsSince(events, readingSince);
            assertThat(done).as("compactions while the server ran").isNotEmpty();
            long peak = sizes.stream().mapToLong(Long::longValue).max().orElseThrow();
            assertThat(peak).as("the file passed its bound").isGreaterThan(FLOOR);
            assertThat(sizes.subList(sizes.indexOf(peak), sizes.size()))
                    .as("sizes after the largest")
                    .anyMatch(size -> size < peak / 2);

            for (Map.Entry<String, String> write : acknowledged.entrySet()) {
                HttpResponse<String> read = server.get("/api/articles/" + write.getKey());
                assertThat(read.statusCode()).as(write.getKey()).isEqualTo(200);
                assertThat(Fixtures.JSON.readTree(read.body()).path("title").asText())
                        .isEqualTo(write.getValue());
            }

            assertThat(polls).as("feed polls").allMatch(poll -> poll.status() == 200);
            ILoggingEvent began = done.get(0)[0];
            ILoggingEvent ended = done.get(0)[1];
            List<Poll> during = polls.stream()
                    .filter(poll -> poll.sent() >= began.getTimeStamp() && poll.answered() <= ended.getTimeStamp())
                    .toList();
            assertThat(during)
                    .as(
                            "feeds answered while the file was compacted (%d ms)",
                            ended.getTimeStamp() - began.getTimeStamp())
                    .isNotEmpty();
            for (Poll poll : during) {
                assertThat(poll.body()).isEqualTo(cached);
                List<SyndEntry> entries = TestServer.parse(poll.body()).getEntries();
                assertThat(entries).extracting(SyndEntry::getTitle).containsExactly("Về thăm Thiên Cầm");
            }
        } finally {
            log.detachAppender(events);
            log.setLevel(level);
        }
    }

    @Test
    void aProcessConnectedThroughAutoServerKeepsItsConnectionAndTheCompactionWaitsForIt(@TempDir Path dir)
            throws Exception {
        Assumptions.assumeFalse(TestDatabase.isPostgres(), "only an embedded H2 file grows with every commit");
        LoaProcess loa = new LoaProcess(dir, Map.of("LOA_DB_COMPACT_BYTES", String.valueOf(FLOOR)));
        Path log = dir.resolve("loa.log");
        Process server = loa.start(log);
        Path file = dir.resolve("loa.mv.db");
        try {
            String token = loa.token();
            List<String> acknowledged = new ArrayList<>();
            // This JVM reaches the file through the server's AUTO_SERVER port, as a token command or an import does.
            String url = TestDatabase.h2File(dir);
            try (Connection other = DriverManager.getConnection(url, "sa", "")) {
                long last = Files.size(file);
                // Until the server has found the file past its bound, and this connection in the way.
                String heldOff = "other processes are connected to it through AUTO_SERVER";
                for (int i = 0; !Files.readString(log).contains(heldOff); i++) {
                    assertThat(i)
                            .as("writes before the server held the compaction off")
                            .isLessThan(400);
                    ObjectNode article = Fixtures.article("Bài " + i, "thoi-su", "2024-06-01T08:00:00+07:00");
                    article.put("body", BODY);
                    assertThat(loa.put("bai-" + i, article.toString(), token)).isIn(200, 201);
                    acknowledged.add("bai-" + i);
                    long size = Files.size(file);
                    assertThat(size)
                            .as("the file while another process is connected")
                            .isGreaterThanOrEqualTo(last);
                    last = size;
                }
                long connected = last;
                await().during(Duration.ofMillis(1_500))
                        .atMost(Duration.ofSeconds(10))
                        .untilAsserted(() -> assertThat(Files.size(file))
                                .as("the file while another process is connected")
                                .isGreaterThanOrEqualTo(connected));
                try (Statement statement = other.createStatement();
                        ResultSet count =
                                statement.executeQuery("SELECT COUNT(*) FROM article WHERE id LIKE 'bai-%'")) {
                    assertThat(count.next()).isTrue();
                    assertThat(count.getInt(1)).isEqualTo(acknowledged.size());
                }
            }
            long peak = Files.size(file);
            await().until(() -> size(file) < peak / 2);
            assertThat(acknowledged).allMatch(id -> loa.get("/api/articles/" + id) == 200);
        } finally {
            server.destroy();
            server.waitFor();
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Each compaction that began at {@code since} or later and ended: the events of its start and its end. */
    private static List<ILoggingEvent[]> compactionsSince(ListAppender<ILoggingEvent> events, long since) {
        List<ILoggingEvent> logged = logged(events);
        List<ILoggingEvent[]> compactions = new ArrayList<>();
        for (int i = 1; i < logged.size(); i++) {
            ILoggingEvent began = logged.get(i - 1);
            if (logged.get(i).getFormattedMessage().startsWith("Compacted the database file")
                    && began.getFormattedMessage().startsWith("Compacting the database file")
                    && began.getTimeStamp() >= since) {
                compactions.add(new ILoggingEvent[] {began, logged.get(i)});
            }
        }
        return compactions;
    }

    /** What was logged so far: the appender adds under its own lock, from the compaction's thread. */
    private static List<ILoggingEvent> logged(ListAppender<ILoggingEvent> events) {
        synchronized (events) {
            return List.copyOf(events.list);
        }
    }
}
