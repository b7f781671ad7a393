package io.loa.background;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Locale;

/**
 * The background loops of a server, each made here as its {@link Rounds}: a named daemon thread, a stop that waits
 * for the round in flight, and one way of telling failures. A loop whose rounds fail, as all do while the database
 * is away, logs one line when it starts failing and one when it works again, and counts every failed round in
 * {@code loa_background_failures_total{loop}}.
 */
public final class Timers {

    /** Every background loop, by the name its thread, its log lines and its metric carry. */
    public enum Loop {
        CHANGE_STREAM,
        SCHEDULED_RELEASE,
        WEBSUB_HUB,
        DB_COMPACTION,
        WEBHOOKS,
        DISPATCH,
        AUDIENCE;

        /** {@code change-stream}: a closed set, so a metric label. */
        public String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    private final MeterRegistry registry;

    /** @param registry where each loop's failed rounds are counted */
    public Timers(MeterRegistry registry) {
        this.registry = registry;
    }

    /** The rounds of {@code loop}; one per loop. */
    public Rounds rounds(Loop loop) {
        return new Rounds(
                loop.label(),
                Counter.builder("loa.background.failures")
                        .tag("loop", loop.label())
                        .description("Rounds of a background loop that failed (the database away, most often)")
                        .register(registry));
    }
}
