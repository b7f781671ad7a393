package io.loa.feed;

import io.loa.fault.Throttled;
import io.loa.http.ConditionalGet;
import io.loa.net.TrustedProxies;
import io.loa.ops.RequestLog;
import java.util.List;
import org.eclipse.jetty.http.HttpFields;
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
 * readers polling, mostly answered 304. The path is read by the same {@link FeedPaths} and the answer decided by
 * the same {@link FeedAnswers} as the routes': the feed, or for a browser the feed's HTML page, which is cached with
 * it. Every other request, and any failure here, goes on to the routes, which answer it as a problem if it is one.
 */
public final class CachedFeedHandler extends Handler.Wrapper {

    private final FeedPaths paths;
    private final FeedAnswers answers;
    private final RequestLog log;
    private final TrustedProxies proxies;

    public CachedFeedHandler(FeedPaths paths, FeedAnswers answers, RequestLog log, TrustedProxies proxies) {
        this.paths = paths;
        this.answers = answers;
        this.log = log;
        this.proxies = proxies;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        long start = System.nanoTime();
        String method = request.getMethod();
        boolean head = HttpMethod.HEAD.is(method);
        FeedKey key = request.getHttpURI().getQuery() != null || !(head || HttpMethod.GET.is(method))
                ? null
                : paths.current(request.getHttpURI().getPath()).orElse(null);
        if (key == null) {
            return super.handle(request, response, callback);
        }
        HttpFields headers = request.getHeaders();
        String client = proxies.client(Request.getRemoteAddr(request), headers::getValuesList);
        ConditionalGet.Answer answer;
        try {
            answer = answers.current(
                    key,
                    new ConditionalGet.RequestHeaders() {
                        @Override
                        public String first(String name) {
                            return headers.get(name);
                        }

                        @Override
                        public List<String> all(String name) {
                            return headers.getValuesList(name);
                        }
                    },
                    head,
                    client);
        } catch (RuntimeException e) {
            if (e instanceof Throttled refused) {
                request.setAttribute(FeedAnswers.REFUSED, refused); // counted once, here
            }
            return super.handle(request, response, callback); // the routes answer it, as a problem if it is one
        }
        response.setStatus(answer.status());
        answer.addTo(response.getHeaders());
        // Logged under the routes' own template, so metrics do not depend on who answered.
        log.record(
                method,
                FeedPaths.route(key),
                key.format().path(key.feed()),
                answer.status(),
                (System.nanoTime() - start) / 1e6f,
                answer.contentLength(),
                client);
        response.write(
                true,
                answer.body() == null
                        ? BufferUtil.EMPTY_BUFFER
                        : answer.variant().content(answer.gzip()),
                callback);
        return true;
    }
}
