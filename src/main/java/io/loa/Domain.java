package io.loa;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.loa.article.ArticleReads;
import io.loa.article.ArticleWrites;
import io.loa.article.ScheduledRelease;
import io.loa.article.SearchSource;
import io.loa.audience.Audience;
import io.loa.background.Timers;
import io.loa.config.Configuration;
import io.loa.config.Settings;
import io.loa.config.Site;
import io.loa.demo.DemoContent;
import io.loa.dispatch.Dispatch;
import io.loa.fediverse.Federation;
import io.loa.fediverse.Fediverse;
import io.loa.fediverse.FediverseConsumer;
import io.loa.feed.StaleDocuments;
import io.loa.http.RenderCache;
import io.loa.indexnow.IndexNowConsumer;
import io.loa.ingest.ArticleView;
import io.loa.net.HostLookup;
import io.loa.ops.Metrics;
import io.loa.purge.PurgeConsumer;
import io.loa.search.SearchIndex;
import io.loa.stream.ChangeStream;
import io.loa.stream.FeedChanges;
import io.loa.token.TokenStore;
import io.loa.webhook.Webhooks;
import io.loa.websub.Hub;
import java.time.Clock;
import org.jooq.DSLContext;

/**
 * What Loa does apart from HTTP, on the storage: the articles' readers and writers, the change stream that every
 * consequence of a write follows (the cache it drops documents from, search, metrics, the hub, webhooks), tokens,
 * and the release of scheduled articles, with their background work running. The hub delivers only once the web
 * gives it the feeds to deliver ({@link Web#topics}).
 *
 * @param cache rendered feeds and pages
 * @param audience who reads the feeds, and how fast they poll
 * @param fediverse the site's accounts on the fediverse, their keys and followers, its articles as objects
 * @param federation its deliveries signed as they go out, and its inboxes
 * @param searchCache rendered searches, kept apart: anyone can ask for any number of searches, and must not crowd
 *     feeds out
 */
record Domain(
        RenderCache cache,
        RenderCache searchCache,
        ArticleReads articles,
        ArticleWrites writes,
        FeedChanges feedChanges,
        TokenStore tokens,
        SearchIndex search,
        Hub hub,
        Webhooks webhooks,
        Dispatch dispatch,
        ChangeStream stream,
        Audience audience,
        Fediverse fediverse,
        Federation federation) {

    /** The search cache's part of the render cache's budget, on top of it. */
    private static final int SEARCH_CACHE_SHARE = 8;

    /** @param names how the WebSub hub resolves callback hosts */
    static Domain start(
            Configuration configuration,
            Clock clock,
            HostLookup names,
            Storage storage,
            Metrics metrics,
            Timers timers,
            Lifecycle lifecycle) {
        Settings settings = configuration.settings();
        Site site = configuration.site();
        DSLContext dsl = storage.database().dsl();
        RenderCache cache = new RenderCache(settings.cacheBytes());
        metrics.bind(cache);
        RenderCache searchCache = new RenderCache(settings.cacheBytes() / SEARCH_CACHE_SHARE);
        ChangeStream stream = new ChangeStream(dsl, Clock.systemUTC(), timers, metrics.registry());
        // The hub schedules real work (retries, leases), so it runs on the wall clock whatever clock dates articles.
        Hub hub = lifecycle.add(Hub.create(
                dsl, Clock.systemUTC(), stream, site.websub(), site.url("/"), metrics.registry(), names, timers));
        Webhooks webhooks =
                lifecycle.add(new Webhooks(dsl, site, settings.webhookRetries(), metrics.registry(), names, timers));
        Dispatch dispatch =
                lifecycle.add(new Dispatch(dsl, site, settings.webhookRetries(), metrics.registry(), names, timers));
        // Stopped before the hub it feeds.
        lifecycle.add(stream);
        SearchIndex search =
                lifecycle.add(new SearchIndex(new SearchSource(dsl), () -> searchCache.invalidate(key -> true)));
        // The consumers of the change stream: a new consequence of writes is one more line here.
        stream.register(new StaleDocuments(cache));
        stream.register(search);
        stream.register(metrics);
        stream.register(hub);
        ArticleReads articles = new ArticleReads(dsl);
        // Once committed, a write's consequences on this instance run before it is acknowledged.
        ArticleWrites writes = new ArticleWrites(dsl, clock, change -> stream.catchUp());
        stream.register(webhooks.consumer(
                id -> articles.find(id).map(article -> ArticleView.of(article, writes.isScheduled(article), site)),
                new ObjectMapper()));
        stream.register(PurgeConsumer.of(site, settings.secrets(), dispatch, settings.syncMillis()));
        stream.register(new IndexNowConsumer(site, dispatch));
        Fediverse fediverse = Fediverse.of(site, dsl, articles, Clock.systemUTC());
        Federation federation = lifecycle.add(
                Federation.start(site, dsl, fediverse, dispatch, metrics.registry(), names, Clock.systemUTC()));
        stream.register(new FediverseConsumer(site, fediverse, articles, dispatch));
        Audience audience = lifecycle.add(new Audience(dsl, clock, site, timers, hub::subscribersByTopic));
        audience.bind(metrics.registry());
        ScheduledRelease release = lifecycle.add(new ScheduledRelease(writes, timers));
        if (settings.demo()) {
            DemoContent.loadIfEmpty(articles, writes, new ObjectMapper(), site);
        }
        release.start(settings.syncMillis());
        webhooks.start(settings.syncMillis());
        // Twice as often as the stream is read: a purge, due two stream rounds after its write, goes out at most
        // half a round late, so a write reaches readers through a cache well within a second at the defaults.
        dispatch.start(Math.max(1, settings.syncMillis() / 2));
        audience.start();
        return new Domain(
                cache,
                searchCache,
                articles,
                writes,
                new FeedChanges(dsl),
                new TokenStore(dsl, clock),
                search,
                hub,
                webhooks,
                dispatch,
                stream,
                audience,
                fediverse,
                federation);
    }

    /**
     * Follows the change stream from its head, once the hub knows its topics, and starts loading the search index
     * after that: a write committed before is read by the load, one after reaches the index through the stream.
     */
    void follow(long pollMillis) {
        stream.start(pollMillis);
        search.startLoading();
    }
}
