package io.loa.webhook;

import io.loa.background.Rounds;
import io.loa.background.Timers;
import io.loa.config.RetrySchedule;
import io.loa.net.GuardedClient;
import io.loa.net.HostLookup;
import io.loa.net.PublicAddresses;
import io.loa.net.StatusOnly;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.http.HttpMethod;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the queue's messages: every interval it claims the messages that are due and first in their endpoint's
 * queue, and POSTs each, signed (see {@link Signature}), through the guarded client: public addresses only unless
 * the site allows private callbacks, no redirects, {@link #TIMEOUT} for the whole exchange, and at most
 * {@link #MAX_ANSWER_BYTES} of an answer read (only its status counts). A 2xx is delivered; anything else, or no
 * answer, is tried again on the {@link RetrySchedule}. At most {@link #IN_FLIGHT} calls are out at once.
 */
public final class Sender implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Sender.class);
    static final Duration TIMEOUT = Duration.ofSeconds(15);
    static final int MAX_ANSWER_BYTES = 64 * 1024;
    static final int IN_FLIGHT = 64;
    private static final Duration PRUNE_EVERY = Duration.ofMinutes(10);

    private final MessageQueue queue;
    private final DeliveryCounts counts;
    private final HttpClient client;
    private final Rounds rounds;
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile boolean closing;
    private Instant nextPrune = Instant.MIN;

    /** @param allowPrivate whether endpoints on loopback and private addresses are called (the site's switch) */
    public Sender(
            MessageQueue queue,
            DeliveryCounts counts,
            boolean allowPrivate,
            String userAgent,
            HostLookup names,
            Timers timers) {
        this.queue = queue;
        this.counts = counts;
        this.client = GuardedClient.of(
                "loa-webhooks",
                userAgent,
                names,
                PublicAddresses.guard(allowPrivate, ", which webhook endpoints may not use"));
        client.setIdleTimeout(30_000);
        // One call per endpoint at a time, as its messages go in order; a few endpoints may share a host.
        client.setMaxConnectionsPerDestination(4);
        client.setMaxRequestsQueuedPerDestination(IN_FLIGHT);
        this.rounds = timers.rounds(Timers.Loop.WEBHOOKS);
    }

    public void start(long intervalMillis) {
        try {
            client.start();
        } catch (Exception e) {
            throw new IllegalStateException("The webhook HTTP client could not start", e);
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
        // Held for longer than a call may take, so that no other sender takes it while it is out.
        List<MessageQueue.Message> due = queue.claim(IN_FLIGHT - inFlight.get(), TIMEOUT.multipliedBy(2));
        for (MessageQueue.Message message : due) {
            inFlight.incrementAndGet();
            send(message);
        }
    }

    private void send(MessageQueue.Message message) {
        byte[] body = message.payload().getBytes(StandardCharsets.UTF_8);
        Request request;
        try {
            request = client.newRequest(URI.create(message.url()))
                    .method(HttpMethod.POST)
                    .body(new BytesRequestContent("application/json", body))
                    .timeout(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (IllegalArgumentException e) {
            settle(message, new MessageQueue.Outcome(null, "the URL cannot be called: " + e.getMessage()));
            return;
        }
        long sentAt = queue.now().getEpochSecond();
        request.headers(h -> Signature.headers(message.secret(), message.messageId(), sentAt, body)
                .forEach(h::put));
        request.send(new StatusOnly(
                MAX_ANSWER_BYTES, (status, error) -> settle(message, new MessageQueue.Outcome(status, error))));
    }

    private void settle(MessageQueue.Message message, MessageQueue.Outcome outcome) {
        try {
            queue.settle(message, outcome).ifPresent(settled -> {
                counts.count(settled);
                if (settled == MessageQueue.Settled.DISABLED) {
                    LOG.warn(
                            "Webhook endpoint {} failed for {} days without a success and is disabled: "
                                    + "java -jar loa.jar webhook enable {} sends to it again",
                            message.endpointId(),
                            MessageQueue.DISABLE_AFTER.toDays(),
                            message.endpointId());
                }
            });
        } catch (RuntimeException e) {
            // The claim lapses and the message goes again: delivered at least once, as webhooks are.
            LOG.warn("Recording a webhook outcome failed; the message is sent again", e);
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
            LOG.warn("The webhook HTTP client did not stop cleanly", e);
        }
    }
}
