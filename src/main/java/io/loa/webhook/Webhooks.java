package io.loa.webhook;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.loa.background.Timers;
import io.loa.config.RetrySchedule;
import io.loa.config.Site;
import io.loa.ingest.ArticleView;
import io.loa.net.HostLookup;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Function;
import org.jooq.DSLContext;

/**
 * Webhooks as a server runs them: the endpoints, the message queue, the consumer that fills it from the change
 * stream, the sender that empties it, and the receipts. Like the WebSub hub, it retries on the wall clock, and calls
 * endpoints on private addresses only as the site allows callbacks.
 */
public final class Webhooks implements AutoCloseable {

    private final EndpointStore endpoints;
    private final MessageQueue queue;
    private final DeliveryCounts counts;
    private final Sender sender;

    public Webhooks(
            DSLContext dsl, Site site, RetrySchedule retries, MeterRegistry registry, HostLookup names, Timers timers) {
        this.endpoints = new EndpointStore(dsl, Clock.systemUTC());
        this.queue = new MessageQueue(dsl, Clock.systemUTC(), retries);
        this.counts = new DeliveryCounts(registry);
        this.sender = new Sender(
                queue,
                counts,
                site.websub().allowPrivateCallbacks(),
                "Loa webhooks (+" + site.url("/") + ")",
                names,
                timers);
    }

    public void start(long intervalMillis) {
        sender.start(intervalMillis);
    }

    public EndpointStore endpoints() {
        return endpoints;
    }

    /** The consumer of the change stream that makes messages, each article shown by {@code articles}. */
    public WebhookConsumer consumer(Function<String, Optional<ArticleView>> articles, ObjectMapper json) {
        return new WebhookConsumer(queue, counts, articles, json);
    }

    public WebhookReceipts receipts() {
        return new WebhookReceipts(queue);
    }

    @Override
    public void close() {
        sender.close();
    }
}
