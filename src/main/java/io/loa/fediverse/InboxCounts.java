package io.loa.fediverse;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;

/** {@code loa_fediverse_inbox_total{outcome}}: POSTs to the inboxes by what became of them ({@link InboxOutcome}). */
public final class InboxCounts {

    private final Map<InboxOutcome, Counter> counters = new EnumMap<>(InboxOutcome.class);

    public InboxCounts(MeterRegistry registry) {
        for (InboxOutcome outcome : InboxOutcome.values()) {
            counters.put(
                    outcome,
                    Counter.builder("loa.fediverse.inbox")
                            .tag("outcome", outcome.label())
                            .description("Activities POSTed to the inboxes, by what became of them")
                            .register(registry));
        }
    }

    void count(InboxOutcome outcome) {
        counters.get(outcome).increment();
    }
}
