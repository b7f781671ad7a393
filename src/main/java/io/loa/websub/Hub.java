package io.loa.websub;

import io.loa.background.Rounds;
import io.loa.background.Timers;
import io.loa.config.WebSubConfig;
import io.loa.db.schema.tables.records.WebsubSubscriptionRecord;
import io.loa.delivery.DeliveryReceipts;
import io.loa.feed.FeedTopics;
import io.loa.net.HostLookup;
import io.loa.stream.ChangeStream;
import io.loa.stream.ClusterConsumer;
import io.loa.stream.ConsumerName;
import io.loa.stream.StreamEntry;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loa's WebSub hub at work (W3C WebSub, sections 5 to 7): verifies subscribers' intent, sends each subscriber
 * of a changed topic the topic's new document, signed with its secret, and pings other hubs. One thread turns
 * the database's due work into HTTP calls; the calls run asynchronously, so a slow subscriber delays nobody and a
 * writer never waits for any. Verifications and deliveries each have a {@link Lane} and an HTTP client of their
 * own: a verified subscriber's delivery never waits behind requests that anyone may file. A write wakes the thread
 * at once; otherwise it looks every interval, which is how writes through other instances and retries that came
 * due are found.
 */
public final class Hub implements ClusterConsumer, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Hub.class);
    /** Deliveries in flight at once, over all subscribers; when half are done the hub claims more at once. */
    static final int DELIVERIES_IN_FLIGHT = 512;
    /**
     * Deliveries in flight to one callback origin at most (on its 2 connections, the rest queued in the HTTP
     * client). More wait in the database, so one slow host with many subscriptions cannot take every slot and hold
     * up the others; when half of a full origin's calls are done, the hub looks again at once, so a fast host is
     * never idle.
     */
    static final int DELIVERIES_PER_ORIGIN = 64;
    /**
     * Verifications (and denials) in flight at once: a lane of their own, with an HTTP client of its own, so that
     * requests anyone may file, for callbacks that may never answer, never hold up a verified subscriber's
     * delivery. Verifications are few and quick when callbacks are real; a verification with nothing on the other
     * end holds its slot for the whole timeout, so the bounds on what may wait (see {@link Admission}) keep one
     * client from filling this lane.
     */
    static final int VERIFICATIONS_IN_FLIGHT = 64;
    /** Per callback host rather than origin: a host gains nothing by spreading its callbacks over ports. */
    static final int VERIFICATIONS_PER_HOST = 8;

    private static final Duration MAINTENANCE_EVERY = Duration.ofSeconds(1);

    private final RequestStore requests;
    private final SubscriptionStore subscriptions;
    private final Outcomes outcomes;
    private final ChangeStream stream;
    private final HubReceipts receipts;
    private final WebSubConfig config;
    private final Outbound verifyingOutbound;
    private final Outbound deliveringOutbound;
    private final Lane verifying = new Lane(VERIFICATIONS_IN_FLIGHT, VERIFICATIONS_PER_HOST);
    private final Lane delivering = new Lane(DELIVERIES_IN_FLIGHT, DELIVERIES_PER_ORIGIN);
    private final CallCounter calls;
    private final Semaphore wake = new Semaphore(0);
    private final Thread worker;
    private final Rounds rounds;
    private volatile Verification verification;
    private volatile Distribution distribution;
    private volatile Function<Collection<String>, Set<String>> topicsOf;
    private volatile boolean closing;
    private long intervalMillis;
    private Instant nextMaintenance = Instant.MIN;

    Hub(
            RequestStore requests,
            SubscriptionStore subscriptions,
            Outcomes outcomes,
            ChangeStream stream,
            HubReceipts receipts,
            WebSubConfig config,
            String userAgent,
            MeterRegistry registry,
            HostLookup names,
            Timers timers) {
        this.requests = requests;
        this.subscriptions = subscriptions;
        this.outcomes = outcomes;
        this.stream = stream;
        this.receipts = receipts;
        this.config = config;
        this.calls = new CallCounter(registry);
        this.verifyingOutbound = new Outbound("loa-websub-verify", config.allowPrivateCallbacks(), userAgent, names);
        this.deliveringOutbound = new Outbound("loa-websub-deliver", config.allowPrivateCallbacks(), userAgent, names);
        this.worker = new Thread(this::run, "loa-websub");
        this.worker.setDaemon(true);
        this.rounds = timers.rounds(Timers.Loop.WEBSUB_HUB);
    }

    /**
     * @param stream how this instance's cache learns of other instances' writes, to catch up before a delivery
     * @param names how callback hosts are resolved ({@link HostLookup#SYSTEM} but in tests)
     */
    public static Hub create(
            DSLContext dsl,
            Clock clock,
            ChangeStream stream,
            WebSubConfig config,
            String siteUrl,
            MeterRegistry registry,
            HostLookup names,
            Timers timers) {
        SubscriptionStore subscriptions = new SubscriptionStore(dsl, clock);
        return new Hub(
                new RequestStore(dsl, clock),
                subscriptions,
                new Outcomes(dsl, subscriptions, "loa-websub-outcomes"),
                stream,
                new HubReceipts(dsl, clock),
                config,
                "Loa WebSub hub (+" + siteUrl + ")",
                registry,
                names,
                timers);
    }

    RequestStore requests() {
        return requests;
    }

    /** What the hub did with each change, per topic: for {@code GET /api/articles/{id}/deliveries}. */
    public DeliveryReceipts receipts() {
        return receipts;
    }

    /** Active subscriptions per topic path ({@code /feeds/thoi-su.atom}): for the audience's figures. */
    public Map<String, Integer> subscribersByTopic() {
        Map<String, Integer> counts = new HashMap<>();
        subscriptions.countsByTopic().forEach((topic, count) -> counts.put(topic, count.subscribers()));
        return counts;
    }

    SubscriptionStore subscriptions() {
        return subscriptions;
    }

    WebSubConfig config() {
        return config;
    }

    /** Starts work on the topics of this configuration, after settling what an earlier configuration left. */
    public void start(FeedTopics feedTopics, long intervalMillis) {
        this.intervalMillis = intervalMillis;
        this.topicsOf = feedTopics::changedBy;
        Backoff backoff = new Backoff(Duration.ofMillis(config.firstRetryMillis()));
        this.verification =
                new Verification(requests, subscriptions, verifyingOutbound, feedTopics, backoff, calls, () -> closing);
        this.distribution = new Distribution(
                subscriptions,
                outcomes,
                deliveringOutbound,
                feedTopics,
                config.maxAttempts(),
                backoff,
                calls,
                () -> closing);
        for (WebsubSubscriptionRecord retired : subscriptions.removeRetired(feedTopics.paths(), feedTopics::named)) {
            requests.request(
                    Modes.DENIED,
                    feedTopics.url(retired.getTopic()),
                    retired.getCallback(),
                    null,
                    null,
                    "The feed " + retired.getTopic() + " is no longer published.",
                    null);
        }
        subscriptions.keepPublishPings(feedTopics.paths(), feedTopics::named, config.hubs());
        outcomes.start();
        worker.start();
    }

    @Override
    public ConsumerName name() {
        return ConsumerName.WEBSUB;
    }

    /**
     * Turns entries of the change stream, whichever instance wrote them, into due deliveries, in the transaction
     * that advances the hub's cursor: once for the whole cluster.
     */
    @Override
    public void accept(List<StreamEntry> entries, DSLContext tx) {
        Set<String> feeds = new LinkedHashSet<>();
        entries.forEach(entry -> feeds.addAll(entry.feeds()));
        if (!feeds.isEmpty()) {
            subscriptions.fanOut(tx, topicsOf.apply(feeds), config.hubs());
            receipts.record(tx, entries, topicsOf);
            wake();
        }
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
                    rounds.run(this::cycle);
                }
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void cycle() {
        Instant now = subscriptions.now();
        if (now.isAfter(nextMaintenance)) {
            subscriptions.expire();
            requests.expire();
            nextMaintenance = now.plus(MAINTENANCE_EVERY);
        }
        List<RequestStore.Request> asked = requests.claim(verifying.free(), verifying.slots());
        List<RequestStore.Request> notNow = dispatch(verifying, asked, RequestStore.Request::host, verification::run);
        if (!notNow.isEmpty()) {
            requests.release(notNow);
        }
        List<SubscriptionStore.Delivery> due = subscriptions.claimDeliveries(delivering.free(), delivering.slots());
        if (!due.isEmpty()) {
            // A delivery may be due for a write through another instance that this one's cache has not heard of.
            stream.catchUp();
        }
        List<SubscriptionStore.Delivery> later =
                dispatch(delivering, due, SubscriptionStore.Delivery::origin, distribution::run);
        if (!later.isEmpty()) {
            subscriptions.release(later);
        }
    }

    /**
     * Starts the call for each piece of work whose key has a slot free in its lane; returns the others, to be let
     * go. The key is the value stored with the work that claims count slots by.
     */
    private <T> List<T> dispatch(
            Lane lane, List<T> claimed, Function<T, String> key, Function<T, CompletableFuture<Void>> call) {
        List<T> busy = new ArrayList<>();
        for (T work : claimed) {
            String to = key.apply(work);
            if (lane.take(to)) {
                call.apply(work).whenComplete((ok, failure) -> done(lane, to, failure));
            } else {
                busy.add(work);
            }
        }
        return busy;
    }

    private void done(Lane lane, String key, Throwable failure) {
        if (lane.done(key)) {
            wake();
        }
        if (failure != null) {
            LOG.warn("Recording a WebSub outcome failed; the claim lapses and the work is retried", failure);
        }
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
            verifyingOutbound.close();
            deliveringOutbound.close();
            awaitInFlight(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            outcomes.close();
        }
    }

    private void awaitInFlight(long millis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (verifying.inFlight() + delivering.inFlight() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
    }
}
