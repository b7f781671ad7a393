package io.loa.search;

import io.loa.article.SearchSource;
import io.loa.article.SearchSource.Searchable;
import io.loa.stream.ConsumerName;
import io.loa.stream.InstanceConsumer;
import io.loa.stream.StreamEntry;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This instance's search index, kept equal to the database: loaded whole at start, then following the change
 * stream, whichever instance wrote: the articles its entries name are read again as they are now. Whoever caches
 * search results hears of each change ({@code onChange}).
 */
public final class SearchIndex implements InstanceConsumer {

    private static final int BATCH = 1000;
    private static final Logger LOG = LoggerFactory.getLogger(SearchIndex.class);

    private final SearchSource store;
    private final Runnable onChange;
    private final WordIndex words = new WordIndex();

    public SearchIndex(SearchSource store, Runnable onChange) {
        this.store = store;
        this.onChange = onChange;
    }

    /**
     * Loads every article. Called once the stream follows from its head: a write committed before is read here,
     * one after reaches the index through the stream.
     */
    public void load() {
        long started = System.nanoTime();
        long after = 0;
        for (List<Searchable> batch; !(batch = store.searchableAfter(after, BATCH)).isEmpty(); ) {
            batch.forEach(words::put);
            after = batch.get(batch.size() - 1).revision();
        }
        LOG.info("Search index: {} live articles in {} ms", words.size(), (System.nanoTime() - started) / 1_000_000);
    }

    /** The newest live articles holding every word of the query, at most {@code limit}, and how many there are. */
    public WordIndex.Hits search(SearchQuery query, int limit) {
        return words.search(query.words(), limit);
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
