package io.loa.http;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.Collections;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves a {@link Representation} the way HTTP caches and feed readers expect (RFC 9110, 9111): validators,
 * {@code 304 Not Modified} for {@code If-None-Match} or {@code If-Modified-Since}, gzip when the client accepts
 * it, {@code HEAD}, an exact {@code Content-Length}, and the document's Content-Security-Policy. Every cacheable
 * document of Loa goes out through here.
 */
public final class ConditionalGet {

    private static final Logger LOG = LoggerFactory.getLogger(ConditionalGet.class);
    private final Clock clock;

    public ConditionalGet(Clock clock) {
        this.clock = clock;
    }

    public void send(Context ctx, Representation doc) {
        HttpServletResponse res = ctx.res();
        boolean gzip = acceptsGzip(ctx.header("Accept-Encoding"));
        boolean browser = doc.browserType() != null && isBrowser(ctx.header("Accept"));
        res.setHeader("ETag", doc.etag(gzip, browser));
        res.setHeader("Vary", doc.browserType() == null ? "Accept-Encoding" : "Accept, Accept-Encoding");
        res.setHeader("Cache-Control", doc.cacheControl());
        res.setHeader("Access-Control-Allow-Origin", "*");
        if (doc.policy() != null) {
            res.setHeader("Content-Security-Policy", doc.policy());
        }
        Instant now = clock.instant();
        if (doc.lastModified() != null) {
            // A document dated ahead of the clock is dated now instead (RFC 9110, 8.8.2.1).
            res.setHeader("Last-Modified", doc.lastModified().isAfter(now)
                    ? HttpDates.IMF_FIXDATE.format(now) : doc.lastModifiedHeader());
        }
        if (notModified(ctx, doc, now)) {
            res.setStatus(304);
            return;
        }
        byte[] body = gzip ? doc.gzipped() : doc.body();
        res.setStatus(200);
        res.setContentType(browser ? doc.browserType() : doc.contentType());
        if (gzip) {
            res.setHeader("Content-Encoding", "gzip");
        }
        res.setContentLength(body.length);
        if (ctx.method() != HandlerType.HEAD) {
            try {
                res.getOutputStream().write(body);
            } catch (IOException clientGone) {
                // The reader hung up mid-response: nothing to answer, nothing wrong with Loa.
                LOG.debug("Client went away during {} {}", ctx.method(), ctx.path());
            }
        }
    }

    private static boolean notModified(Context ctx, Representation doc, Instant now) {
        String ifNoneMatch = String.join(",", Collections.list(ctx.req().getHeaders("If-None-Match")));
        if (!ifNoneMatch.isEmpty()) {
            // When both are sent, If-None-Match decides and If-Modified-Since is ignored (RFC 9110, 13.2.2).
            return matches(ifNoneMatch, doc);
        }
        if (doc.lastModified() == null) {
            return false;
        }
        return HttpDates.parse(ctx.header("If-Modified-Since"))
                .filter(since -> !since.isAfter(now)) // a date from the future is not a date the client saw
                .map(since -> !doc.lastModified().isAfter(since))
                .orElse(false);
    }

    /** Weak comparison, as If-None-Match requires: {@code W/"x"} matches {@code "x"}; {@code *} matches anything. */
    static boolean matches(String ifNoneMatch, Representation doc) {
        for (String tag : ifNoneMatch.split(",")) {
            String t = tag.strip();
            if (t.equals("*")) {
                return true;
            }
            if (t.startsWith("W/")) {
                t = t.substring(2);
            }
            if (doc.hasVariant(t)) {
                return true;
            }
        }
        return false;
    }

    /** A browser asks for HTML; a feed reader names feed types (or takes anything). */
    static boolean isBrowser(String accept) {
        if (accept == null) {
            return false;
        }
        String a = accept.toLowerCase(Locale.ROOT);
        return a.contains("text/html") && !a.contains("rss+xml") && !a.contains("atom+xml") && !a.contains("feed+json");
    }

    /** True when the client takes gzip: named with a non-zero q, or covered by a non-zero {@code *}. */
    static boolean acceptsGzip(String acceptEncoding) {
        if (acceptEncoding == null || acceptEncoding.isBlank()) {
            return false;
        }
        Double gzip = null;
        Double any = null;
        for (String part : acceptEncoding.toLowerCase(Locale.ROOT).split(",")) {
            String[] pieces = part.split(";");
            String coding = pieces[0].strip();
            double q = 1.0;
            for (int i = 1; i < pieces.length; i++) {
                String param = pieces[i].strip();
                if (param.startsWith("q=")) {
                    try {
                        q = Double.parseDouble(param.substring(2).strip());
                    } catch (NumberFormatException e) {
                        q = 0;
                    }
                }
            }
            if (coding.equals("gzip") || coding.equals("x-gzip")) {
                gzip = gzip == null ? q : Math.max(gzip, q);
            } else if (coding.equals("*")) {
                any = q;
            }
        }
        if (gzip != null) {
            return gzip > 0;
        }
        return any != null && any > 0;
    }
}
