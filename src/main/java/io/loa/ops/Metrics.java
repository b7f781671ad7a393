package io.loa.ops;

import io.loa.http.RenderCache;
import io.loa.stream.ConsumerName;
import io.loa.stream.InstanceConsumer;
import io.loa.stream.StreamEntry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/** Loa's figures in Prometheus form: requests by route and status, the feed cache, writes, the database pool, the JVM. */
public final class Metrics implements InstanceConsumer {

    /** The methods of RFC 9110 and PATCH (RFC 5789): any other a client makes up is counted as one, "other". */
    private static final Set<String> METHODS =
            Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH");

    private static final String OTHER_METHOD = "other";

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Counter changes;
    private final Map<RequestKind, Timer> timers = new ConcurrentHashMap<>();

    private record RequestKind(String method, String route, int status) {

        // Written out: a record's generated equals and hashCode go through method handles, dear on every request.
        @Override
        public boolean equals(Object other) {
            return other instanceof RequestKind kind
                    && status == kind.status
                    && method.equals(kind.method)
                    && Objects.equals(route, kind.route);
        }

        @Override
        public int hashCode() {
            return (method.hashCode() * 31 + Objects.hashCode(route)) * 31 + status;
        }
    }

    public Metrics() {
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        changes = Counter.builder("loa.article.changes")
                .description(
                        "Article writes on the change stream, through any instance: each counted once per instance")
                .register(registry);
    }

    public MeterRegistry registry() {
        return registry;
    }

    public void bind(RenderCache cache) {
        FunctionCounter.builder("loa.feed.cache.hits", cache, RenderCache::hits).register(registry);
        FunctionCounter.builder("loa.feed.cache.misses", cache, RenderCache::misses)
                .register(registry);
        FunctionTimer.builder(
                        "loa.feed.render", cache, RenderCache::renders, RenderCache::renderNanos, TimeUnit.NANOSECONDS)
                .description("Feed and page renders and the time they took")
                .register(registry);
        Gauge.builder("loa.feed.cache.bytes", cache, RenderCache::weight)
                .baseUnit("bytes")
                .register(registry);
    }

    @Override
    public ConsumerName name() {
        return ConsumerName.METRICS;
    }

    /** Counts the writes on the change stream: every instance counts each write once, whichever instance made it. */
    @Override
    public void accept(List<StreamEntry> entries) {
        changes.increment(
                entries.stream().filter(entry -> entry.articleId() != null).count());
    }

    /**
     * Counts and times one finished request, by its method, route template (never its raw path) and status: each
     * label from a closed set, so that no request makes a new series.
     */
    public void request(String sentMethod, String route, int status, float millis) {
        String method = METHODS.contains(sentMethod) ? sentMethod : OTHER_METHOD;
        // Looked up in a plain map first: building a meter id on every request costs more than serving a feed.
        timers.computeIfAbsent(
                        new RequestKind(method, route, status),
                        k -> Timer.builder("loa.http.requests")
                                .tag("method", method)
                                .tag("route", route)
                                .tag("status", String.valueOf(status))
                                .register(registry))
                .record((long) (millis * 1_000_000), TimeUnit.NANOSECONDS);
    }

    public String scrape() {
        return registry.scrape();
    }
}
