package io.loa;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.compression.CompressionStrategy;
import io.javalin.http.staticfiles.Location;
import io.loa.article.ArticleChanges;
import io.loa.article.ArticleReads;
import io.loa.article.ArticleWrites;
import io.loa.article.SearchSource;
import io.loa.article.ChangeWatcher;
import io.loa.article.ScheduledRelease;
import io.loa.article.Timers;
import io.loa.config.ConfigLoader;
import io.loa.config.Site;
import io.loa.db.Database;
import io.loa.db.EmbeddedH2;
import io.loa.db.FileCompaction;
import io.loa.demo.DemoContent;
import io.loa.feed.CachedFeedHandler;
import io.loa.feed.FeedRoutes;
import io.loa.feed.FeedTopics;
import io.loa.feed.SearchFeeds;
import io.loa.feed.SectionList;
import io.loa.http.ConditionalGet;
import io.loa.http.JsonBody;
import io.loa.http.JsonResponse;
import io.loa.http.ProblemErrorHandler;
import io.loa.http.Problems;
import io.loa.http.RenderCache;
import io.loa.http.SecurityHeaders;
import io.loa.ingest.ArticleRoutes;
import io.loa.ingest.OpenApiDocument;
import io.loa.ops.Metrics;
import io.loa.ops.OpsRoutes;
import io.loa.ops.RequestLog;
import io.loa.page.ErrorPages;
import io.loa.page.PageRoutes;
import io.loa.search.SearchIndex;
import io.loa.search.SearchResults;
import io.loa.stream.FeedChanges;
import io.loa.token.TokenStore;
import io.loa.net.HostLookup;
import io.loa.websub.Hub;
import io.loa.websub.HubRoutes;
import io.loa.webhook.DeliveryCounts;
import io.loa.webhook.EndpointStore;
import io.loa.webhook.MessageQueue;
import io.loa.webhook.Sender;
import io.loa.webhook.WebhookRoutes;
import java.net.InetAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A running Loa: wires every part with {@code new}, the one route table, and the database it owns. */
public final class Server implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Server.class);
    /** The search cache's part of the render cache's budget, on top of it. */
    private static final int SEARCH_CACHE_SHARE = 8;

    private final Database database;
    private final FileCompaction compaction;
    private final ChangeWatcher watcher;
    private final ScheduledRelease release;
    private final Hub hub;
    private final Sender webhooks;
    private final SearchIndex search;
    private final Javalin app;
    private final Site site;
    private final RenderCache cache;
    private final List<String> routes;

    private Server(Database database, FileCompaction compaction, ChangeWatcher watcher, ScheduledRelease release,
                   Hub hub, Sender webhooks, SearchIndex search,
                   Javalin app, Site site, RenderCache cache, List<String> routes) {
        this.database = database;
        this.compaction = compaction;
        this.watcher = watcher;
        this.release = release;
        this.hub = hub;
        this.webhooks = webhooks;
        this.search = search;
        this.app = app;
        this.site = site;
        this.cache = cache;
        this.routes = routes;
    }

    /**
     * Reads the config, checks the port is free, migrates the database, loads the demo if asked and the database is
     * empty, and listens.
     */
    public static Server start(Settings settings, Clock clock) {
        return start(settings, clock, HostLookup.SYSTEM);
    }

    /** @param names how the WebSub hub resolves callback hosts */
    public static Server start(Settings settings, Clock clock, HostLookup names) {
        Site configured = ConfigLoader.withBaseUrl(
                new ConfigLoader().load(settings.configDir()), settings.baseUrl(), settings.port());
        Site site = settings.allowPrivateCallbacks()
                .map(allow -> configured.withWebSub(configured.websub().withAllowPrivateCallbacks(allow)))
                .orElse(configured);
        PortUnavailable.check(settings);
        Metrics metrics = new Metrics();
        RenderCache cache = new RenderCache(settings.cacheBytes());
        metrics.bind(cache);
        ArticleChanges dropFromCache = AfterCommit.droppingFrom(cache);
        // Only the server compacts: the token command may run beside it, and must not close its file.
        EmbeddedH2.compact(EmbeddedH2.durable(settings.dbUrl()), settings.dbUser(), settings.dbPassword());
        Database database = Database.open(settings.dbUrl(), settings.dbUser(), settings.dbPassword(), metrics.registry());
        Timers timers = new Timers(metrics.registry());
        FileCompaction compaction = FileCompaction.start(database, settings.compactBytes(), timers);
        // Writes through other instances on the same database reach this one's cache through the watcher.
        ChangeWatcher watcher = new ChangeWatcher(database.dsl(), dropFromCache, timers);
        // The hub schedules real work (retries, leases), so it runs on the wall clock whatever clock dates articles.
        Hub hub = Hub.create(database.dsl(), Clock.systemUTC(), watcher, site.websub(), site.url("/"), metrics.registry(),
                names, timers);
        // Like the hub, webhooks retry on the wall clock; endpoints on private addresses as the site allows callbacks.
        MessageQueue queue = new MessageQueue(database.dsl(), Clock.systemUTC(), settings.webhookRetries());
        Sender webhooks = new Sender(queue, new DeliveryCounts(metrics.registry()),
                site.websub().allowPrivateCallbacks(), "Loa webhooks (+" + site.url("/") + ")", names, timers);
        // Search results are cached apart: anyone can ask for any number of searches, and must not crowd feeds out.
        RenderCache searchCache = new RenderCache(settings.cacheBytes() / SEARCH_CACHE_SHARE);
        SearchIndex search = new SearchIndex(new SearchSource(database.dsl()),
                () -> searchCache.invalidate(key -> true), timers);
        ArticleReads articles = new ArticleReads(database.dsl());
        FeedChanges feedChanges = new FeedChanges(database.dsl(), clock);
        ArticleWrites writes = new ArticleWrites(database.dsl(), clock,
                new AfterCommit(dropFromCache, metrics, watcher, hub, search));
        ScheduledRelease release = new ScheduledRelease(writes, timers);
        try {
            ObjectMapper json = new ObjectMapper();
            TokenStore tokens = new TokenStore(database.dsl(), clock);
            if (settings.demo()) {
                DemoContent.loadIfEmpty(articles, writes, json, site);
            }
            search.start(settings.syncMillis());
            watcher.start(settings.syncMillis());
            release.start(settings.syncMillis());
            webhooks.start(settings.syncMillis());

            JsonResponse jsonResponse = new JsonResponse(json);
            ConditionalGet conditionalGet = new ConditionalGet(clock);
            ArticleRoutes articleRoutes = new ArticleRoutes(site, articles, writes, tokens,
                    new JsonBody(json, settings.maxBodyBytes()), jsonResponse);
            FeedRoutes feedRoutes = new FeedRoutes(site, articles, feedChanges, cache, conditionalGet);
            SectionList sectionList = new SectionList(site, jsonResponse);
            SearchResults searchResults = new SearchResults(search, articles);
            SearchFeeds searchFeeds = new SearchFeeds(site, articles, feedChanges, searchResults, searchCache, conditionalGet);
            PageRoutes pageRoutes = new PageRoutes(site, articles, searchResults, cache, searchCache, conditionalGet);
            FeedTopics topics = new FeedTopics(site, feedRoutes);
            HubRoutes hubRoutes = new HubRoutes(hub, topics, tokens, jsonResponse);
            WebhookRoutes webhookRoutes = new WebhookRoutes(site, new EndpointStore(database.dsl(), clock), tokens,
                    new JsonBody(json, settings.maxBodyBytes()), jsonResponse);
            OpsRoutes opsRoutes = new OpsRoutes(database, metrics, jsonResponse);
            OpenApiDocument openApi = new OpenApiDocument(site, json, conditionalGet);
            Problems problems = new Problems(json, new ErrorPages(site));
            RequestLog requestLog = new RequestLog(metrics, settings.accessLog());

            List<String> routes = new ArrayList<>();
            Javalin app = Javalin.create(config -> {
                config.events.handlerAdded(route -> routes.add(route.getHttpMethod() + " " + route.getPath()));
                config.startup.showJavalinBanner = false;
                // Feeds are compressed once when rendered, never per request.
                config.http.compressionStrategy = CompressionStrategy.NONE;
                config.http.generateEtags = false;
                config.http.prefer405over404 = true;
                // One URL per document: /feeds/all.rss/ is not a second name of /feeds/all.rss but a 404.
                config.router.ignoreTrailingSlashes = false;
                config.requestLogger.http(requestLog::record);
                config.jetty.modifyServer(server -> {
                    // On stop, requests in flight finish (up to the timeout) before connections close.
                    server.setStopTimeout(10_000);
                    // Readers' polls of current feeds are answered ahead of the servlet layer and the routes.
                    server.insertHandler(new CachedFeedHandler(feedRoutes, conditionalGet, requestLog));
                    server.insertHandler(new GracefulHandler());
                    server.setErrorHandler(new ProblemErrorHandler());
                });
                config.jetty.modifyServletContextHandler(context -> context.setErrorHandler(new ProblemErrorHandler()));
                for (String path : new String[] {"/assets", "/demo/images"}) {
                    config.staticFiles.add(files -> {
                        files.hostedPath = path;
                        files.directory = path;
                        files.location = Location.CLASSPATH;
                        files.precompressMaxSize = 0;
                        files.headers = Map.of("Cache-Control", "public, max-age=86400");
                    });
                }
                problems.register(config);
                SecurityHeaders.register(config);
                sectionList.register(config.routes);
                articleRoutes.register(config.routes);
                searchFeeds.register(config.routes);
                feedRoutes.register(config.routes);
                pageRoutes.register(config.routes);
                hubRoutes.register(config.routes);
                webhookRoutes.register(config.routes);
                opsRoutes.register(config.routes);
                openApi.register(config.routes);
            });
            hub.start(topics, settings.syncMillis());
            try {
                app.start(settings.bind().map(InetAddress::getHostAddress).orElse(null), settings.port());
            } catch (RuntimeException e) {
                throw PortUnavailable.from(settings, e).orElseThrow(() -> e);
            }
            return new Server(database, compaction, watcher, release, hub, webhooks, search, app, site, cache,
                    List.copyOf(routes));
        } catch (RuntimeException e) {
            search.close();
            release.close();
            webhooks.close();
            hub.close();
            watcher.close();
            compaction.close();
            database.close();
            throw e;
        }
    }

    public int port() {
        return app.port();
    }

    public Site site() {
        return site;
    }

    /** The rendered-document cache, for the figures it keeps (renders, hits, bytes). */
    public RenderCache cache() {
        return cache;
    }

    /** Every route of the route table, as {@code "GET /api/sections"}: what the OpenAPI contract is checked against. */
    public List<String> routes() {
        return routes;
    }

    @Override
    public void close() {
        app.stop();
        search.close();
        release.close();
        webhooks.close();
        hub.close();
        watcher.close();
        compaction.close();
        database.close();
    }
}
