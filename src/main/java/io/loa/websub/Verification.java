package io.loa.websub;

import io.loa.feed.FeedTopics;
import java.net.URI;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verification of intent (WebSub 5.3): a GET to the callback carrying {@code hub.challenge}, which a subscriber
 * that really asked echoes; only then does the subscription start or end. Denials (5.2) go out the same way.
 */
final class Verification {

    /** Verification and denials are tried this often (on timeouts, refused connections and 5xx) before they are given up. */
    static final int ATTEMPTS = 3;

    private static final Logger LOG = LoggerFactory.getLogger(Verification.class);

    private final RequestStore requests;
    private final SubscriptionStore subscriptions;
    private final Outbound outbound;
    private final FeedTopics topics;
    private final Backoff backoff;
    private final CallCounter calls;
    private final BooleanSupplier closing;
    private final SecureRandom random = new SecureRandom();

    Verification(
            RequestStore requests,
            SubscriptionStore subscriptions,
            Outbound outbound,
            FeedTopics topics,
            Backoff backoff,
            CallCounter calls,
            BooleanSupplier closing) {
        this.requests = requests;
        this.subscriptions = subscriptions;
        this.outbound = outbound;
        this.topics = topics;
        this.backoff = backoff;
        this.calls = calls;
        this.closing = closing;
    }

    CompletableFuture<Void> run(RequestStore.Request request) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("hub.mode", request.mode());
        query.put("hub.topic", request.topic());
        String challenge = null;
        if (request.mode().equals(Modes.DENIED)) {
            query.put("hub.reason", request.reason());
        } else {
            challenge = Base64.getUrlEncoder().withoutPadding().encodeToString(challengeBytes());
            query.put("hub.challenge", challenge);
            if (request.leaseSeconds() != null) {
                query.put("hub.lease_seconds", String.valueOf(request.leaseSeconds()));
            }
        }
        String expected = challenge;
        URI uri =
                URI.create(request.callback() + (request.callback().contains("?") ? "&" : "?") + Outbound.form(query));
        return outbound.get(uri).handle((answer, failure) -> {
            if (closing.getAsBoolean() && failure != null) {
                requests.release(List.of(request));
                return null;
            }
            calls.count(request.mode(), failure != null ? "failed" : answer.ok() ? "answered" : "refused");
            if (failure != null || answer.status() >= 500) {
                String error = failure != null ? Outbound.describe(failure) : "answered " + answer.status();
                boolean again = request.attempts() + 1 < ATTEMPTS;
                requests.failed(
                        request,
                        answer == null ? null : answer.status(),
                        error,
                        again ? backoff.retryAt(requests.now(), request.attempts() + 1) : null);
            } else if (expected == null) {
                requests.done(request); // a denial was heard; what the subscriber answered does not matter
            } else if (answer.ok() && answer.body().strip().equals(expected)) {
                apply(request);
                requests.done(request);
            } else {
                requests.failed(
                        request,
                        answer.status(),
                        answer.ok()
                                ? "the callback answered " + answer.status() + " without echoing hub.challenge"
                                : "the callback refused with " + answer.status(),
                        null);
                LOG.info(
                        "WebSub {} of {} for {} was not confirmed",
                        request.mode(),
                        Callbacks.redacted(request.callback()),
                        request.topic());
            }
            return null;
        });
    }

    private void apply(RequestStore.Request request) {
        String topic = topics.pathOf(request.topic()).orElse(null);
        if (topic == null) {
            return; // the feed left the configuration while the request waited
        }
        if (request.mode().equals(Modes.SUBSCRIBE)) {
            subscriptions.subscribe(topic, request.callback(), request.secret(), request.leaseSeconds());
            LOG.info(
                    "WebSub subscription of {} to {} for {} s",
                    Callbacks.redacted(request.callback()),
                    topic,
                    request.leaseSeconds());
        } else {
            subscriptions.unsubscribe(topic, request.callback());
            LOG.info(
                    "WebSub subscription of {} to {} ended at its request",
                    Callbacks.redacted(request.callback()),
                    topic);
        }
    }

    private byte[] challengeBytes() {
        byte[] bytes = new byte[24];
        random.nextBytes(bytes);
        return bytes;
    }
}
