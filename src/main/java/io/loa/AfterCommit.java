package io.loa;

import io.loa.article.ArticleChanges;
import io.loa.article.Change;
import io.loa.article.ChangeSensitive;
import io.loa.article.ChangeWatcher;
import io.loa.http.RenderCache;
import io.loa.ops.Metrics;
import io.loa.search.SearchIndex;
import io.loa.websub.Hub;

/**
 * What a committed write triggers, once it is committed and before it is acknowledged: the documents it changed
 * leave this instance's cache, its article is indexed for search, the metrics count it, the watcher notes it as this instance's own (so it is not
 * taken for another instance's), and the hub wakes to deliver it. The next consequence of a write goes here.
 */
final class AfterCommit implements ArticleChanges {

    private final ArticleChanges dropFromCache;
    private final Metrics metrics;
    private final ChangeWatcher watcher;
    private final Hub hub;
    private final SearchIndex search;

    AfterCommit(ArticleChanges dropFromCache, Metrics metrics, ChangeWatcher watcher, Hub hub, SearchIndex search) {
        this.dropFromCache = dropFromCache;
        this.metrics = metrics;
        this.watcher = watcher;
        this.hub = hub;
        this.search = search;
    }

    /** Drops from the cache every document the change touches: what writes through any instance trigger here. */
    static ArticleChanges droppingFrom(RenderCache cache) {
        return change -> cache.invalidate(key -> key instanceof ChangeSensitive derived && derived.changedBy(change));
    }

    @Override
    public void changed(Change change) {
        // First, before the watcher's next poll can find the change in the log and take it for another instance's.
        watcher.observe(change);
        dropFromCache.changed(change);
        metrics.written(change);
        hub.wake();
        search.changed(change);
    }
}
