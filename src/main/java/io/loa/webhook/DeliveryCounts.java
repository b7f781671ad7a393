package io.loa.webhook;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;

/**
 * {@code loa_webhook_deliveries_total{outcome}}: webhook attempts by what became of them (delivered, retried, given
 * up, disabled the endpoint) and messages not queued because their endpoint's queue was full.
 */
public final class DeliveryCounts {

    private final Map<MessageQueue.Settled, Counter> counters = new EnumMap<>(MessageQueue.Settled.class);

    public DeliveryCounts(MeterRegistry registry) {
        for (MessageQueue.Settled outcome : MessageQueue.Settled.values()) {
            counters.put(
                    outcome,
                    Counter.builder("loa.webhook.deliveries")
                            .tag("outcome", outcome.label())
                            .description("Webhook attempts by outcome, and messages not queued for a full queue")
                            .register(registry));
        }
    }

    void count(MessageQueue.Settled outcome) {
        counters.get(outcome).increment();
    }
}
