package io.loa.purge;

import io.loa.config.PurgeConfig;
import io.loa.config.Secrets;
import io.loa.config.Site;
import io.loa.dispatch.Destination;
import io.loa.dispatch.Dispatch;
import io.loa.dispatch.DispatchChannel;
import io.loa.dispatch.OutboundRequest;
import io.loa.stream.ClusterConsumer;
import io.loa.stream.ConsumerName;
import io.loa.stream.StreamEntry;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Purges what each write changed from the shared caches in front of Loa (site.yaml's {@code purge:}), once for
 * the cluster: the changes taken together are read as surrogate keys and paths ({@link ChangedDocuments}), and
 * each cache gets its requests ({@link PurgeRequests}) through the dispatch queue, in the transaction that moves
 * the cursor. The API tokens are read from the environment at start and added only as requests go out.
 */
public final class PurgeConsumer implements ClusterConsumer {

    private final Dispatch dispatch;
    private final List<PurgeRequests> caches;
    private final Duration settle;

    private PurgeConsumer(Dispatch dispatch, List<PurgeRequests> caches, Duration settle) {
        this.dispatch = dispatch;
        this.caches = caches;
        this.settle = settle;
    }

    /**
     * The consumer of the site's caches, their tokens handed to the dispatch queue; a token named in site.yaml
     * but not set stops the start.
     *
     * @param syncMillis how often every instance reads the stream: a purge waits two such rounds, so that no
     *     instance still holds the old document when the cache comes back for it
     */
    public static PurgeConsumer of(Site site, Secrets secrets, Dispatch dispatch, long syncMillis) {
        Map<String, Map<String, String>> tokens = new HashMap<>();
        for (PurgeConfig cache : site.purge()) {
            PurgeRequests requests = new PurgeRequests(cache, site.baseUrl());
            cache.tokenEnv().ifPresent(name -> {
                String token = secrets.require(name, "the " + cache.provider().label() + " purge in site.yaml");
                tokens.put(
                        requests.destination(),
                        switch (cache.provider()) {
                            case FASTLY -> Map.of("Fastly-Key", token);
                            default -> Map.of("Authorization", "Bearer " + token);
                        });
            });
        }
        dispatch.credentials(
                DispatchChannel.PURGE, (destination, request) -> tokens.getOrDefault(destination, Map.of()));
        return new PurgeConsumer(
                dispatch,
                site.purge().stream()
                        .map(cache -> new PurgeRequests(cache, site.baseUrl()))
                        .toList(),
                Duration.ofMillis(2 * syncMillis));
    }

    @Override
    public ConsumerName name() {
        return ConsumerName.PURGE;
    }

    @Override
    public void accept(List<StreamEntry> entries, org.jooq.DSLContext tx) {
        if (caches.isEmpty()) {
            return;
        }
        ChangedDocuments changed = ChangedDocuments.of(entries, tx);
        if (changed.isEmpty()) {
            return;
        }
        for (PurgeRequests cache : caches) {
            for (OutboundRequest request : cache.of(changed)) {
                dispatch.enqueue(
                        tx,
                        DispatchChannel.PURGE,
                        Destination.of(cache.destination()).after(settle),
                        request,
                        changed.subjects());
            }
        }
    }
}
