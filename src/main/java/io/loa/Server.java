package io.loa;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.compression.CompressionStrategy;
import io.javalin.http.staticfiles.Location;
import io.loa.article.ArticleStore;
import io.loa.config.ConfigLoader;
import io.loa.config.Site;
import io.loa.db.Database;
import io.loa.demo.DemoContent;
import io.loa.feed.FeedKey;
import io.loa.feed.FeedRoutes;
import io.loa.http.ConditionalGet;
import io.loa.http.JsonBody;
import io.loa.http.JsonResponse;
import io.loa.http.Problems;
import io.loa.http.RenderCache;
import io.loa.ingest.ArticleRoutes;
import io.loa.page.PageRoutes;
import io.loa.token.TokenStore;
import java.time.Clock;

/** A running Loa: wires every part with {@code new}, the one route table, and the database it owns. */
public final class Server implements AutoCloseable {

    private final Database database;
    private final Javalin app;
    private final Site site;
    private final RenderCache cache;

    private Server(Database database, Javalin app, Site site, RenderCache cache) {
        this.database = database;
        this.app = app;
        this.site = site;
        this.cache = cache;
    }

    /** Reads the config, migrates the database, loads the demo if asked and the database is empty, and listens. */
    public static Server start(Settings settings, Clock clock) {
        Site site = ConfigLoader.withBaseUrl(
                new ConfigLoader().load(settings.configDir()), settings.baseUrl(), settings.port());
        Database database = Database.open(settings.dbUrl(), settings.dbUser(), settings.dbPassword());
        try {
            ObjectMapper json = new ObjectMapper();
            RenderCache cache = new RenderCache(settings.cacheBytes());
            ArticleStore articles = new ArticleStore(database.dsl(), clock, change -> cache.invalidate(key ->
                    key instanceof FeedKey feed && feed.changedBy(change)
                            || key instanceof PageRoutes.PageKey page && page.changedBy(change)));
            TokenStore tokens = new TokenStore(database.dsl(), clock);
            if (settings.demo()) {
                DemoContent.loadIfEmpty(articles, json, site);
            }
            JsonResponse jsonResponse = new JsonResponse(json);
            ArticleRoutes articleRoutes = new ArticleRoutes(site, articles, tokens,
                    new JsonBody(json, settings.maxBodyBytes()), jsonResponse);
            ConditionalGet conditionalGet = new ConditionalGet(clock);
            FeedRoutes feedRoutes = new FeedRoutes(site, articles, cache, conditionalGet);
            PageRoutes pageRoutes = new PageRoutes(site, articles, cache, conditionalGet);
            Problems problems = new Problems(json);

            Javalin app = Javalin.create(config -> {
                config.startup.showJavalinBanner = false;
                // Feeds are compressed once when rendered, never per request.
                config.http.compressionStrategy = CompressionStrategy.NONE;
                config.http.generateEtags = false;
                config.http.prefer405over404 = true;
                config.staticFiles.add(files -> {
                    files.hostedPath = "/demo/images";
                    files.directory = "/demo/images";
                    files.location = Location.CLASSPATH;
                    files.precompressMaxSize = 0;
                });
                problems.register(config);
                articleRoutes.register(config.routes);
                feedRoutes.register(config.routes);
                pageRoutes.register(config.routes);
            });
            app.start(settings.port());
            return new Server(database, app, site, cache);
        } catch (RuntimeException e) {
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

    @Override
    public void close() {
        app.stop();
        database.close();
    }
}
