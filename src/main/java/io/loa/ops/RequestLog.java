package io.loa.ops;

import io.javalin.http.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One structured line per request, as key=value pairs: method, route, path, status, duration and bytes.
 * Headers are never logged, so tokens never reach the logs.
 */
public final class RequestLog {

    private static final Logger LOG = LoggerFactory.getLogger("io.loa.access");
    private final Metrics metrics;
    private final boolean log;

    public RequestLog(Metrics metrics, boolean log) {
        this.metrics = metrics;
        this.log = log;
    }

    public void record(Context ctx, float millis) {
        String route = route(ctx);
        metrics.request(ctx, millis, route);
        if (log && LOG.isInfoEnabled()) {
            LOG.info("method={} route={} path=\"{}\" status={} ms={} bytes={}", ctx.method(), route,
                    ctx.path().replace("\"", "%22"), ctx.statusCode(), String.format("%.2f", millis),
                    ctx.res().getHeader("Content-Length"));
        }
    }

    private static String route(Context ctx) {
        try {
            return ctx.endpoint().path;
        } catch (RuntimeException noEndpoint) {
            return "unmatched";
        }
    }
}
