package io.loa.feed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.rometools.rome.feed.synd.SyndEntry;
import io.loa.Fixtures;
import io.loa.ServerPerClass;
import io.loa.ServerSetup;
import io.loa.TestDatabase;
import io.loa.TestServer;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two Loa instances on one database serve consistent feeds: a write through one is served by the other within
 * the bound, under load, with nothing acknowledged ever missing.
 */
class TwoInstancesTest {

    static final Duration BOUND = Duration.ofSeconds(1);
    static final List<String> SECTIONS = List.of("thoi-su", "lich-su", "du-lich", "xay-dung-dang");
    /** On PostgreSQL, the production setting, the soak runs a full minute; on H2, when asked for, a shorter one. */
    static final int SOAK_SECONDS = Integer.getInteger("loa.test.soakSeconds", TestDatabase.isPostgres() ? 60 : 10);

    static final int MAX_WRITES = 900;

    @RegisterExtension
    @Order(1)
    static final ServerPerClass first = new ServerPerClass(longFeeds());

    @RegisterExtension
    @Order(2)
    static final ServerPerClass second = new ServerPerClass(longFeeds().sharingDatabaseOf(first));

    static TestServer a;
    static TestServer b;
    static String token;

    /** Feeds long enough to hold every article the soak writes. */
    static ServerSetup longFeeds() {
        return ServerSetup.defaults().site(site -> site.itemsPerFeed(1000));
    }

    @BeforeAll
    static void start() {
        a = first.server();
        b = second.server();
        token = a.token("desk");
    }

    @Test
    void aWriteThroughOneInstanceIsServedByTheOtherWithinTheBound() throws Exception {
        List<Long> delays = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String section = SECTIONS.get(i % SECTIONS.size());
            b.getBytes("/feeds/" + section + ".atom"); // B has the feed cached before the write
            String id = "cross-" + i;
            assertThat(a.put(
                                    "/api/articles/" + id,
                                    Fixtures.article("Qua hai máy " + i, section, "2025-02-01T08:00:00+07:00")
                                            .toString(),
                                    token)
                            .statusCode())
                    .isEqualTo(201);
            long acknowledged = System.nanoTime();
            await("staleness of " + id)
                    .atMost(BOUND)
                    .pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ofMillis(5))
                    .until(() -> contains(b, "/feeds/" + section + ".atom", id));
            delays.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - acknowledged));
        }
        Collections.sort(delays);
        System.out.printf(
                "Staleness between instances over %d writes: median %d ms, max %d ms (bound %d ms)%n",
                delays.size(), delays.get(delays.size() / 2), delays.get(delays.size() - 1), BOUND.toMillis());
    }

    /** A soak about PostgreSQL, the production setting for several instances: run there only, a full minute. */
    @Test
    @Tag("soak")
    @Tag("postgresql")
    void underLoadEveryAcknowledgedWriteIsInTheFinalFeedsAndNothingFails() throws Exception {
        Map<String, String> acknowledged = new ConcurrentHashMap<>();
        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger writes = new AtomicInteger();
        AtomicInteger reads = new AtomicInteger();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(SOAK_SECONDS);
        ExecutorService pool = Executors.newFixedThreadPool(40);
        for (int w = 0; w < 8; w++) {
            TestServer via = w % 2 == 0 ? a : b;
            int writer = w;
            pool.submit(() -> {
                for (int n = 0; System.nanoTime() < end && writes.get() < MAX_WRITES; n++) {
                    String id = "soak-" + writer + "-" + n;
                    String section = SECTIONS.get(ThreadLocalRandom.current().nextInt(SECTIONS.size()));
                    HttpResponse<String> r = via.put(
                            "/api/articles/" + id,
                            Fixtures.article("Tải " + id, section, "2025-02-02T08:00:00+07:00")
                                    .toString(),
                            token);
                    writes.incrementAndGet();
                    if (r.statusCode() / 100 == 2) {
                        acknowledged.put(id, section);
                    } else if (r.statusCode() >= 500) {
                        failures.add("PUT " + id + ": " + r.statusCode() + " " + r.body());
                    }
                    pause(SOAK_SECONDS * 1000L * 8 / MAX_WRITES);
                }
            });
        }
        for (int r = 0; r < 32; r++) {
            TestServer via = r % 2 == 0 ? a : b;
            pool.submit(() -> {
                while (System.nanoTime() < end) {
                    String feed =
                            "/feeds/" + SECTIONS.get(ThreadLocalRandom.current().nextInt(SECTIONS.size()))
                                    + (ThreadLocalRandom.current().nextBoolean() ? ".rss" : ".atom");
                    HttpResponse<byte[]> response = via.getBytes(feed);
                    reads.incrementAndGet();
                    if (response.statusCode() != 200) {
                        failures.add("GET " + feed + ": " + response.statusCode());
                        continue;
                    }
                    try {
                        TestServer.parse(response.body());
                    } catch (AssertionError e) {
                        failures.add("GET " + feed + " does not parse: " + e.getMessage());
                    }
                }
            });
        }
        pool.shutdown();
        assertThat(pool.awaitTermination(SOAK_SECONDS + 120, TimeUnit.SECONDS)).isTrue();
        assertThat(failures).isEmpty();
        Thread.sleep(BOUND.toMillis());

        for (TestServer instance : List.of(a, b)) {
            for (String section : SECTIONS) {
                Set<String> inFeed = ids(instance, "/feeds/" + section + ".atom");
                Set<String> expected = acknowledged.entrySet().stream()
                        .filter(e -> e.getValue().equals(section))
                        .map(Map.Entry::getKey)
                        .collect(Collectors.toSet());
                assertThat(inFeed).as(section).containsAll(expected);
            }
            assertThat(ids(instance, "/feeds/all.rss")).containsAll(acknowledged.keySet());
        }
        System.out.printf(
                "Two instances, %d s: %d writes acknowledged, %d feed reads, no failures%n",
                SOAK_SECONDS, acknowledged.size(), reads.get());
    }

    private static boolean contains(TestServer server, String feed, String id) {
        return ids(server, feed).contains(id);
    }

    private static Set<String> ids(TestServer server, String feed) {
        Set<String> ids = new HashSet<>();
        for (SyndEntry e : server.feed(feed).getEntries()) {
            ids.add(e.getUri().substring(e.getUri().lastIndexOf(':') + 1));
        }
        return ids;
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
