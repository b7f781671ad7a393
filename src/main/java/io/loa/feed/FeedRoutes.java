package io.loa.feed;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.loa.article.Article;
import io.loa.article.ArticleStore;
import io.loa.article.Change;
import io.loa.article.ChangeSensitive;
import io.loa.article.Tombstone;
import io.loa.config.Site;
import io.loa.http.ConditionalGet;
import io.loa.http.ProblemException;
import io.loa.http.RenderCache;
import io.loa.http.Representation;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The feeds: {@code GET /feeds/{section}.rss} (RSS 2.0), {@code .atom} (Atom 1.0) and {@code .json} (JSON Feed
 * 1.1) for each configured section and for {@code all} of them together, and {@code GET /feeds.opml} listing
 * them all. Rendered once per change and served from memory.
 */
public final class FeedRoutes {

    private final Site site;
    private final ArticleStore store;
    private final FeedRenderer renderer;
    private final Opml opml;
    private final RenderCache cache;
    private final ConditionalGet http;

    public FeedRoutes(Site site, ArticleStore store, RenderCache cache, ConditionalGet http) {
        this.site = site;
        this.store = store;
        this.renderer = new FeedRenderer(site);
        this.opml = new Opml(site);
        this.cache = cache;
        this.http = http;
    }

    /** The OPML list names feeds only, which the config alone decides: no write changes it. */
    record OpmlKey() implements ChangeSensitive {
        @Override
        public boolean changedBy(Change change) {
            return false;
        }
    }

    public void register(RoutesConfig routes) {
        routes.get("/feeds/{file}", this::feed);
        routes.head("/feeds/{file}", this::feed);
        routes.get("/feeds.opml", this::opml);
        routes.head("/feeds.opml", this::opml);
    }

    private void opml(Context ctx) {
        http.send(ctx, cache.get(new OpmlKey(), () ->
                Representation.of(opml.render(), "text/x-opml; charset=utf-8", null, site.maxAge())));
    }

    private void feed(Context ctx) {
        FeedKey key = key(ctx.pathParam("file"));
        http.send(ctx, cache.get(key, () -> render(key)));
    }

    /** Checked before the cache is consulted, so made-up names never take room in it. */
    private FeedKey key(String file) {
        int dot = file.lastIndexOf('.');
        FeedFormat format = FeedFormat.byExtension(dot < 0 ? "" : file.substring(dot + 1)).orElseThrow(() ->
                ProblemException.notFound("There is no feed \"" + file + "\"; feeds end in .rss, .atom or .json."));
        String feed = file.substring(0, dot);
        if (!Site.ALL.equals(feed) && !site.hasSection(feed)) {
            throw ProblemException.notFound("There is no section \"" + feed + "\".");
        }
        return new FeedKey(feed, format, 1);
    }

    Representation render(FeedKey key) {
        boolean all = Site.ALL.equals(key.feed());
        FeedSpec spec = all ? FeedSpec.all(site) : FeedSpec.of(site.section(key.feed()).orElseThrow(), site);
        List<Article> articles = all
                ? store.latest(site.itemsPerFeed())
                : store.latestIn(key.feed(), site.itemsPerFeed());
        // Deletions and moves date no article, so the feed's own change time counts for Last-Modified too.
        Optional<Instant> changed = store.lastChange(all ? Set.of() : Set.of(key.feed()));
        Instant newestItem = articles.stream().map(Article::updated).max(Instant::compareTo)
                // An empty feed is dated by the site's newest update: plausible, and the same on every instance.
                .or(store::lastUpdated).orElse(Instant.EPOCH);
        Instant lastModified = changed.filter(c -> c.isAfter(newestItem)).orElse(newestItem);
        // Counted back from the feed's own last change, not from "now", so the document stays deterministic.
        List<Tombstone> tombstones = store.deletedSince(all ? null : key.feed(),
                lastModified.minus(Duration.ofDays(site.tombstoneDays())), site.itemsPerFeed());
        Instant updated = tombstones.stream().map(Tombstone::deleted).filter(d -> d.isAfter(newestItem))
                .findFirst().orElse(newestItem);
        byte[] body = renderer.render(spec, articles, tombstones, updated, key.format());
        return Representation.of(body, key.format().mediaType(), lastModified, spec.maxAge());
    }
}
