package io.loa.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.loa.TestDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded database keeps every write it acknowledged through kill -9 and restart: the server runs as a
 * process of its own and is killed while editors write.
 */
@Tag("crash")
class CrashRecoveryTest {

    private static final String ARTICLE = """
            {"title": "Thực hiện toàn diện, đồng bộ và hiệu quả công tác dân vận", "sections": ["thoi-su"],
             "published": "2023-12-27T08:30:00+07:00", "body": "<p>Đoạn văn.</p>", "url": "https://baohatinh.vn/a.html",
             "images": [{"url": "https://baohatinh.vn/a.jpg", "caption": "Ảnh"}]}""";

    @Test
    void everyAcknowledgedWriteSurvivesKillNineAndARestartAfterAPause(@TempDir Path dir) throws Exception {
        Assumptions.assumeFalse(TestDatabase.isPostgres(), "the embedded H2 file is what this test kills");
        LoaProcess loa = new LoaProcess(dir, Map.of());
        String token = null;
        List<String> acknowledged = new CopyOnWriteArrayList<>();
        Random random = new Random();
        for (int run = 0; run < 2; run++) {
            Process server = loa.start(null);
            if (token == null) {
                token = loa.token();
            }
            String bearer = token;
            int epoch = run;
            // An editor's pace, so that each commit is a chunk of its own; killed while writing.
            Thread writer = new Thread(() -> {
                for (int i = 0; !Thread.currentThread().isInterrupted(); i++) {
                    String id = "crash-" + epoch + "-" + i;
                    if (loa.put(id, ARTICLE, bearer) / 100 == 2) {
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
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(20))
                    .until(() -> acknowledged.stream().anyMatch(id -> id.startsWith(first)));
            Thread.sleep(300 + random.nextInt(800));
            server.destroyForcibly().waitFor();
            writer.interrupt();
            writer.join();
            // Downtime longer than H2's retention time (45 s): the space of every older chunk becomes free.
            Thread.sleep(run == 0 ? 41_000 : 0);
        }
        Process server = loa.start(null);
        try {
            List<String> missing = acknowledged.stream()
                    .filter(id -> loa.get("/api/articles/" + id) != 200)
                    .toList();
            assertThat(acknowledged)
                    .as("writes acknowledged after the pause")
                    .anyMatch(id -> id.startsWith("crash-1-"));
            assertThat(missing)
                    .as("acknowledged writes gone after kill -9 and restart")
                    .isEmpty();
        } finally {
            server.destroy();
            server.waitFor();
        }
    }
}
