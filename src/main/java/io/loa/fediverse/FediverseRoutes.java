package io.loa.fediverse;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.loa.article.Article;
import io.loa.article.ArticleReads;
import io.loa.config.Site;
import io.loa.fault.NotFound;
import io.loa.http.ConditionalGet;
import io.loa.http.GetAndHead;
import io.loa.http.RenderCache;
import java.util.Optional;
import java.util.function.Function;

/**
 * The site on the fediverse, over HTTP: each account's profile, outbox and followers, each article's object, and how
 * other servers find them.
 * <pre>
 * GET /ap/site                                  the site's account (also /ap/sections/{slug}, /ap/authors/{slug})
 * GET /ap/sections/thoi-su/outbox?page=1        its Create activities, newest first, 20 a page
 * GET /ap/sections/thoi-su/followers            how many follow it
 * GET /ap/articles/{slug}                       an article's object; also its page, /articles/{slug}, when asked
 *                                               for application/activity+json
 * GET /.well-known/webfinger?resource=acct:thoi-su@baohatinh.vn
 * GET /.well-known/host-meta, /.well-known/nodeinfo, /nodeinfo/2.1
 * </pre>
 */
public final class FediverseRoutes {

    private final Site site;
    private final Actors actors;
    private final ActivityDocuments documents;
    private final Discovery discovery;
    private final ConditionalGet http;

    public FediverseRoutes(
            Site site, ArticleReads articles, Fediverse fediverse, RenderCache cache, ConditionalGet http) {
        this.site = site;
        this.actors = fediverse.actors();
        this.documents = new ActivityDocuments(site, articles, fediverse, cache);
        this.discovery = new Discovery(site, fediverse.actors(), articles, cache);
        this.http = http;
    }

    public void register(RoutesConfig routes) {
        account(routes, "/ap/site", ctx -> actors.site());
        account(
                routes,
                "/ap/sections/{slug}",
                ctx -> actors.section(ctx.pathParam("slug"))
                        .orElseThrow(() -> new NotFound("There is no section \"" + ctx.pathParam("slug") + "\".")));
        account(
                routes,
                "/ap/authors/{slug}",
                ctx -> actors.author(ctx.pathParam("slug"))
                        .orElseThrow(() -> new NotFound("There is no author \"" + ctx.pathParam("slug") + "\".")));
        GetAndHead.route(routes, "/ap/articles/{slug}", ctx -> http.send(ctx, documents.object(ctx.pathParam("slug"))));
        routes.before("/.well-known/webfinger", ctx -> ctx.header("Access-Control-Allow-Origin", "*"));
        GetAndHead.route(
                routes,
                "/.well-known/webfinger",
                ctx -> http.send(ctx, discovery.webfinger(ctx.queryParam("resource"))));
        GetAndHead.route(routes, "/.well-known/host-meta", ctx -> http.send(ctx, discovery.hostMeta()));
        GetAndHead.route(routes, "/.well-known/nodeinfo", ctx -> http.send(ctx, discovery.nodeInfoLinks()));
        GetAndHead.route(routes, "/nodeinfo/2.1", ctx -> http.send(ctx, discovery.nodeInfo()));
    }

    /** An account's profile at {@code path}, and its outbox and followers under it. */
    private void account(RoutesConfig routes, String path, Function<Context, Actor> actor) {
        GetAndHead.route(routes, path, ctx -> http.send(ctx, documents.profile(actor.apply(ctx))));
        GetAndHead.route(
                routes,
                path + "/outbox",
                ctx -> http.send(ctx, documents.outbox(actor.apply(ctx), ctx.queryParam("page"))));
        GetAndHead.route(routes, path + "/followers", ctx -> {
            byte[] body = documents.followers(actor.apply(ctx));
            ctx.status(200)
                    .contentType(ActivityStreams.MEDIA_TYPE)
                    .header("Cache-Control", "public, max-age=60")
                    .header("Content-Length", String.valueOf(body.length))
                    .result(body);
        });
    }

    /**
     * Answers an article's page or object with the object, saying that the URL answers by {@code Accept}: the page
     * (HTML) is the other answer. 404 for an article no reader can see.
     */
    public void article(Context ctx, String slug) {
        http.sendNegotiated(ctx, documents.object(slug));
    }

    /** The URL of the article's object as its page links to it ({@code <link rel="alternate">}). */
    public String objectUrl(String slug) {
        return site.url("/ap/articles/" + slug);
    }

    /** The handle of the article's author ({@code @nguyen-van-an@baohatinh.vn}), when it has an author with one. */
    public Optional<String> creator(Article article) {
        return article.authorSlug().isEmpty() ? Optional.empty() : actors.mention(actors.attributedTo(article));
    }

    /** Whether the request asks for the ActivityStreams object rather than the page. */
    public static boolean wantsObject(Context ctx) {
        return Negotiation.wantsActivity(ctx.header("Accept"));
    }
}
