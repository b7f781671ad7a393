package io.loa.feed;

import io.loa.http.ConditionalGet;
import io.loa.http.Representation;
import io.loa.http.SecurityHeaders;
import io.loa.ops.RequestLog;
import java.util.List;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;

/**
 * Answers {@code GET} and {@code HEAD} of a feed's current document ({@code /feeds/thoi-su.rss},
 * {@code /feeds/tag/bien-dong.rss}, no query) straight
 * from the render cache, ahead of the servlet container and Javalin's routing. That is most of Loa's traffic:
 * readers polling, mostly answered 304. The answer is the one {@link FeedRoutes} gives, decided by the same
 * {@link ConditionalGet}: the feed, or for a browser the feed's HTML page, which is cached with it. Every other
 * request, and any failure here, goes on to the routes.
 */
public final class CachedFeedHandler extends Handler.Wrapper {

    private final FeedRoutes feeds;
    private final ConditionalGet http;
    private final RequestLog log;

    public CachedFeedHandler(FeedRoutes feeds, ConditionalGet http, RequestLog log) {
        this.feeds = feeds;
        this.http = http;
        this.log = log;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        long start = System.nanoTime();
        String method = request.getMethod();
        boolean head = HttpMethod.HEAD.is(method);
        FeedKey key = feeds.currentDocument(request.getHttpURI().getPath()).orElse(null);
        if (key == null || request.getHttpURI().getQuery() != null || !(head || HttpMethod.GET.is(method))) {
            return super.handle(request, response, callback);
        }
        Representation doc;
        try {
            doc = feeds.current(key);
        } catch (RuntimeException e) {
            return super.handle(request, response, callback); // the routes answer it, as a problem if it is one
        }
        HttpFields headers = request.getHeaders();
        ConditionalGet.Answer answer = http.answer(doc, new ConditionalGet.RequestHeaders() {
            @Override
            public String first(String name) {
                return headers.get(name);
            }

            @Override
            public List<String> all(String name) {
                return headers.getValuesList(name);
            }
        }, head);
        HttpFields.Mutable out = response.getHeaders();
        response.setStatus(answer.status());
        answer.headers(out::put);
        if (answer.status() == 304) {
            SecurityHeaders.removeFrom(out);
        } else {
            out.put(HttpHeader.CONTENT_LENGTH, answer.contentLength());
            out.put(HttpHeader.LINK, feeds.linkHeader(key));
        }
        // Logged under the routes' own template, so metrics do not depend on who answered.
        log.record(method, FeedRoutes.route(key), key.format().path(key.feed()), answer.status(),
                (System.nanoTime() - start) / 1e6f, answer.contentLength());
        response.write(true, answer.body() == null ? BufferUtil.EMPTY_BUFFER : answer.variant().content(answer.gzip()),
                callback);
        return true;
    }
}
