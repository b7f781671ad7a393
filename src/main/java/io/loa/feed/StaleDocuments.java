package io.loa.feed;

import io.loa.article.Change;
import io.loa.article.ChangeSensitive;
import io.loa.http.RenderCache;
import io.loa.stream.ConsumerName;
import io.loa.stream.InstanceConsumer;
import io.loa.stream.StreamEntry;
import java.util.List;

/**
 * Drops from this instance's render cache every document (feed or page) an entry of the change stream makes stale,
 * as each cache key decides ({@link ChangeSensitive}), whichever instance made the write.
 */
public final class StaleDocuments implements InstanceConsumer {

    private final RenderCache cache;

    public StaleDocuments(RenderCache cache) {
        this.cache = cache;
    }

    @Override
    public ConsumerName name() {
        return ConsumerName.RENDER_CACHE;
    }

    @Override
    public void accept(List<StreamEntry> entries) {
        List<Change> changes = entries.stream()
                .map(e -> new Change(e.articleId(), e.slug(), e.feeds(), e.shownOn()))
                .toList();
        cache.invalidate(key ->
                key instanceof ChangeSensitive derived && changes.stream().anyMatch(derived::changedBy));
    }
}
