package io.loa.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.loa.TestDatabase;
import io.loa.background.Timers;
import io.loa.config.RetrySchedule;
import io.loa.db.Database;
import io.loa.net.HostLookup;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The sender against hosts on loopback: a slow host holds up no other, a host gets at most four requests at once,
 * a {@code Retry-After} on a 429 is waited, and the headers a channel adds are made from the request as it goes.
 */
class DispatcherTest {

    static final RetrySchedule QUICK = new RetrySchedule(List.of(Duration.ofMillis(100), Duration.ofMillis(100)));

    String url;
    Database db;
    DispatchQueue queue;
    Dispatcher dispatcher;
    final List<Host> hosts = new ArrayList<>();

    @BeforeEach
    void open() {
        url = TestDatabase.fresh();
        db = Database.open(url, TestDatabase.user(), "");
        queue = new DispatchQueue(db.dsl(), Clock.systemUTC(), QUICK);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        dispatcher = new Dispatcher(
                queue,
                new DispatchCounts(registry),
                true,
                Set.of(),
                "Loa (test)",
                HostLookup.SYSTEM,
                new Timers(registry));
    }

    @AfterEach
    void close() {
        dispatcher.close();
        hosts.forEach(Host::close);
        db.close();
        TestDatabase.drop(url);
    }

    @Test
    void aSlowHostHoldsUpNoOtherAndHasFourRequestsAtOnceAtMost() {
        Host slow = host("127.0.0.1", exchange -> pause(Duration.ofSeconds(3)), 200);
        Host fast = host("127.0.0.2", exchange -> {}, 200);
        // More than the sender has out at once, all due before the fast host's.
        for (int i = 0; i < Dispatcher.IN_FLIGHT + 6; i++) {
            enqueue(slow.url("/slow/" + i), "s" + i, i);
        }
        enqueue(fast.url("/fast"), "f", 100);
        dispatcher.start(50);

        await().atMost(Duration.ofSeconds(10)).until(() -> fast.received.size() == 1);
        assertThat(slow.answered.get())
                .as("the slow host has answered nothing yet")
                .isZero();
        assertThat(slow.received).hasSizeLessThanOrEqualTo(Dispatcher.PER_HOST);
        assertThat(slow.mostAtOnce.get()).isLessThanOrEqualTo(Dispatcher.PER_HOST);
    }

    @Test
    void aRetryAfterOnA429IsWaitedBeforeTheNextAttempt() {
        Host busy = host("127.0.0.1", exchange -> {}, 200);
        busy.first(429, "2");
        enqueue(busy.url("/inbox"), "a1", 1);
        dispatcher.start(50);

        await().atMost(Duration.ofSeconds(10)).until(() -> busy.received.size() == 2);
        long waited = busy.received.get(1).nanos() - busy.received.get(0).nanos();
        assertThat(Duration.ofNanos(waited)).isGreaterThanOrEqualTo(Duration.ofMillis(1900));
        await().until(() ->
                only(queue.receipts(DispatchChannel.INDEXNOW, "a1", 1)).state().equals("delivered"));
        assertThat(only(queue.receipts(DispatchChannel.INDEXNOW, "a1", 1)).attempts())
                .isEqualTo(2);
    }

    @Test
    void aChannelsHeadersAreMadeFromTheRequestAsItGoesAndNeverStored() {
        Host receiver = host("127.0.0.1", exchange -> {}, 202);
        dispatcher.credentials(
                DispatchChannel.INDEXNOW,
                (destination, request) -> Map.of(
                        "X-Seen",
                        request.method() + " " + request.url() + " "
                                + request.body().length() + " " + System.nanoTime()));
        enqueue(receiver.url("/inbox"), "a1", 1);
        dispatcher.start(50);

        await().atMost(Duration.ofSeconds(10)).until(() -> receiver.received.size() == 1);
        Received got = receiver.received.get(0);
        assertThat(got.seen()).startsWith("POST " + receiver.url("/inbox") + " 2 ");
        long madeAt = Long.parseLong(got.seen().substring(got.seen().lastIndexOf(' ') + 1));
        assertThat(madeAt).as("made after the start, as it went").isGreaterThan(receiver.started);
        String stored = db.dsl().fetchValue(io.loa.db.schema.Tables.DISPATCH_REQUEST.HEADERS);
        assertThat(stored).doesNotContain("X-Seen");
    }

    private static <T> T only(List<T> list) {
        assertThat(list).hasSize(1);
        return list.get(0);
    }

    private void enqueue(String to, String articleId, long position) {
        queue.enqueue(
                db.dsl(),
                DispatchChannel.INDEXNOW,
                Destination.of("test " + to),
                new OutboundRequest("POST", to, Map.of("Content-Type", "application/json"), "{}"),
                Set.of(new DispatchQueue.Subject(articleId, position)));
    }

    private Host host(String address, Handler before, int status) {
        Host host = new Host(address, before, status);
        hosts.add(host);
        return host;
    }

    private static void pause(Duration time) {
        try {
            Thread.sleep(time.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    interface Handler {
        void handle(HttpExchange exchange);
    }

    record Received(String path, long nanos, String seen) {}

    /** A host on a loopback address that records what it receives, answers after {@code before} has run. */
    static final class Host implements AutoCloseable {
        final List<Received> received = new CopyOnWriteArrayList<>();
        final AtomicInteger answered = new AtomicInteger();
        final AtomicInteger atOnce = new AtomicInteger();
        final AtomicInteger mostAtOnce = new AtomicInteger();
        final long started = System.nanoTime();
        private final HttpServer server;
        private final ExecutorService threads = Executors.newFixedThreadPool(16);
        private volatile Integer firstStatus;
        private volatile String firstRetryAfter;

        Host(String address, Handler before, int status) {
            try {
                server = HttpServer.create(new InetSocketAddress(InetAddress.getByName(address), 0), 100);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            server.createContext("/", exchange -> {
                try (exchange) {
                    mostAtOnce.accumulateAndGet(atOnce.incrementAndGet(), Math::max);
                    exchange.getRequestBody().readAllBytes();
                    received.add(new Received(
                            exchange.getRequestURI().getPath(),
                            System.nanoTime(),
                            exchange.getRequestHeaders().getFirst("X-Seen")));
                    before.handle(exchange);
                    int answer = status;
                    synchronized (this) {
                        if (firstStatus != null) {
                            answer = firstStatus;
                            exchange.getResponseHeaders().add("Retry-After", firstRetryAfter);
                            firstStatus = null;
                        }
                    }
                    byte[] body = "ok".getBytes(StandardCharsets.UTF_8);
                    exchange.sendResponseHeaders(answer, body.length);
                    exchange.getResponseBody().write(body);
                    answered.incrementAndGet();
                } finally {
                    atOnce.decrementAndGet();
                }
            });
            server.setExecutor(threads);
            server.start();
        }

        /** The first request is answered {@code status} with this {@code Retry-After}. */
        void first(int status, String retryAfter) {
            firstStatus = status;
            firstRetryAfter = retryAfter;
        }

        String url(String path) {
            return "http://" + server.getAddress().getAddress().getHostAddress() + ":"
                    + server.getAddress().getPort() + path;
        }

        @Override
        public void close() {
            server.stop(0);
            threads.shutdownNow();
        }
    }
}
