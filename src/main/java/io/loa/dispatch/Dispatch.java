package io.loa.dispatch;

import io.loa.background.Timers;
import io.loa.config.PurgeConfig;
import io.loa.config.RetrySchedule;
import io.loa.config.Site;
import io.loa.net.HostLookup;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.time.Clock;
import java.util.Collection;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.jooq.DSLContext;

/**
 * The dispatch queue as a server runs it: the queue channels fill from the change stream, the sender that empties
 * it, and each channel's receipts. It retries on the wall clock. It calls destinations on private addresses only
 * as the site allows callbacks there ({@code LOA_WEBSUB_ALLOW_PRIVATE_CALLBACKS}), as webhooks do, or when the
 * operator named their host as a cache to purge (a Varnish beside Loa): a stranger names no destination here.
 */
public final class Dispatch implements AutoCloseable {

    private final DispatchQueue queue;
    private final DispatchCounts counts;
    private final Dispatcher dispatcher;

    public Dispatch(
            DSLContext dsl, Site site, RetrySchedule retries, MeterRegistry registry, HostLookup names, Timers timers) {
        this.queue = new DispatchQueue(dsl, Clock.systemUTC(), retries);
        this.counts = new DispatchCounts(registry);
        this.dispatcher = new Dispatcher(
                queue,
                counts,
                site.websub().allowPrivateCallbacks(),
                operatorHosts(site),
                "Loa (+" + site.url("/") + ")",
                names,
                timers);
    }

    /**
     * Queues {@code request} in {@code tx}, the transaction of the consumer taking the changes {@code subjects}
     * from the stream; a destination whose queue is full has it recorded as given up, and counted.
     *
     */
    public void enqueue(
            DSLContext tx,
            DispatchChannel channel,
            Destination destination,
            OutboundRequest request,
            Collection<DispatchQueue.Subject> subjects) {
        if (!queue.enqueue(tx, channel, destination, request, subjects)) {
            counts.count(channel, DispatchQueue.Settled.QUEUE_FULL);
        }
    }

    /** The headers {@code channel} adds as its requests go out (API tokens); before {@link #start}. */
    public void credentials(DispatchChannel channel, Credentials added) {
        dispatcher.credentials(channel, added);
    }

    public void start(long intervalMillis) {
        dispatcher.start(intervalMillis);
    }

    public DispatchReceipts receipts(DispatchChannel channel) {
        return new DispatchReceipts(queue, channel);
    }

    /** The hosts of the caches the operator has Loa purge directly (varnish, urls), wherever they are. */
    private static Set<String> operatorHosts(Site site) {
        return site.purge().stream()
                .filter(cache -> cache.provider() == PurgeConfig.Provider.VARNISH
                        || cache.provider() == PurgeConfig.Provider.URLS)
                .map(cache -> URI.create(cache.url()).getHost())
                .filter(Objects::nonNull)
                .collect(Collectors.toSet());
    }

    @Override
    public void close() {
        dispatcher.close();
    }
}
