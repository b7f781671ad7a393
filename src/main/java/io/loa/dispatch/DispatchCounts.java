package io.loa.dispatch;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;

/**
 * {@code loa_dispatch_requests_total{channel, outcome}}: outbound attempts by channel and by what became of them
 * (delivered, retried, given up), and requests not queued because their destination's queue was full.
 */
final class DispatchCounts {

    private final Map<DispatchChannel, Map<DispatchQueue.Settled, Counter>> counters =
            new EnumMap<>(DispatchChannel.class);

    DispatchCounts(MeterRegistry registry) {
        for (DispatchChannel channel : DispatchChannel.values()) {
            Map<DispatchQueue.Settled, Counter> byOutcome = new EnumMap<>(DispatchQueue.Settled.class);
            for (DispatchQueue.Settled outcome : DispatchQueue.Settled.values()) {
                byOutcome.put(
                        outcome,
                        Counter.builder("loa.dispatch.requests")
                                .tag("channel", channel.label())
                                .tag("outcome", outcome.label())
                                .description("Outbound attempts by channel and outcome, and requests not queued "
                                        + "for a full queue")
                                .register(registry));
            }
            counters.put(channel, byOutcome);
        }
    }

    void count(DispatchChannel channel, DispatchQueue.Settled outcome) {
        counters.get(channel).get(outcome).increment();
    }
}
