package io.loa;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.compression.CompressionStrategy;
import io.javalin.config.JavalinConfig;
import io.javalin.http.staticfiles.Location;
import io.loa.article.ArticleListing;
import io.loa.config.CdnConfig;
import io.loa.config.Configuration;
import io.loa.config.Settings;
import io.loa.config.Site;
import io.loa.delivery.ReceiptRoutes;
import io.loa.dispatch.DispatchChannel;
import io.loa.fediverse.FediverseRoutes;
import io.loa.fediverse.InboxRoutes;
import io.loa.feed.CachedFeedHandler;
import io.loa.feed.FeedAnswers;
import io.loa.feed.FeedCatalog;
import io.loa.feed.FeedPaths;
import io.loa.feed.FeedRoutes;
import io.loa.feed.FeedTopics;
import io.loa.feed.HubLinks;
import io.loa.feed.SearchFeeds;
import io.loa.feed.SectionList;
import io.loa.http.CdnHeaders;
import io.loa.http.ConditionalGet;
import io.loa.http.JsonBody;
import io.loa.http.JsonResponse;
import io.loa.http.ProblemErrorHandler;
import io.loa.http.SecurityHeaders;
import io.loa.indexnow.KeyFile;
import io.loa.ingest.ArticleRoutes;
import io.loa.ingest.OpenApiDocument;
import io.loa.net.TrustedProxies;
import io.loa.ops.AudienceRoutes;
import io.loa.ops.Metrics;
import io.loa.ops.OpsRoutes;
import io.loa.ops.RequestLog;
import io.loa.page.ErrorPages;
import io.loa.page.PageRoutes;
import io.loa.search.SearchResults;
import io.loa.sitemap.SitemapRoutes;
import io.loa.webhook.WebhookRoutes;
import io.loa.websub.HubRoutes;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jetty.server.handler.GracefulHandler;

/** Loa's HTTP face: every group of routes, built on the domain, and the one route table that registers them. */
final class Web {

    private final Problems problems;
    private final SectionList sections;
    private final ArticleRoutes articles;
    private final SearchFeeds searchFeeds;
    private final FeedPaths feedPaths;
    private final FeedAnswers feedAnswers;
    private final FeedRoutes feeds;
    private final PageRoutes pages;
    private final SitemapRoutes sitemaps;
    private final HubRoutes hub;
    private final WebhookRoutes webhooks;
    private final ReceiptRoutes receipts;
    private final OpsRoutes ops;
    private final AudienceRoutes audience;
    private final TrustedProxies proxies;
    private final OpenApiDocument openApi;
    private final Optional<KeyFile> indexNowKey;
    private final Optional<FediverseRoutes> fediverse;
    private final Optional<InboxRoutes> inboxes;
    private final FeedTopics topics;
    private final ConditionalGet conditionalGet;
    private final RequestLog requestLog;
    private final List<String> routes = new ArrayList<>();

