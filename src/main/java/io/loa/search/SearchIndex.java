package io.loa.search;

import io.loa.article.SearchSource;
import io.loa.article.SearchSource.Searchable;
import io.loa.fault.NotReady;
import io.loa.stream.ConsumerName;
import io.loa.stream.InstanceConsumer;
import io.loa.stream.StreamEntry;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This instance's search index, kept equal to the database: loaded whole after start, then following the change
 * stream, whichever instance wrote: the articles its entries name are read again as they are now. Whoever caches
 * search results hears of each change ({@code onChange}).
 *
 * <p>At a million articles loading takes a minute, so it runs on a thread of its own while the server already
 * serves everything else; until it is done a search is answered 503 with {@code Retry-After}, never with results
 * that miss articles.
 */
public final class SearchIndex implements InstanceConsumer, AutoCloseable {

    private static final int BATCH = 1000;
    /** What a search asked for while the index loads is told: soon enough to find it loaded at small sites. */
    private static final Duration RETRY_WHILE_LOADING = Duration.ofSeconds(5);
    /** How long after a load that failed (the database away) it starts again. */
    private static final long RETRY_LOAD_MILLIS = 5_000;

    private static final Logger LOG = LoggerFactory.getLogger(SearchIndex.class);

    private final SearchSource store;
    private final Runnable onChange;
    private final WordIndex words = new WordIndex();
    private volatile boolean loaded;
    private volatile boolean closed;
    private Thread loader;

    public SearchIndex(SearchSource store, Runnable onChange) {
        this.store = store;
        this.onChange = onChange;
    }

    /**
     * Starts loading every article on a thread of its own. Called once the stream follows from its head: a write
     * committed before is read by the load, one after reaches the index through the stream (the index keeps the
     * newer revision of an article whichever comes first).
     */
    public synchronized void startLoading() {
        loader = new Thread(this::loadUntilDone, "search-index-load");
        loader.setDaemon(true);
        loader.start();
    }

    private void loadUntilDone() {
        while (!closed && !loaded) {
            try {
                load();
            } catch (RuntimeException e) {
                LOG.warn(
                        "Search index: loading failed, trying again in {} s: {}",
                        RETRY_LOAD_MILLIS / 1000,
                        e.toString());
                pause();
            }
        }
    }

    private synchronized void pause() {
        try {
            wait(RETRY_LOAD_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closed = true;
        }
    }

    /** Loads every article, on the calling thread; searches are answered once it is done. */
    public void load() {
        long started = System.nanoTime();
        long after = 0;
        for (List<Searchable> batch; !closed && !(batch = store.searchableAfter(after, BATCH)).isEmpty(); ) {
            batch.forEach(words::put);
            after = batch.get(batch.size() - 1).revision();
        }
        if (closed) {
            return;
        }
        loaded = true;
        onChange.run();
        LOG.info("Search index: {} live articles in {} ms", words.size(), (System.nanoTime() - started) / 1_000_000);
    }

    /** Whether every article is in the index: searches are answered from then on. */
    public boolean loaded() {
        return loaded;
    }

    /**
     * The newest live articles holding every word of the query, at most {@code limit}, and how many there are.
     *
     * @throws NotReady while the index is loading
     */
    public WordIndex.Hits search(SearchQuery query, int limit) {
        if (!loaded) {
            throw new NotReady(
                    "Search is starting: the index of the articles is still loading. Ask again in a few seconds.",
                    RETRY_WHILE_LOADING);
        }
        return words.search(query.words(), limit);
    }

    /**
     * Stops a load under way, between two batches. Not by interrupting it: H2 closes its file when a thread reading
     * it is interrupted.
     */
    @Override
    public void close() {
        closed = true;
        Thread running;
        synchronized (this) {
            running = loader;
            notifyAll();
        }
        if (running != null) {
            try {
                running.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public ConsumerName name() {
        return ConsumerName.SEARCH_INDEX;
    }

    @Override
    public void accept(List<StreamEntry> entries) {
        Set<String> ids = new LinkedHashSet<>();
        for (StreamEntry entry : entries) {
            if (entry.articleId() != null) {
                ids.add(entry.articleId());
            }
        }
        if (ids.isEmpty()) {
            return;
        }
        for (Searchable article : store.searchable(ids)) {
            words.put(article);
        }
        onChange.run();
    }
}
