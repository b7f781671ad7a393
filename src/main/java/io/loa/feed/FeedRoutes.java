package io.loa.feed;

import io.javalin.config.RoutesConfig;
import io.loa.article.FeedName;
import io.loa.http.GetAndHead;

/**
 * The feeds' routes, rendered once per change and served from memory (see {@link FeedPaths} for what each path
 * names, {@link FeedAnswers} for how it is answered).
 * <pre>
 * GET /feeds/{section}.rss|.atom|.json            the current document (RSS 2.0, Atom 1.0, JSON Feed 1.1)
 * GET /feeds/{section}.atom?page=2                older items, page by page (next / previous links)
 * GET /feeds/{section}/archive/2023-12.atom       every article of a month (RFC 5005 archive), also .rss
 * GET /feeds/author/nguyen-van-a.atom             the same for an author's articles: pages, archives
 * GET /feeds/tag/bien-dong.atom                   and for a tag's
 * GET /feeds.opml                                 every feed, for subscribing to the whole paper
 * </pre>
 * {@code {section}} is a configured section or {@code all}. An author's or a tag's feed exists while a live article is
 * in it.
 */
public final class FeedRoutes {

    private final FeedPaths paths;
    private final FeedAnswers answers;

    public FeedRoutes(FeedPaths paths, FeedAnswers answers) {
        this.paths = paths;
        this.answers = answers;
    }

    public void register(RoutesConfig routes) {
        for (FeedName.Kind kind : FeedName.Kind.values()) {
            GetAndHead.route(
                    routes,
                    FeedPaths.route(kind),
                    ctx -> answers.current(ctx, paths.page(kind, ctx.pathParam("file"), ctx.queryParam("page"))));
        }
        for (FeedName.Kind kind : FeedName.Kind.values()) {
            String slug = kind == FeedName.Kind.SECTION ? "feed" : "slug";
            GetAndHead.route(
                    routes,
                    FeedPaths.archiveRoute(kind),
                    ctx -> answers.archive(ctx, paths.archive(kind, ctx.pathParam(slug), ctx.pathParam("file"))));
        }
        GetAndHead.route(routes, "/feeds.opml", answers::opml);
    }
}