    Web(Configuration configuration, Clock clock, Storage storage, Domain domain, Metrics metrics) {
        Settings settings = configuration.settings();
        Site site = configuration.site();
        ObjectMapper json = new ObjectMapper();
        JsonResponse jsonResponse = new JsonResponse(json);
        conditionalGet = new ConditionalGet(clock, cdnHeaders(site.cdn()));
        requestLog = new RequestLog(metrics, settings.accessLog());
        problems = new Problems(json, new ErrorPages(site));
        sections = new SectionList(site, jsonResponse);
        articles = new ArticleRoutes(
                site,
                domain.articles(),
                domain.writes(),
                domain.tokens(),
                new JsonBody(json, settings.maxBodyBytes()),
                jsonResponse);
        feedPaths = new FeedPaths(site);
        HubLinks hubLinks = new HubLinks(site, feedPaths);
        FeedCatalog feedCatalog =
                new FeedCatalog(site, domain.articles(), domain.feedChanges(), domain.cache(), feedPaths);
        feedAnswers = new FeedAnswers(feedCatalog, hubLinks, conditionalGet, domain.audience());
        proxies = TrustedProxies.of(site.clients().trustedProxies());
        feeds = new FeedRoutes(feedPaths, feedAnswers);
        SearchResults searchResults = new SearchResults(domain.search(), domain.articles());
        searchFeeds = new SearchFeeds(
                site, domain.articles(), domain.feedChanges(), searchResults, domain.searchCache(), conditionalGet);
        fediverse = site.fediverse().enabled()
                ? Optional.of(new FediverseRoutes(
                        site, domain.articles(), domain.fediverse(), domain.cache(), conditionalGet))
                : Optional.empty();
        inboxes = site.fediverse().enabled() ? Optional.of(domain.federation().routes()) : Optional.empty();
        pages = new PageRoutes(
                site,
                domain.articles(),
                searchResults,
                domain.cache(),
                domain.searchCache(),
                conditionalGet,
                fediverse);
        sitemaps = new SitemapRoutes(
                site, new ArticleListing(storage.database().dsl()), domain.cache(), conditionalGet, clock);
        topics = new FeedTopics(site, feedPaths, feedCatalog, hubLinks);
        hub = new HubRoutes(domain.hub(), topics, domain.tokens(), jsonResponse);
        webhooks = new WebhookRoutes(
                site,
                domain.webhooks().endpoints(),
                domain.tokens(),
                new JsonBody(json, settings.maxBodyBytes()),
                jsonResponse);
        // Each channel that acts on the stream's changes tells what it did with them.
        receipts = new ReceiptRoutes(
                domain.stream()::latestFor,
                List.of(
                        domain.hub().receipts(),
                        domain.webhooks().receipts(),
                        domain.dispatch().receipts(DispatchChannel.PURGE),
                        domain.dispatch().receipts(DispatchChannel.INDEXNOW),
                        domain.dispatch().receipts(DispatchChannel.FEDIVERSE)),
                domain.articles(),
                domain.writes(),
                domain.tokens(),
                jsonResponse);
        ops = new OpsRoutes(storage.database(), metrics, jsonResponse);
        audience = new AudienceRoutes(
                domain.audience(), domain.fediverse().followers()::countsByActor, domain.tokens(), jsonResponse);
        openApi = new OpenApiDocument(site, json, conditionalGet);
        indexNowKey = site.indexNow().map(KeyFile::new);
    }

    /** The route table: every group of routes, and how errors and security headers answer on all of them. */
    private void routes(JavalinConfig config) {
        problems.register(config);
        SecurityHeaders.register(config);
        sections.register(config.routes);
        articles.register(config.routes);
        searchFeeds.register(config.routes);
        feeds.register(config.routes);
        pages.register(config.routes);
        sitemaps.register(config.routes);
        hub.register(config.routes);
        webhooks.register(config.routes);
        receipts.register(config.routes);
        ops.register(config.routes);
        audience.register(config.routes);
        openApi.register(config.routes);
        indexNowKey.ifPresent(key -> key.register(config.routes));
        fediverse.ifPresent(routes -> routes.register(config.routes));
        inboxes.ifPresent(routes -> routes.register(config.routes));
    }

    /** The WebSub topics: the documents of every feed, as readers get them. */
    FeedTopics topics() {
        return topics;
    }

    /** Every route registered, as {@code "GET /api/sections"}, once {@link #app} has been made. */
    List<String> routes() {
        return List.copyOf(routes);
    }

    /** The web server, not yet listening, with Jetty's own answers and the fast path for feeds in front of it. */
    Javalin app() {
        return Javalin.create(config -> {
            config.events.handlerAdded(route -> routes.add(route.getHttpMethod() + " " + route.getPath()));
            config.startup.showJavalinBanner = false;
            // Feeds are compressed once when rendered, never per request.
            config.http.compressionStrategy = CompressionStrategy.NONE;
            config.http.generateEtags = false;
            config.http.prefer405over404 = true;
            // One URL per document: /feeds/all.rss/ is not a second name of /feeds/all.rss but a 404.
            config.router.ignoreTrailingSlashes = false;
            config.requestLogger.http(requestLog::record);
            // Who the client is, for every route that asks (ctx.ip()): the proxies trusted say, or the peer.
            config.contextResolver.ip = ctx -> proxies.client(
                    ctx.req().getRemoteAddr(),
                    name -> Collections.list(ctx.req().getHeaders(name)));
            config.jetty.modifyServer(server -> {
                // On stop, requests in flight finish (up to the timeout) before connections close.
                server.setStopTimeout(10_000);
                // Readers' polls of current feeds are answered ahead of the servlet layer and the routes.
                server.insertHandler(new CachedFeedHandler(feedPaths, feedAnswers, requestLog, proxies));
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
            routes(config);
        });
    }

    /** site.yaml's {@code cdn:} as the headers documents send. */
    private static CdnHeaders cdnHeaders(CdnConfig cdn) {
        return new CdnHeaders(
                cdn.keyHeaders().stream().map(CdnHeaders.KeyHeader::named).toList(),
                cdn.sharedMaxAge(),
                cdn.staleWhileRevalidate(),
                cdn.staleIfError());
    }
}
