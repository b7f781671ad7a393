package io.loa.page;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.loa.article.ArticleReads;
import io.loa.article.FeedName;
import io.loa.article.Slugs;
import io.loa.config.Messages;
import io.loa.config.Site;
import io.loa.fault.NotFound;
import io.loa.fediverse.FediverseRoutes;
import io.loa.feed.FeedLinks;
import io.loa.feed.FeedPaths;
import io.loa.http.ConditionalGet;
import io.loa.http.GetAndHead;
import io.loa.http.RenderCache;
import io.loa.search.SearchKey;
import io.loa.search.SearchQuery;
import io.loa.search.SearchResults;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Loa's own HTML pages, cached and served like the feeds.
 * <pre>
 * GET /                  every section with its feeds, and autodiscovery links to all of them
 * GET /sections/{slug}   a section's latest headlines and its feeds
 * GET /authors/{slug}    an author's latest articles and feeds, while the author has a live article
 * GET /tags/{slug}       a tag's likewise
 * GET /articles/{slug}   an article that has no canonical URL elsewhere, so every link in every feed resolves
 * GET /search?q=dan+van  the newest articles holding every word, typed with diacritics or without
 * </pre>
 */
public final class PageRoutes {

    private static final Pattern SLUG = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");

    private final Site site;
    private final Pages pages;
    private final SearchPage search;
    private final RenderCache cache;
    private final RenderCache searchCache;
    private final ConditionalGet http;
    private final Optional<FediverseRoutes> fediverse;

    /**
     * @param fediverse the site on the fediverse, if it is there: an article's page then answers fediverse servers
     *     with the article's object
     * @param searchCache where search pages are kept, apart from the rest: anyone can ask for any number of them */
    public PageRoutes(
            Site site,
            ArticleReads store,
            SearchResults results,
            RenderCache cache,
            RenderCache searchCache,
            ConditionalGet http,
            Optional<FediverseRoutes> fediverse) {
        this.site = site;
        Messages messages = Messages.of(site);
        this.pages = new Pages(site, store, messages, fediverse);
        this.search = new SearchPage(site, results, messages);
        this.cache = cache;
        this.searchCache = searchCache;
        this.http = http;
        this.fediverse = fediverse;
    }

    public void register(RoutesConfig routes) {
        GetAndHead.route(routes, "/", ctx -> http.send(ctx, cache.get(new PageKey.Home(), pages::home)));
        GetAndHead.route(routes, "/sections/{slug}", this::section);
        GetAndHead.route(routes, "/authors/{slug}", ctx -> named(ctx, FeedName.author(ctx.pathParam("slug"))));
        GetAndHead.route(routes, "/tags/{slug}", ctx -> named(ctx, FeedName.tag(ctx.pathParam("slug"))));
        GetAndHead.route(routes, "/articles/{slug}", this::article);
        GetAndHead.route(routes, FeedLinks.SEARCH_PAGE, this::search);
    }

    private void search(Context ctx) {
        String q = ctx.queryParam("q");
        if (q == null) {
            http.send(ctx, searchCache.get(new SearchKey("", "html", 1), search::form));
            return;
        }
        SearchQuery query = SearchQuery.parse(q);
        int number = SearchResults.page(ctx.queryParam("page"), SearchResults.PER_PAGE);
        http.send(
                ctx, searchCache.get(new SearchKey(query.text(), "html", number), () -> search.results(query, number)));
    }

    private void section(Context ctx) {
        String slug = ctx.pathParam("slug");
        if (!site.hasSection(slug)) {
            throw new NotFound("There is no section \"" + slug + "\".");
        }
        http.send(ctx, cache.get(new PageKey.Headlines(slug), () -> pages.section(slug)));
    }

    private void named(Context ctx, FeedName feed) {
        // A name no author or tag can have is refused before the cache or the database is asked.
        if (!Slugs.isName(feed.slug())) {
            throw new NotFound(FeedPaths.absent(feed));
        }
        http.send(ctx, cache.get(new PageKey.Headlines(feed.name()), () -> pages.named(feed)));
    }

    private void article(Context ctx) {
        String slug = ctx.pathParam("slug");
        // Checked before the cache is consulted, so made-up names never take room in it.
        if (!SLUG.matcher(slug).matches()) {
            throw new NotFound("There is no article \"" + slug + "\".");
        }
        if (fediverse.isEmpty()) {
            http.send(ctx, cache.get(new PageKey.Article(slug), () -> pages.article(slug)));
        } else if (FediverseRoutes.wantsObject(ctx)) {
            fediverse.get().article(ctx, slug);
        } else {
            http.sendNegotiated(ctx, cache.get(new PageKey.Article(slug), () -> pages.article(slug)));
        }
    }
}
