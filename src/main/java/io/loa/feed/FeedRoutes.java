package io.loa.feed;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.loa.article.Article;
import io.loa.article.ArticleStore;
import io.loa.config.Site;
import io.loa.http.ConditionalGet;
import io.loa.http.ProblemException;
import io.loa.http.RenderCache;
import io.loa.http.Representation;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * The feeds: {@code GET /feeds/{section}.rss} (RSS 2.0) and {@code GET /feeds/{section}.atom} (Atom 1.0), for
 * each configured section and for {@code all} of them together. Rendered once per change and served from memory.
 */
public final class FeedRoutes {

    private final Site site;
    private final ArticleStore store;
    private final FeedRenderer renderer;
    private final RenderCache cache;
    private final ConditionalGet http;

    public FeedRoutes(Site site, ArticleStore store, RenderCache cache, ConditionalGet http) {
        this.site = site;
        this.store = store;
        this.renderer = new FeedRenderer(site);
        this.cache = cache;
        this.http = http;
    }

    public void register(RoutesConfig routes) {
        routes.get("/feeds/{file}", this::feed);
        routes.head("/feeds/{file}", this::feed);
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
        Instant newest = articles.stream().map(Article::updated).max(Instant::compareTo)
                // An empty feed is dated by the site's newest update: plausible, and the same on every instance.
                .or(store::lastUpdated).orElse(Instant.EPOCH);
        // Deletions and moves date no article, so the feed's own change time counts for Last-Modified too.
        Instant lastModified = store.lastChange(all ? Set.of() : Set.of(key.feed()))
                .filter(changed -> changed.isAfter(newest)).orElse(newest);
        byte[] body = renderer.render(spec, articles, newest, key.format());
        return Representation.of(body, key.format().mediaType(), lastModified, spec.maxAge());
    }
}
