package io.loa.dispatch;

import io.loa.background.Rounds;
import io.loa.background.Timers;
import io.loa.net.GuardedClient;
import io.loa.net.HostLookup;
import io.loa.net.PublicAddresses;
import io.loa.net.StatusOnly;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the queue's requests: every interval it claims those that are due and sends each through the guarded
 * client (public addresses only unless the site allows private ones, no redirects, {@link #TIMEOUT} for the whole
 * exchange, at most {@link #MAX_ANSWER_BYTES} of an answer read: only its status counts), with its channel's
 * {@link Credentials} added on the way, computed from the request as it goes (a signature dated now). A 2xx is
 * delivered; anything else, or no answer, is tried again on the schedule. At most {@link #IN_FLIGHT} calls are out
 * at once, at most {@link #PER_HOST} to one host; a host that keeps failing, or asks for a pause, is left alone for
 * a while ({@link HostBreaker}): its requests wait, unsent and without losing an attempt.
 */
final class Dispatcher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);
    static final Duration TIMEOUT = Duration.ofSeconds(15);
    static final int MAX_ANSWER_BYTES = 64 * 1024;
    static final int IN_FLIGHT = 64;
    static final int PER_HOST = 4;
    private static final Duration PRUNE_EVERY = Duration.ofMinutes(10);

    private final DispatchQueue queue;
    private final DispatchCounts counts;
    private final Map<DispatchChannel, Credentials> credentials = new EnumMap<>(DispatchChannel.class);
    private final HttpClient client;
    private final Rounds rounds;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final HostBreaker breaker = new HostBreaker();
    private volatile boolean closing;
    private Instant nextPrune = Instant.MIN;

    /**
     * @param allowPrivate whether destinations on loopback and private addresses are called (the site's switch)
     * @param operatorHosts hosts called wherever they are, as the operator configured them
     */
    Dispatcher(
            DispatchQueue queue,
            DispatchCounts counts,
            boolean allowPrivate,
            Set<String> operatorHosts,
            String userAgent,
            HostLookup names,
            Timers timers) {
        this.queue = queue;
        this.counts = counts;
        this.client = GuardedClient.of(
                "loa-dispatch",
                userAgent,
                names,
                allowPrivate
                        ? resolver -> resolver
                        : resolver -> PublicAddresses.publicOrNamed(
                                resolver, operatorHosts, ", which outbound requests may not use"));
        client.setIdleTimeout(30_000);
        client.setMaxConnectionsPerDestination(4);
        client.setMaxRequestsQueuedPerDestination(IN_FLIGHT);
        this.rounds = timers.rounds(Timers.Loop.DISPATCH);
    }

    /** The headers {@code channel} adds to its requests as they go out; set before {@link #start}. */
    void credentials(DispatchChannel channel, Credentials added) {
        credentials.put(channel, added);
    }

    void start(long intervalMillis) {
        try {
            client.start();
        } catch (Exception e) {
            throw new IllegalStateException("The outbound HTTP client could not start", e);
        }
        rounds.every(intervalMillis, intervalMillis, this::round);
    }

    private void round() {
        if (closing) {
            return;
        }
        Instant now = queue.now();
        if (now.isAfter(nextPrune)) {
            queue.prune();
            nextPrune = now.plus(PRUNE_EVERY);
        }
        // Held for longer than a call may take, so that no other instance takes it while it is out.
        List<DispatchQueue.Claimed> due = queue.claim(IN_FLIGHT - inFlight.get(), TIMEOUT.multipliedBy(2), PER_HOST);
        for (DispatchQueue.Claimed claimed : due) {
            Optional<Instant> open = breaker.openUntil(claimed.host(), now);
            if (open.isPresent()) {
                if (queue.defer(claimed, open.get())) {
                    counts.count(claimed.channel(), DispatchQueue.Settled.DEFERRED);
                }
                continue;
            }
            inFlight.incrementAndGet();
            send(claimed);
        }
    }

    private void send(DispatchQueue.Claimed claimed) {
        OutboundRequest outbound = claimed.request();
        Request request;
        try {
            request = client.newRequest(URI.create(outbound.url()))
                    .method(outbound.method())
                    .timeout(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (IllegalArgumentException e) {
            settle(claimed, new DispatchQueue.Outcome(null, "the URL cannot be called: " + e.getMessage()));
            return;
        }
        Map<String, String> secret;
        try {
            secret = credentials
                    .getOrDefault(claimed.channel(), Credentials.NONE)
                    .headers(claimed.destination(), outbound);
        } catch (RuntimeException e) {
            LOG.warn("The headers of an outbound request could not be made; it is tried again", e);
            settle(claimed, new DispatchQueue.Outcome(null, "not sent: its headers could not be made"));
            return;
        }
        String type = outbound.headers().getOrDefault("Content-Type", "application/octet-stream");
        request.headers(h -> {
            outbound.headers().forEach(h::put);
            secret.forEach(h::put);
        });
        if (outbound.body() != null) {
            request.body(new BytesRequestContent(type, outbound.body().getBytes(StandardCharsets.UTF_8)));
        }
        request.send(new StatusOnly(MAX_ANSWER_BYTES, (StatusOnly.Answer answer) -> answered(claimed, answer)));
    }

    /** Tells the breaker how the host did, and settles the request, not to be retried while its host is open. */
    private void answered(DispatchQueue.Claimed claimed, StatusOnly.Answer answer) {
        Integer status = answer.status();
        Optional<Instant> notBefore = Optional.empty();
        try {
            if (status != null && status < 500 && status != 429) {
                breaker.answered(claimed.host());
            } else {
                Instant now = queue.now();
                Optional<Duration> pause = status != null && (status == 429 || status == 503)
                        ? HostBreaker.retryAfter(answer.retryAfter(), now)
                        : Optional.empty();
                notBefore = breaker.failed(claimed.host(), now, pause);
                notBefore.ifPresent(until -> queue.deferHost(claimed.host(), until));
            }
        } catch (RuntimeException e) {
            LOG.warn("Putting off the requests to a failing host failed", e);
        }
        settle(claimed, new DispatchQueue.Outcome(status, answer.error(), notBefore));
    }

    private void settle(DispatchQueue.Claimed claimed, DispatchQueue.Outcome outcome) {
        try {
            queue.settle(claimed, outcome).ifPresent(settled -> counts.count(claimed.channel(), settled));
        } catch (RuntimeException e) {
            // The claim lapses and the request goes again: sent at least once.
            LOG.warn("Recording an outbound request's outcome failed; it is sent again", e);
        } finally {
            inFlight.decrementAndGet();
        }
    }

    /** Stops claiming, gives calls in flight a moment, and stops the client. */
    @Override
    public void close() {
        closing = true;
        rounds.close();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
        while (inFlight.get() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        try {
            client.stop();
        } catch (Exception e) {
            LOG.warn("The outbound HTTP client did not stop cleanly", e);
        }
    }
}
