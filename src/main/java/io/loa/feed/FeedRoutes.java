package io.loa.feed;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.loa.article.Article;
import io.loa.article.ArticleStore;
import io.loa.config.Site;
import io.loa.http.ProblemException;
import java.time.Instant;
import java.util.List;

/**
 * The feeds: {@code GET /feeds/{section}.rss} (RSS 2.0) and {@code GET /feeds/{section}.atom} (Atom 1.0), for
 * each configured section and for {@code all} of them together.
 */
public final class FeedRoutes {

    private final Site site;
    private final ArticleStore store;
    private final FeedRenderer renderer;

    public FeedRoutes(Site site, ArticleStore store) {
        this.site = site;
        this.store = store;
        this.renderer = new FeedRenderer(site);
    }

    public void register(RoutesConfig routes) {
        routes.get("/feeds/{file}", this::feed);
        routes.head("/feeds/{file}", this::feed);
    }

    private void feed(Context ctx) {
        String file = ctx.pathParam("file");
        int dot = file.lastIndexOf('.');
        FeedFormat format = FeedFormat.byExtension(dot < 0 ? "" : file.substring(dot + 1))
                .orElseThrow(() -> ProblemException.notFound("There is no feed \"" + file + "\"; feeds end in .rss or .atom."));
        String key = file.substring(0, dot);
        FeedSpec spec = Site.ALL.equals(key) ? FeedSpec.all(site)
                : site.section(key).map(s -> FeedSpec.of(s, site))
                        .orElseThrow(() -> ProblemException.notFound("There is no section \"" + key + "\"."));
        List<Article> articles = Site.ALL.equals(key)
                ? store.latest(site.itemsPerFeed())
                : store.latestIn(key, site.itemsPerFeed());
        // An empty feed is dated by the site's newest update: plausible, and the same on every instance.
        Instant updated = articles.stream().map(Article::updated).max(Instant::compareTo)
                .or(store::lastUpdated).orElse(Instant.EPOCH);
        byte[] body = renderer.render(spec, articles, updated, format);
        ctx.contentType(format.mediaType())
                .header("Content-Length", String.valueOf(body.length))
                .header("Cache-Control", "public, max-age=300")
                .header("Access-Control-Allow-Origin", "*")
                .result(body);
    }
}
