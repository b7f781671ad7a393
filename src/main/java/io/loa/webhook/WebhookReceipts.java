package io.loa.webhook;

import io.loa.delivery.DeliveryReceipts;
import io.loa.stream.StreamEntry;
import java.util.List;

/** Webhooks' receipts: for each endpoint a change was for, how its message fared (status, attempts, next retry). */
public final class WebhookReceipts implements DeliveryReceipts {

    private final MessageQueue queue;

    public WebhookReceipts(MessageQueue queue) {
        this.queue = queue;
    }

    @Override
    public String channel() {
        return "webhooks";
    }

    /** One endpoint's message, as the receipt shows it. */
    record View(
            String endpoint,
            String url,
            String event,
            String state,
            int attempts,
            Integer status,
            String error,
            String lastAttempt,
            String nextRetry) {}

    @Override
    public List<View> receipts(StreamEntry change) {
        return queue.receipts(change.articleId(), change.position()).stream()
                .map(r -> new View(
                        r.endpoint(),
                        r.url(),
                        r.event(),
                        r.state(),
                        r.attempts(),
                        r.status(),
                        r.error(),
                        WebhookRoutes.time(r.lastAttempt()),
                        r.state().equals("pending") ? WebhookRoutes.time(r.nextRetry()) : null))
                .toList();
    }
}
