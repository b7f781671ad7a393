package io.loa;

import io.javalin.Javalin;
import io.loa.background.Timers;
import io.loa.config.Configuration;
import io.loa.config.Settings;
import io.loa.config.Site;
import io.loa.http.RenderCache;
import io.loa.net.HostLookup;
import io.loa.ops.Metrics;
import io.loa.search.SearchIndex;
import java.net.InetAddress;
import java.time.Clock;
import java.util.List;

/**
 * A running Loa, built in the order its parts depend on one another: {@link Storage}, then the {@link Domain} on it,
 * then the {@link Web} on both. What each part starts goes on one {@link Lifecycle}, closed in reverse, once, by a
 * failed start and by {@link #close} alike.
 */
public final class Server implements AutoCloseable {

    private final Lifecycle lifecycle;
    private final Javalin app;
    private final Site site;
    private final RenderCache cache;
    private final List<String> routes;
    private final SearchIndex search;

    private Server(
            Lifecycle lifecycle, Javalin app, Site site, RenderCache cache, List<String> routes, SearchIndex search) {
        this.lifecycle = lifecycle;
        this.app = app;
        this.site = site;
        this.cache = cache;
        this.routes = routes;
        this.search = search;
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
        return start(Configuration.of(settings), clock, names);
    }

    public static Server start(Configuration configuration, Clock clock, HostLookup names) {
        Settings settings = configuration.settings();
        PortUnavailable.check(settings);
        Lifecycle lifecycle = new Lifecycle();
        try {
            Metrics metrics = new Metrics();
            Timers timers = new Timers(metrics.registry());
            Storage storage = Storage.open(settings, metrics, timers, lifecycle);
            Domain domain = Domain.start(configuration, clock, names, storage, metrics, timers, lifecycle);
            Web web = new Web(configuration, clock, storage, domain, metrics);
            Javalin app = web.app();
            domain.hub().start(web.topics(), settings.syncMillis());
            domain.follow(settings.syncMillis());
            listen(app, settings);
            lifecycle.add(app::stop);
            return new Server(lifecycle, app, configuration.site(), domain.cache(), web.routes(), domain.search());
        } catch (RuntimeException e) {
            lifecycle.closeAfter(e);
            throw e;
        }
    }

    private static void listen(Javalin app, Settings settings) {
        try {
            app.start(settings.bind().map(InetAddress::getHostAddress).orElse(null), settings.port());
        } catch (RuntimeException e) {
            throw PortUnavailable.from(settings, e).orElseThrow(() -> e);
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

    /** Whether the search index, loaded after the server starts to listen, answers searches yet. */
    public boolean searchLoaded() {
        return search.loaded();
    }

    /** Every route of the route table, as {@code "GET /api/sections"}: what the OpenAPI contract is checked against. */
    public List<String> routes() {
        return routes;
    }

    /** Stops listening (requests in flight finish first), then closes what the server started, last first. */
    @Override
    public void close() {
        lifecycle.close();
    }
}
