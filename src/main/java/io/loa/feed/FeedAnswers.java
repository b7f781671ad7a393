package io.loa.feed;

import io.javalin.http.Context;
import io.loa.audience.Audience;
import io.loa.audience.Fetcher;
import io.loa.fault.Throttled;
import io.loa.http.ConditionalGet;
import io.loa.http.ConditionalGet.Answer;
import io.loa.http.ConditionalGet.RequestHeaders;

/**
 * How a request for a feed document is answered, whichever way it arrives: ahead of the servlet layer
 * ({@link CachedFeedHandler}) or through the routes ({@link FeedRoutes}). The status, every header and the body
 * are decided here, so the two differ only in how they write them; and every request for a current document is
 * told to the {@link Audience} here, once, whichever way it came.
 */
public final class FeedAnswers {

    /**
     * The request attribute under which the fast path hands the routes a request it refused: they answer the
     * refusal as a problem without counting the request a second time.
     */
    static final String REFUSED = FeedAnswers.class.getName() + ".refused";

    private final FeedCatalog catalog;
    private final HubLinks links;
    private final ConditionalGet http;
    private final Audience audience;

    public FeedAnswers(FeedCatalog catalog, HubLinks links, ConditionalGet http, Audience audience) {
        this.catalog = catalog;
        this.links = links;
        this.http = http;
        this.audience = audience;
    }

    /**
     * A GET ({@code head} false) or HEAD of a current document or an older page. The current document names its
     * hubs and itself in a Link header (WebSub discovery without parsing the body, every format alike). A request
     * for it is counted by who made it, and refused ({@link Throttled}) when it polls too fast.
     *
     * @param client the client's address, as the trusted proxies tell it
     */
    Answer current(FeedKey key, RequestHeaders request, boolean head, String client) {
        if (key.page() != 1) {
            return http.answer(catalog.current(key), request, head, null);
        }
        String userAgent = request.first("User-Agent");
        String format = key.format().extension();
        boolean conditional = request.first("If-None-Match") != null || request.first("If-Modified-Since") != null;
        Fetcher fetcher = audience.arrived(key.feed(), format, client, userAgent, conditional);
        Answer answer = http.answer(catalog.current(key), request, head, links.of(key));
        audience.answered(key.feed(), format, fetcher, userAgent, answer.status());
        return answer;
    }

    void current(Context ctx, FeedKey key) {
        if (ctx.attribute(REFUSED) instanceof Throttled refused) {
            throw refused;
        }
        ConditionalGet.write(
                ctx, current(key, ConditionalGet.requestHeaders(ctx), ConditionalGet.isHead(ctx), ctx.ip()));
    }

    void archive(Context ctx, ArchiveKey key) {
        http.send(ctx, catalog.archive(key));
    }

    void opml(Context ctx) {
        http.send(ctx, catalog.opml());
    }
}
