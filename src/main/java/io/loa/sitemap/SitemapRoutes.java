package io.loa.sitemap;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.loa.article.ArticleListing;
import io.loa.config.Site;
import io.loa.fault.NotFound;
import io.loa.http.ConditionalGet;
import io.loa.http.GetAndHead;
import io.loa.http.RenderCache;
import io.loa.http.Representation;
import java.time.Clock;
import java.time.Instant;

/**
 * What search engines read: robots.txt and the sitemaps, rendered once per change into the render cache and served
 * like the feeds (ETag, Last-Modified, 304, gzip, HEAD).
 * <pre>
 * GET /robots.txt                        who may crawl what, and where the sitemaps are
 * GET /sitemap.xml                       the index: every month's sitemap, and the pages' sitemap
 * GET /sitemaps/articles-2026-12.xml     a month's articles with their images; -2, -3 … past 50,000
 * GET /sitemaps/pages.xml                the home page, sections, authors and tags
 * GET /sitemaps/news.xml                 Google News: the articles of the last two days
 * </pre>
 */
public final class SitemapRoutes {

    private final Site site;
    private final Sitemaps sitemaps;
    private final RenderCache cache;
    private final ConditionalGet http;
    private final Clock clock;
    /** When the cached news sitemap's oldest article leaves its window: no write tells of that. */
    private volatile Instant newsStaleAt = Instant.MAX;

    public SitemapRoutes(Site site, ArticleListing listing, RenderCache cache, ConditionalGet http, Clock clock) {
        this.site = site;
        this.sitemaps = new Sitemaps(site, listing, site.title());
        this.cache = cache;
        this.http = http;
        this.clock = clock;
    }

    public void register(RoutesConfig routes) {
        GetAndHead.route(
                routes,
                "/robots.txt",
                ctx -> http.send(ctx, cache.get(new SitemapKey.Robots(), () -> Robots.render(site))));
        GetAndHead.route(
                routes, "/sitemap.xml", ctx -> http.send(ctx, cache.get(new SitemapKey.Index(), sitemaps::index)));
        GetAndHead.route(routes, SitemapFile.DIRECTORY + "{file}", this::file);
    }

    private void file(Context ctx) {
        String file = ctx.pathParam("file");
        SitemapKey key =
                SitemapFile.parse(file).orElseThrow(() -> new NotFound("There is no sitemap \"" + file + "\"."));
        Representation doc;
        if (key instanceof SitemapKey.Month month) {
            doc = cache.get(month, () -> sitemaps.month(month.month(), month.part()));
        } else if (key instanceof SitemapKey.Pages) {
            doc = cache.get(key, () -> sitemaps.pages(clock.instant()));
        } else {
            doc = news();
        }
        http.send(ctx, doc);
    }

    private Representation news() {
        Instant now = clock.instant();
        if (!now.isBefore(newsStaleAt)) {
            cache.invalidate(key -> key instanceof SitemapKey.News);
        }
        return cache.get(new SitemapKey.News(), () -> {
            Sitemaps.News news = sitemaps.news(now);
            newsStaleAt = news.staleAt();
            return news.doc();
        });
    }
}
