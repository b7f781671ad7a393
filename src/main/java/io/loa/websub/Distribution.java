package io.loa.websub;

import io.loa.fault.NotFound;
import io.loa.feed.FeedTopics;
import io.loa.http.Representation;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Content distribution (WebSub 7): a subscriber of a changed topic gets a POST of the topic's new document,
 * signed with its secret; another hub gets a publish ping. Failures are retried with backoff; 410 ends a
 * subscription. Outcomes are written in batches (see {@link Outcomes}).
 */
final class Distribution {

    private static final Logger LOG = LoggerFactory.getLogger(Distribution.class);

    private final SubscriptionStore store;
    private final Outcomes outcomes;
    private final Outbound outbound;
    private final FeedTopics topics;
    private final int maxAttempts;
    private final Backoff backoff;
    private final CallCounter calls;
    private final BooleanSupplier closing;

    Distribution(
            SubscriptionStore store,
            Outcomes outcomes,
            Outbound outbound,
            FeedTopics topics,
            int maxAttempts,
            Backoff backoff,
            CallCounter calls,
            BooleanSupplier closing) {
        this.store = store;
        this.outcomes = outcomes;
        this.outbound = outbound;
        this.topics = topics;
        this.maxAttempts = maxAttempts;
        this.backoff = backoff;
        this.calls = calls;
        this.closing = closing;
    }

    /** Sends the delivery; the future completes once its outcome is in the database. */
    CompletableFuture<Void> run(SubscriptionStore.Delivery delivery) {
        if (delivery.kind().equals(SubscriptionStore.PUBLISH)) {
            return recorded(delivery, ping(delivery), null);
        }
        Representation doc;
        try {
            // The same bytes a GET gets, from the same cache: rendered once per change however many subscribers.
            doc = topics.current(delivery.topic());
        } catch (NotFound e) {
            // An author's or a tag's feed that has no article now: nothing to send until it has one again.
            calls.count(delivery.kind(), "absent");
            return outcomes.write(delivery, store.unchanged(delivery));
        } catch (RuntimeException e) {
            return record(delivery, null, e, null);
        }
        if (doc.etag().equals(delivery.sentEtag())) {
            // Changes the subscriber already has (a document sent after a write committed, before its turn came).
            calls.count(delivery.kind(), "unchanged");
            return outcomes.write(delivery, store.unchanged(delivery));
        }
        return recorded(delivery, post(delivery, doc), doc.etag());
    }

    /** The call's outcome, once written. */
    private CompletableFuture<Void> recorded(
            SubscriptionStore.Delivery delivery, CompletableFuture<Outbound.Answer> call, String etag) {
        return call.handle((answer, failure) -> record(delivery, answer, failure, etag))
                .thenCompose(Function.identity());
    }

    private CompletableFuture<Outbound.Answer> post(SubscriptionStore.Delivery delivery, Representation doc) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Link", topics.linkHeader(delivery.topic()));
        if (delivery.secret() != null) {
            headers.put("X-Hub-Signature", "sha256=" + hmacSha256(delivery.secret(), doc.body()));
        }
        return outbound.post(URI.create(delivery.callback()), doc.contentType(), doc.body(), headers);
    }

    private CompletableFuture<Outbound.Answer> ping(SubscriptionStore.Delivery delivery) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("hub.mode", "publish");
        form.put("hub.url", topics.url(delivery.topic()));
        return outbound.post(
                URI.create(delivery.callback()),
                "application/x-www-form-urlencoded",
                Outbound.form(form).getBytes(StandardCharsets.UTF_8),
                Map.of());
    }

    /**
     * Records a call's answer (or failure); the future completes once it is written.
     *
     * @param etag the ETag of the document sent, or null for a ping
     */
    private CompletableFuture<Void> record(
            SubscriptionStore.Delivery delivery, Outbound.Answer answer, Throwable failure, String etag) {
        if (closing.getAsBoolean() && failure != null) {
            return outcomes.write(delivery, store.releasing(List.of(delivery)));
        }
        calls.count(
                delivery.kind(),
                answer == null
                        ? "failed"
                        : answer.ok() ? "delivered" : answer.status() == 410 ? "gone" : answer.status() / 100 + "xx");
        if (answer != null && answer.ok()) {
            return outcomes.delivered(delivery, answer.status(), etag);
        }
        if (answer != null && answer.status() == 410 && delivery.kind().equals(SubscriptionStore.CONTENT)) {
            LOG.info(
                    "WebSub subscription of {} to {} ended: the callback answered 410 Gone",
                    Callbacks.redacted(delivery.callback()),
                    delivery.topic());
            return outcomes.write(delivery, store.remove(delivery));
        }
        Integer status = answer == null ? null : answer.status();
        String error = failure != null ? Outbound.describe(failure) : "answered " + answer.status();
        int attempts = delivery.attempts() + 1;
        if (attempts >= maxAttempts) {
            LOG.warn(
                    "WebSub delivery of {} to {} given up after {} attempts: {}",
                    delivery.topic(),
                    Callbacks.redacted(delivery.callback()),
                    attempts,
                    error);
            return outcomes.write(
                    delivery,
                    store.gaveUp(delivery, status, "given up after " + attempts + " attempts; last: " + error));
        }
        return outcomes.write(delivery, store.retry(delivery, status, error, backoff.retryAt(store.now(), attempts)));
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
}
