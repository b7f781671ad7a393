package io.loa.websub;

import static io.loa.websub.WebSubTest.SOON;
import static io.loa.websub.WebSubTest.TOPIC_PATH;
import static io.loa.websub.WebSubTest.askAt;
import static io.loa.websub.WebSubTest.assertProblem;
import static io.loa.websub.WebSubTest.await;
import static io.loa.websub.WebSubTest.entry;
import static io.loa.websub.WebSubTest.hub;
import static io.loa.websub.WebSubTest.loopbackHub;
import static io.loa.websub.WebSubTest.roomy;
import static io.loa.websub.WebSubTest.subscribeAt;
import static io.loa.websub.WebSubTest.view;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.loa.Fixtures;
import io.loa.TestServer;
import io.loa.net.HostLookup;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/**
 * The hub under requests that anyone may file, for callbacks that may never answer: verified subscribers'
 * deliveries never wait behind them, what one client or one callback host may have waiting is bounded, and so
 * is what the hub keeps of them; a callback's host is resolved off the threads that serve feeds.
 */
class WebSubLimitsTest {

    /** What "at once" means for a delivery or an answer: far less than the 10 s a call to a tarpit takes. */
    static final Duration PROMPTLY = Duration.ofMillis(2500);

    @Test
    void aVerifiedSubscriberIsDeliveredToPromptlyWhileHundredsOfRequestsWaitOnCallbacksThatNeverAnswer() {
        int requests = Hub.DELIVERIES_IN_FLIGHT + 16;
        // The bounds per client and per host are lifted: the lanes alone must keep deliveries moving. A call that
        // timed out is tried again at once, so the requests want a slot for each of their attempts, for ~30 s.
        try (TestServer hub =
                        loopbackHub(site -> roomy(site).firstRetryMillis(10)).start();
                Subscriber subscriber = new Subscriber();
                Tarpit tarpit = Tarpit.onHosts(16)) {
            String operator = hub.token("ops");
            String callback = subscriber.callback("real");
            subscribeAt(hub, callback, TOPIC_PATH);
            await(() -> entry(view(hub, operator), "subscriptions", callback).isPresent());
            // Filed together, as by many clients.
            subscribeAll(hub, IntStream.range(0, requests).mapToObj(i -> tarpit.callback(i % tarpit.ports(), "r" + i)));
            await(() -> IntStream.range(0, tarpit.ports()).allMatch(port -> tarpit.accepted(port) > 0));

            HttpResponse<String> put = hub.put(
                    "/api/articles/busy-1",
                    Fixtures.article("Tin nóng", "thoi-su", "2025-02-20T09:00:00+07:00")
                            .toString(),
                    operator);
            assertThat(put.statusCode()).isEqualTo(201);
            long returned = System.nanoTime();
            Subscriber.Notification note = subscriber.nextNotification(SOON);
            assertThat(note).isNotNull();
            assertThat(Duration.ofNanos(note.receivedNanos() - returned))
                    .as("from the PUT to the delivery")
                    .isLessThan(PROMPTLY);
            assertThat(waiting(view(hub, operator)))
                    .as("requests still waiting on the tarpit")
                    .isGreaterThan(requests - Hub.VERIFICATIONS_IN_FLIGHT);
        }
    }

    @Test
    void aClientWithTooManyRequestsWaitingIsAskedToComeBackLater() throws Exception {
        try (TestServer hub = loopbackHub(site -> site.maxWaitingPerClient(4)).start();
                Tarpit tarpit = Tarpit.onPorts(1)) {
            for (int i = 0; i < 4; i++) {
                subscribeAt(hub, tarpit.callback(0, "r" + i), TOPIC_PATH);
            }
            HttpResponse<String> fifth = askAt(hub, "subscribe", tarpit.callback(0, "r4"), TOPIC_PATH);
            assertProblem(fifth, 429, "Your address has 4 subscription requests waiting");
            assertThat(fifth.headers().firstValue("Retry-After")).hasValue("60");
            assertProblem(askAt(hub, "unsubscribe", tarpit.callback(0, "r0"), TOPIC_PATH), 429, "Your address");
            assertThat(entry(view(hub, hub.token("ops")), "requests", tarpit.callback(0, "r4")))
                    .isEmpty();
        }
    }

