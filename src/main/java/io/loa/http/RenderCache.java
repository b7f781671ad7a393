package io.loa.http;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Rendered documents kept in memory under a byte budget (Caffeine evicts what is least likely to be asked for
 * again). A missing document is rendered once however many requests ask for it together: the first renders,
 * the others wait for its result. Writers drop exactly the documents they changed.
 */
public final class RenderCache {

    private final AsyncCache<Object, Representation> cache;
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();
    private final LongAdder renders = new LongAdder();
    private final LongAdder renderNanos = new LongAdder();

    public RenderCache(long maxBytes) {
        this.cache = Caffeine.newBuilder()
                .maximumWeight(maxBytes)
                .weigher((Object key, Representation doc) -> doc.weight())
                .buildAsync();
    }

    /** The cached document for {@code key}, rendered by {@code render} (in this thread) when there is none. */
    public Representation get(Object key, Supplier<Representation> render) {
        ConcurrentMap<Object, CompletableFuture<Representation>> map = cache.asMap();
        CompletableFuture<Representation> existing = map.get(key);
        if (existing == null) {
            CompletableFuture<Representation> mine = new CompletableFuture<>();
            existing = map.putIfAbsent(key, mine);
            if (existing == null) {
                misses.increment();
                return renderInto(mine, key, render);
            }
        }
        hits.increment();
        return await(existing);
    }

    private Representation renderInto(
            CompletableFuture<Representation> future, Object key, Supplier<Representation> render) {
        long start = System.nanoTime();
        try {
            Representation doc = render.get();
            renders.increment();
            renderNanos.add(System.nanoTime() - start);
            future.complete(doc);
            return doc;
        } catch (RuntimeException | Error e) {
            cache.asMap().remove(key, future);
            future.completeExceptionally(new RenderFailed(e));
            throw e;
        }
    }

    /**
     * How waiters learn that the render they waited for failed. Caffeine logs every failed load with its stack
     * trace unless it is a cancellation, and a page past the end of a feed (a 404 anyone can ask for) must
     * not write to the log.
     */
    private static final class RenderFailed extends CancellationException {
        RenderFailed(Throwable cause) {
            super("render failed");
            initCause(cause);
        }
    }

    private static Representation await(CompletableFuture<Representation> future) {
        try {
            return future.get();
        } catch (RenderFailed e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw (Error) e.getCause();
        } catch (ExecutionException | CompletionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException("Rendering failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for a render", e);
        }
    }

    /** Drops every document whose key matches; the next request renders it anew. */
    public void invalidate(Predicate<Object> which) {
        cache.asMap().keySet().removeIf(which);
    }

    public long hits() {
        return hits.sum();
    }

    public long misses() {
        return misses.sum();
    }

    public long renders() {
        return renders.sum();
    }

    /** Time spent rendering, over all renders. */
    public long renderNanos() {
        return renderNanos.sum();
    }

    /** The bytes the cached documents hold now. */
    public long weight() {
        cache.synchronous().cleanUp();
        return cache.synchronous()
                .policy()
                .eviction()
                .map(e -> e.weightedSize().orElse(0))
                .orElse(0L);
    }
}
