package io.loa.websub;

import io.loa.article.ChangeWatcher;
import io.loa.config.WebSubConfig;
import io.loa.db.schema.tables.records.WebsubSubscriptionRecord;
import io.loa.feed.FeedTopics;
import io.loa.http.Representation;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loa's WebSub hub at work (W3C WebSub, sections 5 to 7): verifies subscribers' intent, sends each subscriber
 * of a changed topic the topic's new document, signed with its secret, and pings other hubs. One thread turns
 * the database's due work into HTTP calls; the calls run asynchronously, so a slow subscriber delays nobody and a
 * writer never waits for any. A write wakes the thread at once; otherwise it looks every interval, which is how
 * writes through other instances and retries that came due are found.
 */
public final class Hub implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Hub.class);
    /** Calls in flight at once, over all subscribers. */
    static final int MAX_IN_FLIGHT = 256;
    static final Duration MAX_RETRY_DELAY = Duration.ofHours(1);
    /** Verification and denials are tried this often before they are given up. */
    static final int REQUEST_ATTEMPTS = 3;
    private static final Duration MAINTENANCE_EVERY = Duration.ofSeconds(1);

    private final HubStore store;
    private final ChangeWatcher watcher;
    private final WebSubConfig config;
    private final Outbound outbound;
    private final MeterRegistry registry;
    private final SecureRandom random = new SecureRandom();
    private final Semaphore wake = new Semaphore(0);
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Thread worker;
    private volatile FeedTopics topics;
    private volatile boolean closing;
    private long intervalMillis;
    private Instant nextMaintenance = Instant.MIN;

    Hub(HubStore store, ChangeWatcher watcher, WebSubConfig config, String userAgent, MeterRegistry registry) {
        this.store = store;
        this.watcher = watcher;
        this.config = config;
        this.registry = registry;
        this.outbound = new Outbound(config.allowPrivateCallbacks(), userAgent);
        this.worker = new Thread(this::run, "loa-websub");
        this.worker.setDaemon(true);
    }

    /** @param watcher how this instance's cache learns of other instances' writes, to catch up before a delivery */
    public static Hub create(DSLContext dsl, Clock clock, ChangeWatcher watcher, WebSubConfig config, String siteUrl,
                             MeterRegistry registry) {
        return new Hub(new HubStore(dsl, clock), watcher, config, "Loa WebSub hub (+" + siteUrl + ")", registry);
    }

    /** Counts one outbound call by what it was (content, publish, subscribe, unsubscribe, denied) and how it ended. */
    private void count(String call, String outcome) {
        Counter.builder("loa.websub.calls").description("Calls of the WebSub hub to callbacks and other hubs")
                .tag("call", call).tag("outcome", outcome).register(registry).increment();
    }

    HubStore store() {
        return store;
    }

    WebSubConfig config() {
        return config;
    }

    /** Starts work on the topics of this configuration, after settling what an earlier configuration left. */
    public void start(FeedTopics feedTopics, long intervalMillis) {
        this.topics = feedTopics;
        this.intervalMillis = intervalMillis;
        for (WebsubSubscriptionRecord retired : store.removeRetired(feedTopics.paths())) {
            store.request(Modes.DENIED, feedTopics.url(retired.getTopic()), retired.getCallback(), null, null,
                    "The feed " + retired.getTopic() + " is no longer published.");
        }
        store.keepPublishPings(feedTopics.paths(), config.hubs());
        worker.start();
    }

    /** Something changed or was asked for: look now rather than at the next interval. */
    public void wake() {
        wake.release();
    }

    private void run() {
        while (!closing) {
            try {
                wake.tryAcquire(intervalMillis, TimeUnit.MILLISECONDS);
                wake.drainPermits();
                if (!closing) {
                    cycle();
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.warn("The WebSub hub could not read its work from the database; trying again", e);
            }
        }
    }

    private void cycle() {
        while (store.fanOut(topics::changedBy) > 0) {
            // every change is turned into due deliveries before any is claimed
        }
        Instant now = store.now();
        if (now.isAfter(nextMaintenance)) {
            store.expire();
            nextMaintenance = now.plus(MAINTENANCE_EVERY);
        }
        for (HubStore.Request request : store.claimRequests(MAX_IN_FLIGHT - inFlight.get())) {
            inFlight.incrementAndGet();
            handle(request).whenComplete((ok, failure) -> done(failure));
        }
        List<HubStore.Delivery> due = store.claimDeliveries(MAX_IN_FLIGHT - inFlight.get());
        if (!due.isEmpty()) {
            // A delivery may be due for a write through another instance that this one's cache has not heard of.
            watcher.catchUp();
        }
        for (HubStore.Delivery delivery : due) {
            inFlight.incrementAndGet();
            deliver(delivery).whenComplete((ok, failure) -> done(failure));
        }
    }

    private void done(Throwable failure) {
        inFlight.decrementAndGet();
        if (failure != null) {
            LOG.warn("Recording a WebSub outcome failed; the claim lapses and the work is retried", failure);
        }
    }

    // Verification of intent, and denials (section 5.2, 5.3)

    private CompletableFuture<Void> handle(HubStore.Request request) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("hub.mode", request.mode());
        query.put("hub.topic", request.topic());
        String challenge = null;
        if (request.mode().equals(Modes.DENIED)) {
            query.put("hub.reason", request.reason());
        } else {
            challenge = Base64.getUrlEncoder().withoutPadding().encodeToString(randomBytes(24));
            query.put("hub.challenge", challenge);
            if (request.leaseSeconds() != null) {
                query.put("hub.lease_seconds", String.valueOf(request.leaseSeconds()));
            }
        }
        String expected = challenge;
        URI uri = URI.create(request.callback() + (request.callback().contains("?") ? "&" : "?") + form(query));
        return outbound.get(uri).handle((answer, failure) -> {
            if (closing && failure != null) {
                store.release(request);
                return null;
            }
            count(request.mode(), failure != null ? "failed" : answer.ok() ? "answered" : "refused");
            if (failure != null || answer.status() >= 500) {
                String error = failure != null ? describe(failure) : "answered " + answer.status();
                boolean again = request.attempts() + 1 < REQUEST_ATTEMPTS;
                store.requestFailed(request, answer == null ? null : answer.status(), error,
                        again ? retryAt(request.attempts() + 1) : null);
            } else if (expected == null) {
                store.requestDone(request); // a denial was heard; what the subscriber answered does not matter
            } else if (answer.ok() && answer.body().strip().equals(expected)) {
                apply(request);
                store.requestDone(request);
            } else {
                store.requestFailed(request, answer.status(), answer.ok()
                        ? "the callback answered " + answer.status() + " without echoing hub.challenge"
                        : "the callback refused with " + answer.status(), null);
                LOG.info("WebSub {} of {} for {} was not confirmed", request.mode(), Callbacks.redacted(request.callback()),
                        request.topic());
            }
            return null;
        });
    }

    private void apply(HubStore.Request request) {
        String topic = topics.pathOf(request.topic()).orElse(null);
        if (topic == null) {
            return; // the feed left the configuration while the request waited
        }
        if (request.mode().equals(Modes.SUBSCRIBE)) {
            store.subscribe(topic, request.callback(), request.secret(), request.leaseSeconds());
            LOG.info("WebSub subscription of {} to {} for {} s", Callbacks.redacted(request.callback()), topic,
                    request.leaseSeconds());
        } else {
            store.unsubscribe(topic, request.callback());
            LOG.info("WebSub subscription of {} to {} ended at its request", Callbacks.redacted(request.callback()), topic);
        }
    }

    // Content distribution (section 7) and pings to other hubs

    private CompletableFuture<Void> deliver(HubStore.Delivery delivery) {
        if (delivery.kind().equals(HubStore.PUBLISH)) {
            return ping(delivery).handle((answer, failure) -> {
                record(delivery, answer, failure, null);
                return null;
            });
        }
        Representation doc;
        try {
            // The same bytes a GET gets, from the same cache: rendered once per change however many subscribers.
            doc = topics.current(delivery.topic());
        } catch (RuntimeException e) {
            record(delivery, null, e, null);
            return CompletableFuture.completedFuture(null);
        }
        if (doc.etag().equals(delivery.sentEtag())) {
            // Changes the subscriber already has (a document sent after a write committed, before its turn came).
            store.unchanged(delivery);
            count(delivery.kind(), "unchanged");
            return CompletableFuture.completedFuture(null);
        }
        return post(delivery, doc).handle((answer, failure) -> {
            record(delivery, answer, failure, doc.etag());
            return null;
        });
    }

    private CompletableFuture<Outbound.Answer> post(HubStore.Delivery delivery, Representation doc) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Link", topics.linkHeader(delivery.topic()));
        if (delivery.secret() != null) {
            headers.put("X-Hub-Signature", "sha256=" + hmacSha256(delivery.secret(), doc.body()));
        }
        return outbound.post(URI.create(delivery.callback()), doc.contentType(), doc.body(), headers);
    }

    private CompletableFuture<Outbound.Answer> ping(HubStore.Delivery delivery) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("hub.mode", "publish");
        form.put("hub.url", topics.url(delivery.topic()));
        return outbound.post(URI.create(delivery.callback()), "application/x-www-form-urlencoded",
                form(form).getBytes(StandardCharsets.UTF_8), Map.of());
    }

    /** @param etag the ETag of the document sent, or null for a ping */
    private void record(HubStore.Delivery delivery, Outbound.Answer answer, Throwable failure, String etag) {
        if (closing && failure != null) {
            store.release(delivery);
            return;
        }
        count(delivery.kind(), answer == null ? "failed" : answer.ok() ? "delivered"
                : answer.status() == 410 ? "gone" : answer.status() / 100 + "xx");
        if (answer != null && answer.ok()) {
            store.delivered(delivery, answer.status(), etag);
            return;
        }
        if (answer != null && answer.status() == 410 && delivery.kind().equals(HubStore.CONTENT)) {
            store.remove(delivery);
            LOG.info("WebSub subscription of {} to {} ended: the callback answered 410 Gone",
                    Callbacks.redacted(delivery.callback()), delivery.topic());
            return;
        }
        Integer status = answer == null ? null : answer.status();
        String error = failure != null ? describe(failure) : "answered " + answer.status();
        int attempts = delivery.attempts() + 1;
        if (attempts >= config.maxAttempts()) {
            store.gaveUp(delivery, status, "given up after " + attempts + " attempts; last: " + error);
            LOG.warn("WebSub delivery of {} to {} given up after {} attempts: {}", delivery.topic(),
                    Callbacks.redacted(delivery.callback()), attempts, error);
        } else {
            store.retry(delivery, status, error, retryAt(attempts));
        }
    }

    /** Exponential backoff with some jitter, so failed deliveries of one moment do not all return together. */
    private Instant retryAt(int attempts) {
        long delay = Math.min(MAX_RETRY_DELAY.toMillis(), (long) config.firstRetryMillis() << Math.min(attempts - 1, 30));
        long jitter = (long) (delay * 0.2 * random.nextDouble());
        return store.now().plusMillis(delay - jitter);
    }

    static String hmacSha256(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }

    private byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        random.nextBytes(bytes);
        return bytes;
    }

    static String form(Map<String, String> fields) {
        StringBuilder out = new StringBuilder();
        fields.forEach((k, v) -> out.append(out.length() == 0 ? "" : "&").append(URLEncoder.encode(k, StandardCharsets.UTF_8))
                .append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return out.toString();
    }

    /** What went wrong, in words safe for logs and the operators' view (no URL, so no secret in a query). */
    private static String describe(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        String message = cause.getMessage() == null ? "" : ": " + cause.getMessage().lines().findFirst().orElse("");
        // Some messages dump a whole connection's state; the start says what happened.
        return cause.getClass().getSimpleName() + (message.length() > 120 ? message.substring(0, 119) + "…" : message);
    }

    /** Stops taking work; calls in flight get a moment to finish, the rest are released for the next start. */
    @Override
    public void close() {
        closing = true;
        // Woken, not interrupted: an interrupt inside a database call can close H2's file under it.
        wake.release();
        try {
            worker.join(5_000);
            awaitInFlight(3_000);
            outbound.close();
            awaitInFlight(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void awaitInFlight(long millis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (inFlight.get() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
    }
}
