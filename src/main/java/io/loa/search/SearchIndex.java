package io.loa.search;

import io.loa.article.ArticleChanges;
import io.loa.article.SearchSource;
import io.loa.article.SearchSource.Searchable;
import io.loa.article.Change;
import io.loa.article.Rounds;
import io.loa.article.Timers;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This instance's search index, kept equal to the database: loaded whole at start, then told of this instance's
 * writes as they commit, and of every other instance's by reading, every interval, the articles revised since the
 * newest revision it holds. Whoever caches search results hears of each change ({@code onChange}).
 */
public final class SearchIndex implements ArticleChanges, AutoCloseable {

    /**
     * Revisions are handed out when a write runs, but writes commit in any order: a revision below the newest one
     * indexed may still appear. Reading this far back catches such late commits, as the change watcher does.
     */
    static final long LOOKBACK = 512;
    private static final int BATCH = 1000;
    private static final Logger LOG = LoggerFactory.getLogger(SearchIndex.class);

    private final SearchSource store;
    private final Runnable onChange;
    private final WordIndex words = new WordIndex();
    private final Rounds rounds;

    public SearchIndex(SearchSource store, Runnable onChange, Timers timers) {
        this.store = store;
        this.onChange = onChange;
        this.rounds = timers.rounds(Timers.Loop.SEARCH_INDEX);
    }

    /** Loads every article, then follows other instances' writes every {@code intervalMillis}. */
    public void start(long intervalMillis) {
        long started = System.nanoTime();
        long after = 0;
        for (List<Searchable> batch; !(batch = store.searchableAfter(after, BATCH)).isEmpty(); ) {
            batch.forEach(words::put);
            after = batch.get(batch.size() - 1).revision();
        }
        LOG.info("Search index: {} live articles in {} ms", words.size(), (System.nanoTime() - started) / 1_000_000);
        rounds.every(intervalMillis, intervalMillis, this::catchUp);
    }

    /** The newest live articles holding every word of the query, at most {@code limit}, and how many there are. */
    public WordIndex.Hits search(SearchQuery query, int limit) {
        return words.search(query.words(), limit);
    }

    /** A write through this instance, just committed: its article is indexed before the write is acknowledged. */
    @Override
    public void changed(Change change) {
        if (change.articleId() != null) {
            update(List.of(change.articleId()));
        }
    }

    /** Indexes every article revised since the index last looked, whichever instance wrote it. */
    synchronized void catchUp() {
        long after = Math.max(0, words.newestRevision() - LOOKBACK);
        for (Map<String, Long> revised; !(revised = store.revisedAfter(after, BATCH)).isEmpty(); ) {
            List<String> stale = new ArrayList<>();
            revised.forEach((id, revision) -> {
                if (words.revisionOf(id) != revision) {
                    stale.add(id);
                }
            });
            update(stale);
            after = Collections.max(revised.values());
        }
    }

    private void update(List<String> ids) {
        if (ids.isEmpty()) {
            return;
        }
        for (Searchable article : store.searchable(ids)) {
            words.put(article);
        }
        onChange.run();
    }

    @Override
    public void close() {
        rounds.close();
    }
}
