package io.loa.websub;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** Counts the hub's calls in {@code loa_websub_calls_total}, by what they were and how they ended. */
final class CallCounter {

    private final MeterRegistry registry;

    CallCounter(MeterRegistry registry) {
        this.registry = registry;
    }

    /** @param call content, publish, subscribe, unsubscribe or denied */
    void count(String call, String outcome) {
        Counter.builder("loa.websub.calls")
                .description("Calls of the WebSub hub to callbacks and other hubs")
                .tag("call", call)
                .tag("outcome", outcome)
                .register(registry)
                .increment();
    }
}
