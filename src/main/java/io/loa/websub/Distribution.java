package io.loa.websub;

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
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Content distribution (WebSub 7): a subscriber of a changed topic gets a POST of the topic's new document,
 * signed with its secret; another hub gets a publish ping. Failures are retried with backoff; 410 ends a
 * subscription.
 */
final class Distribution {

    private static final Logger LOG = LoggerFactory.getLogger(Distribution.class);

    private final SubscriptionStore store;
    private final Outbound outbound;
    private final FeedTopics topics;
    private final int maxAttempts;
    private final Backoff backoff;
    private final CallCounter calls;
    private final BooleanSupplier closing;

    Distribution(SubscriptionStore store, Outbound outbound, FeedTopics topics, int maxAttempts, Backoff backoff,
                 CallCounter calls, BooleanSupplier closing) {
        this.store = store;
        this.outbound = outbound;
        this.topics = topics;
        this.maxAttempts = maxAttempts;
        this.backoff = backoff;
        this.calls = calls;
        this.closing = closing;
    }

    CompletableFuture<Void> run(SubscriptionStore.Delivery delivery) {
        if (delivery.kind().equals(SubscriptionStore.PUBLISH)) {
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
            calls.count(delivery.kind(), "unchanged");
            return CompletableFuture.completedFuture(null);
        }
        return post(delivery, doc).handle((answer, failure) -> {
            record(delivery, answer, failure, doc.etag());
            return null;
        });
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
        return outbound.post(URI.create(delivery.callback()), "application/x-www-form-urlencoded",
                Outbound.form(form).getBytes(StandardCharsets.UTF_8), Map.of());
    }

    /** @param etag the ETag of the document sent, or null for a ping */
    private void record(SubscriptionStore.Delivery delivery, Outbound.Answer answer, Throwable failure, String etag) {
        if (closing.getAsBoolean() && failure != null) {
            store.release(List.of(delivery));
            return;
        }
        calls.count(delivery.kind(), answer == null ? "failed" : answer.ok() ? "delivered"
                : answer.status() == 410 ? "gone" : answer.status() / 100 + "xx");
        if (answer != null && answer.ok()) {
            store.delivered(delivery, answer.status(), etag);
            return;
        }
        if (answer != null && answer.status() == 410 && delivery.kind().equals(SubscriptionStore.CONTENT)) {
            store.remove(delivery);
            LOG.info("WebSub subscription of {} to {} ended: the callback answered 410 Gone",
                    Callbacks.redacted(delivery.callback()), delivery.topic());
            return;
        }
        Integer status = answer == null ? null : answer.status();
        String error = failure != null ? Outbound.describe(failure) : "answered " + answer.status();
        int attempts = delivery.attempts() + 1;
        if (attempts >= maxAttempts) {
            store.gaveUp(delivery, status, "given up after " + attempts + " attempts; last: " + error);
            LOG.warn("WebSub delivery of {} to {} given up after {} attempts: {}", delivery.topic(),
                    Callbacks.redacted(delivery.callback()), attempts, error);
        } else {
            store.retry(delivery, status, error, backoff.retryAt(store.now(), attempts));
        }
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
