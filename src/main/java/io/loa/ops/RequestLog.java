package io.loa.ops;

import io.javalin.http.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One structured line per request, as key=value pairs: method, route, path, status, duration, the bytes of body
 * sent ({@code -} for a body sent in chunks, whose length was not known beforehand) and the client's address (as the
 * trusted proxies tell it), and the request's count and time in the metrics. Headers are never logged, so tokens never reach the logs.
 */
public final class RequestLog {

    private static final Logger LOG = LoggerFactory.getLogger("io.loa.access");
    private final Metrics metrics;
    private final boolean log;

    public RequestLog(Metrics metrics, boolean log) {
        this.metrics = metrics;
        this.log = log;
    }

    /** For requests Javalin answered. */
    public void record(Context ctx, float millis) {
        String length = ctx.res().getHeader("Content-Length");
        record(
                ctx.method().name(),
                route(ctx),
                ctx.path(),
                ctx.statusCode(),
                millis,
                length == null ? -1 : Long.parseLong(length),
                ctx.ip());
    }

    /**
     * For any request: {@code route} is the route template, never the raw path, so metrics stay few.
     *
     * @param contentLength the length of the representation, -1 when it is not known (a body sent in chunks)
     * @param client the client's address, as the trusted proxies tell it
     */
    public void record(
            String method, String route, String path, int status, float millis, long contentLength, String client) {
        metrics.request(method, route, status, millis);
        if (log && LOG.isInfoEnabled()) {
            // Built by hand: String.format and the logger's {} placeholders cost more than serving a cached feed.
            StringBuilder line = new StringBuilder(96 + path.length())
                    .append("method=")
                    .append(method)
                    .append(" route=")
                    .append(route)
                    .append(" path=\"");
            for (int i = 0; i < path.length(); i++) {
                char c = path.charAt(i);
                if (c == '"') {
                    line.append("%22");
                } else {
                    line.append(c);
                }
            }
            line.append("\" status=").append(status).append(" ms=");
            appendHundredths(line, millis);
            line.append(" bytes=");
            // The bytes of body sent: none for HEAD and the statuses that have no body (RFC 9110, 6.4.1).
            if (method.equals("HEAD") || status == 304 || status == 204 || status < 200) {
                line.append(0);
            } else if (contentLength >= 0) {
                line.append(contentLength);
            } else {
                line.append('-');
            }
            line.append(" client=").append(client);
            LOG.info(line.toString());
        }
    }

    /** {@code 12.34}: what {@code String.format("%.2f")} writes, without its cost. */
    static void appendHundredths(StringBuilder line, float millis) {
        long hundredths = Math.round(millis * 100.0);
        line.append(hundredths / 100).append('.');
        long fraction = hundredths % 100;
        if (fraction < 10) {
            line.append('0');
        }
        line.append(fraction);
    }

    private static String route(Context ctx) {
        try {
            return ctx.endpoint().path;
        } catch (RuntimeException noEndpoint) {
            return "unmatched";
        }
    }
}
