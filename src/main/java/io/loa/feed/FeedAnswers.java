package io.loa.feed;

import io.javalin.http.Context;
import io.loa.http.ConditionalGet;
import io.loa.http.ConditionalGet.Answer;
import io.loa.http.ConditionalGet.RequestHeaders;

/**
 * How a request for a feed document is answered, whichever way it arrives: ahead of the servlet layer
 * ({@link CachedFeedHandler}) or through the routes ({@link FeedRoutes}). The status, every header and the body
 * are decided here, so the two differ only in how they write them.
 */
public final class FeedAnswers {

    private final FeedCatalog catalog;
    private final HubLinks links;
    private final ConditionalGet http;

    public FeedAnswers(FeedCatalog catalog, HubLinks links, ConditionalGet http) {
        this.catalog = catalog;
        this.links = links;
        this.http = http;
    }

    /**
     * A GET ({@code head} false) or HEAD of a current document or an older page. The current document names its
     * hubs and itself in a Link header (WebSub discovery without parsing the body, every format alike).
     */
    Answer current(FeedKey key, RequestHeaders request, boolean head) {
        return http.answer(catalog.current(key), request, head, key.page() == 1 ? links.of(key) : null);
    }

    void current(Context ctx, FeedKey key) {
        ConditionalGet.write(ctx, current(key, ConditionalGet.requestHeaders(ctx), ConditionalGet.isHead(ctx)));
    }

    void archive(Context ctx, ArchiveKey key) {
        http.send(ctx, catalog.archive(key));
    }

    void opml(Context ctx) {
        http.send(ctx, catalog.opml());
    }
}