    @Test
    void behindATrustedProxyEachForwardedClientHasItsOwnAllowanceAndElsewhereTheHeaderIsIgnored() throws Exception {
        for (boolean trusted : List.of(true, false)) {
            try (TestServer hub = loopbackHub(site -> site.maxWaitingPerClient(2)
                                    .maxWaitingPerHost(100)
                                    .trustedProxies(trusted ? List.of("127.0.0.0/8", "::1") : List.of()))
                            .start();
                    Tarpit tarpit = Tarpit.onPorts(1)) {
                for (int i = 0; i < 2; i++) {
                    assertThat(askFrom(hub, "203.0.113.1", tarpit.callback(0, "a" + i))
                                    .statusCode())
                            .isEqualTo(202);
                }
                assertProblem(askFrom(hub, "203.0.113.1", tarpit.callback(0, "a2")), 429, "Your address");
                HttpResponse<String> other = askFrom(hub, "203.0.113.2", tarpit.callback(0, "b0"));
                if (trusted) {
                    assertThat(other.statusCode()).isEqualTo(202);
                } else {
                    assertProblem(other, 429, "Your address"); // the same peer, whatever it says it forwards
                }
            }
        }
    }

    private static HttpResponse<String> askFrom(TestServer hub, String forwardedFor, String callback) {
        return hub.send(HttpRequest.newBuilder(hub.uri("/websub"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("X-Forwarded-For", forwardedFor)
                .POST(HttpRequest.BodyPublishers.ofString(Outbound.form(Map.of(
                        "hub.mode", "subscribe", "hub.topic", hub.baseUrl() + TOPIC_PATH, "hub.callback", callback)))));
    }

    @Test
    void aCallbackHostWithTooManyRequestsWaitingIsAskedToComeBackLater() throws Exception {
        try (TestServer hub = loopbackHub(site -> site.maxWaitingPerHost(4)).start();
                Tarpit tarpit = Tarpit.onPorts(5)) {
            for (int port = 0; port < 4; port++) {
                subscribeAt(hub, tarpit.callback(port, "r"), TOPIC_PATH);
            }
            HttpResponse<String> onAnotherPort = askAt(hub, "subscribe", tarpit.callback(4, "r"), TOPIC_PATH);
            assertProblem(onAnotherPort, 429, "Callbacks on 127.0.0.1 have 4 subscription requests waiting");
            assertThat(onAnotherPort.headers().firstValue("Retry-After")).hasValue("60");
            subscribeAt(hub, tarpit.callback(4, "r").replace("127.0.0.1", "localhost"), TOPIC_PATH);
        }
    }

    @Test
    void aCallbackHostHasAtMostItsShareOfSubscriptionsAndMayStillRenewThem() throws Exception {
        try (Subscriber subscriber = new Subscriber();
                TestServer hub =
                        loopbackHub(site -> site.maxSubscriptionsPerHost(2)).start()) {
            String operator = hub.token("ops");
            for (String name : List.of("a", "b")) {
                subscribeAt(hub, subscriber.callback(name), TOPIC_PATH);
                await(() -> entry(view(hub, operator), "subscriptions", subscriber.callback(name))
                        .isPresent());
            }
            assertProblem(
                    askAt(hub, "subscribe", subscriber.callback("c"), TOPIC_PATH),
                    403,
                    "Callbacks on 127.0.0.1 have 2 subscriptions");
            subscribeAt(hub, subscriber.callback("a"), TOPIC_PATH);
            subscribeAt(hub, subscriber.callback("c").replace("127.0.0.1", "localhost"), TOPIC_PATH);
            assertThat(askAt(hub, "unsubscribe", subscriber.callback("b"), TOPIC_PATH)
                            .statusCode())
                    .isEqualTo(202);
            await(() -> entry(view(hub, operator), "subscriptions", subscriber.callback("b"))
                    .isEmpty());
            subscribeAt(hub, subscriber.callback("c"), TOPIC_PATH);
        }
    }

    @Test
    void aCallbackHostKeepsOnlyItsNewestFailedRequests() {
        int requests = RequestStore.MAX_FAILED_PER_HOST + 10;
        try (Subscriber refusing = new Subscriber().echoing(false);
                TestServer hub = loopbackHub(WebSubTest::roomy).start()) {
            String operator = hub.token("ops");
            for (int i = 0; i < requests; i++) {
                subscribeAt(hub, refusing.callback("r" + i), TOPIC_PATH);
            }
            await(() -> refusing.verificationsSoFar().size() == requests && waiting(view(hub, operator)) == 0);
            List<String> kept = StreamSupport.stream(
                            view(hub, operator).path("requests").spliterator(), false)
                    .map(r -> r.path("callback").asText())
                    .toList();
            assertThat(kept)
                    .containsExactlyInAnyOrderElementsOf(IntStream.range(10, requests)
                            .mapToObj(i -> refusing.callback("r" + i))
                            .toList());
        }
    }

    @Test
    void requestsNamingASlowDnsZoneAreAnsweredAtOnceAndFeedsAreStillServed() throws Exception {
        CountDownLatch dnsAnswers = new CountDownLatch(1);
        AtomicInteger lookups = new AtomicInteger();
        HostLookup slowZone = host -> {
            if (!host.endsWith(".slow.example")) {
                return HostLookup.SYSTEM.addresses(host);
            }
            lookups.incrementAndGet();
            try {
                dnsAnswers.await(); // as a resolver waits on a name server that never answers
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new UnknownHostException(host);
        };
        HttpClient client = HttpClient.newHttpClient();
        try (TestServer hub = hub(WebSubTest::roomy).names(slowZone).start()) {
            List<CompletableFuture<HttpResponse<String>>> posts = new ArrayList<>();
            long sent = System.nanoTime();
            for (int i = 0; i < 300; i++) {
                posts.add(client.sendAsync(
                        HttpRequest.newBuilder(hub.uri("/websub"))
                                .timeout(Duration.ofSeconds(20))
                                .header("Content-Type", "application/x-www-form-urlencoded")
                                .POST(HttpRequest.BodyPublishers.ofString(Outbound.form(Map.of(
                                        "hub.mode",
                                        "subscribe",
                                        "hub.topic",
                                        hub.baseUrl() + TOPIC_PATH,
                                        "hub.callback",
                                        "https://cb" + i + ".slow.example/websub"))))
                                .build(),
                        HttpResponse.BodyHandlers.ofString()));
            }
            // More requests than the server has threads; a lookup in the zone never ends, so a request that
            // waited for one would never be answered.
            CompletableFuture.allOf(posts.toArray(CompletableFuture[]::new)).get(20, TimeUnit.SECONDS);
            assertThat(Duration.ofNanos(System.nanoTime() - sent))
                    .as("300 requests answered")
                    .isLessThan(Duration.ofSeconds(10));
            assertThat(posts)
                    .allSatisfy(post -> assertThat(post.join().statusCode()).isEqualTo(202));

            await(() -> lookups.get() >= 8); // every one of the hub's lookup threads is stuck
            long asked = System.nanoTime();
            HttpResponse<String> feed = client.send(
                    HttpRequest.newBuilder(hub.uri(TOPIC_PATH))
                            .timeout(Duration.ofSeconds(20))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(feed.statusCode()).isEqualTo(200);
            assertThat(Duration.ofNanos(System.nanoTime() - asked))
                    .as("a feed, while DNS hangs")
                    .isLessThan(PROMPTLY);

            String operator = hub.token("ops");
            await(
                    Duration.ofSeconds(20),
                    () -> StreamSupport.stream(
                                    view(hub, operator).path("requests").spliterator(), false)
                            .anyMatch(r -> r.path("lastError").asText().contains("did not resolve within 5 s")));
        } finally {
            dnsAnswers.countDown();
        }
    }

    /** Subscribes each callback, 16 requests at a time; each is taken (202). */
    private static void subscribeAll(TestServer hub, Stream<String> callbacks) {
        ExecutorService clients = Executors.newFixedThreadPool(16);
        try {
            List<Future<?>> filed = callbacks
                    .<Future<?>>map(callback -> clients.submit(() -> subscribeAt(hub, callback, TOPIC_PATH)))
                    .toList();
            for (Future<?> request : filed) {
                request.get();
            }
        } catch (InterruptedException | ExecutionException e) {
            throw new AssertionError(e);
        } finally {
            clients.shutdownNow();
        }
    }

    /** Requests the operators' view shows as waiting. */
    private static long waiting(JsonNode view) {
        return StreamSupport.stream(view.path("requests").spliterator(), false)
                .filter(r -> r.path("state").asText().equals("waiting"))
                .count();
    }
}
