package io.loa.dispatch;

import io.loa.delivery.DeliveryReceipts;
import io.loa.stream.StreamEntry;
import java.time.Instant;
import java.util.List;

/**
 * One channel's receipts: for each request a change was part of, where it went and how it fared (status, attempts,
 * next retry). No secret is in them: those are added as requests go out, and never stored.
 */
public final class DispatchReceipts implements DeliveryReceipts {

    private final DispatchQueue queue;
    private final DispatchChannel channel;

    DispatchReceipts(DispatchQueue queue, DispatchChannel channel) {
        this.queue = queue;
        this.channel = channel;
    }

    @Override
    public String channel() {
        return channel.label();
    }

    /** One request, as the receipt shows it. */
    record View(
            String destination,
            String method,
            String url,
            String state,
            int attempts,
            Integer status,
            String error,
            String lastAttempt,
            String nextRetry) {}

    @Override
    public List<View> receipts(StreamEntry change) {
        if (change.articleId() == null) {
            return List.of();
        }
        return queue.receipts(channel, change.articleId(), change.position()).stream()
                .map(r -> new View(
                        r.destination(),
                        r.method(),
                        r.url(),
                        r.state(),
                        r.attempts(),
                        r.status(),
                        r.error(),
                        time(r.lastAttempt()),
                        r.state().equals("pending") ? time(r.nextRetry()) : null))
                .toList();
    }

    private static String time(Instant at) {
        return at == null ? null : at.toString();
    }
}
