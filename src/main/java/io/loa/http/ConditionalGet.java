package io.loa.http;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpFields;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves a {@link Representation} the way HTTP caches and feed readers expect (RFC 9110, 9111): validators,
 * {@code 304 Not Modified} for {@code If-None-Match} or {@code If-Modified-Since}, gzip when the client accepts
 * it, {@code HEAD}, an exact {@code Content-Length}, and the document's Content-Security-Policy; and, for a
 * document that has an HTML page for browsers, which of the two the client asked for. Every cacheable document of
 * Loa goes out through here.
 */
public final class ConditionalGet {

    private static final Logger LOG = LoggerFactory.getLogger(ConditionalGet.class);
    /**
     * The types feed readers ask a feed by, beside its own. A client that takes one of them as readily as HTML
     * gets the feed: {@code application/xml} decides it for a client that names it ahead of {@code text/html}.
     */
    private static final List<String> FEED_TYPES = List.of(
            "application/rss+xml",
            "application/atom+xml",
            "application/feed+json",
            "application/xml",
            "text/xml",
            "application/json");
    /** One member of a list of entity tags, with the comma after it (RFC 9110, 8.8.3 and 5.6.1). */
    private static final Pattern ENTITY_TAG =
            Pattern.compile("\\G[ \\t]*(?:(W/)?(\"[\\x21\\x23-\\x7E\\x80-\\xFF]*\"))?[ \\t]*(?:,|\\z)");

    /**
     * Header values whose decision is kept, at most: readers send the same few values poll after poll, and parsing
     * one costs more than the rest of a 304.
     */
    private static final int DECISIONS_KEPT = 1_000;
    /** Longer values are decided anew each time, so the decisions kept stay small. */
    private static final int LONGEST_KEPT = 256;

    private final Clock clock;
    private final CdnHeaders cdn;
    private final Map<String, Boolean> gzipByAcceptEncoding = new ConcurrentHashMap<>();
    private final Map<HtmlChoice, Boolean> htmlByAccept = new ConcurrentHashMap<>();

    /** Whether a client sending {@code accept} gets the HTML page in place of a document of media type {@code type}. */
    private record HtmlChoice(String accept, String type) {}

    /** @param cdn what documents tell the shared caches in front of Loa */
    public ConditionalGet(Clock clock, CdnHeaders cdn) {
        this.clock = clock;
        this.cdn = cdn;
    }

    /** The request headers conditional GET reads, from whichever layer serves the request. */
    public interface RequestHeaders {

        /** The first value of the header, or null. */
        String first(String name);

        /** Every value of the header, in order (a header may be sent several times). */
        List<String> all(String name);
    }

    /**
     * How to answer a request for a document: its status, every header, and its body. Whichever layer a request
     * arrives by writes exactly this.
     *
     * @param variant what is answered: the document, or the page a browser gets in its place
     * @param contentLength the length of the content; 0 in a 304
     * @param link the document's {@code Link} header (RFC 8288), or null
     * @param body the bytes to send: null for a 304 or a HEAD
     * @param cdn what the answer tells shared caches of the variant
     */
    public record Answer(
            int status,
            Representation variant,
            String etag,
            String vary,
            String cacheControl,
            String lastModified,
            String contentType,
            boolean gzip,
            int contentLength,
            String policy,
            String link,
            byte[] body,
            CdnHeaders cdn) {

        /** The same answer, varying by other request headers: {@code vary} names them all. */
        public Answer varying(String otherVary) {
            return new Answer(
                    status,
                    variant,
                    etag,
                    otherVary,
                    cacheControl,
                    lastModified,
                    contentType,
                    gzip,
                    contentLength,
                    policy,
                    link,
                    body,
                    cdn);
        }

        /**
         * Every header of the answer. A 304 carries only what RFC 9110 (15.4.5) asks of it and what updates a
         * cache's stored copy: ETag, Vary, Cache-Control, Last-Modified, a page's policy, and what shared caches
         * read (a CDN revalidating its copy takes the keys and lifetimes of the 304 as the copy's).
         */
        public void headers(BiConsumer<String, String> header) {
            header.accept("ETag", etag);
            header.accept("Vary", vary);
            header.accept("Cache-Control", cacheControl);
            cdn.write(variant, header);
            if (lastModified != null) {
                header.accept("Last-Modified", lastModified);
            }
            if (policy != null) {
                header.accept("Content-Security-Policy", policy);
            }
            if (status == 304) {
                return;
            }
            header.accept("Access-Control-Allow-Origin", "*");
            header.accept("Content-Type", contentType);
            if (gzip) {
                header.accept("Content-Encoding", "gzip");
            }
            header.accept("Content-Length", String.valueOf(contentLength));
            if (link != null) {
                header.accept("Link", link);
            }
        }

        /** Every header of the answer, as {@link #headers} names them, onto a response of Jetty's own. */
        public void addTo(HttpFields.Mutable headers) {
            variant.encodedHeaders(this).addTo(headers);
        }
    }

    /** Decides the answer to a GET ({@code head} false) or HEAD of {@code doc}. */
    public Answer answer(Representation doc, RequestHeaders request, boolean head) {
        return answer(doc, request, head, null);
    }

    /** The same for a document that names related resources in a {@code Link} header, sent with its content. */
    public Answer answer(Representation doc, RequestHeaders request, boolean head, String link) {
        Representation variant =
                doc.page() != null && wantsPage(request.all("Accept"), doc.contentType()) ? doc.page() : doc;
        boolean gzip = wantsGzip(request.first("Accept-Encoding"));
        String vary = doc.page() == null ? "Accept-Encoding" : "Accept, Accept-Encoding";
        Instant now = clock.instant();
        // A document dated ahead of the clock is dated now instead (RFC 9110, 8.8.2.1).
        Instant modified = variant.lastModified();
        String lastModified = modified == null
                ? null
                : modified.isAfter(now) ? HttpDates.IMF_FIXDATE.format(now) : variant.lastModifiedHeader();
        String etag = variant.etag(gzip);
        if (notModified(request, variant, now)) {
            return new Answer(
                    304,
                    variant,
                    etag,
                    vary,
                    variant.cacheControl(),
                    lastModified,
                    null,
                    false,
                    0,
                    variant.policy(),
                    null,
                    null,
                    cdn);
        }
        byte[] body = gzip ? variant.gzipped() : variant.body();
        return new Answer(
                200,
                variant,
                etag,
                vary,
                variant.cacheControl(),
                lastModified,
                variant.contentType(),
                gzip,
                body.length,
                variant.policy(),
                link,
                head ? null : body,
                cdn);
    }

    /** Answers through Javalin: for the documents that are not served ahead of it (see the feeds' fast path). */
    public void send(Context ctx, Representation doc) {
        write(ctx, answer(doc, requestHeaders(ctx), isHead(ctx)));
    }

    /**
     * Answers with one of the documents a URL has for clients that ask by {@code Accept} for different types (an
     * article's page, and its ActivityStreams object for fediverse servers): each says caches must keep one copy per
     * {@code Accept}, so none hands the page to a server or the object to a browser.
     */
    public void sendNegotiated(Context ctx, Representation doc) {
        write(ctx, answer(doc, requestHeaders(ctx), isHead(ctx)).varying("Accept, Accept-Encoding"));
    }

    /** The headers of a request that Javalin serves. */
    public static RequestHeaders requestHeaders(Context ctx) {
        HttpServletRequest req = ctx.req();
        return new RequestHeaders() {
            @Override
            public String first(String name) {
                return req.getHeader(name);
            }

            @Override
            public List<String> all(String name) {
                return Collections.list(req.getHeaders(name));
            }
        };
    }

    public static boolean isHead(Context ctx) {
        return ctx.method() == HandlerType.HEAD;
    }

    /** Writes the answer as it is through Javalin: its status, its headers, its body. */
    public static void write(Context ctx, Answer answer) {
        HttpServletResponse res = ctx.res();
        res.setStatus(answer.status());
        // Javalin's default type goes: the answer names its own, or none in a 304.
        res.setContentType(null);
        answer.headers(res::setHeader);
        if (answer.body() != null) {
            try {
                res.getOutputStream().write(answer.body());
            } catch (IOException clientGone) {
                // The reader hung up mid-response: nothing to answer, nothing wrong with Loa.
                LOG.debug("Client went away during {} {}", ctx.method(), ctx.path());
            }
        }
    }

    private boolean wantsPage(List<String> accept, String type) {
        if (accept.isEmpty()) {
            return false; // a client that names no type takes anything, and gets the document
        }
        String header = accept.size() == 1 ? accept.get(0) : String.join(",", accept);
        return decided(htmlByAccept, new HtmlChoice(header, type), header, c -> prefersHtml(c.accept(), c.type()));
    }

    private boolean wantsGzip(String acceptEncoding) {
        return acceptEncoding != null
                && decided(gzipByAcceptEncoding, acceptEncoding, acceptEncoding, ConditionalGet::acceptsGzip);
    }

    /** What {@code decide} says of {@code key}, kept for the next request that sends the same {@code header}. */
    private static <K> boolean decided(Map<K, Boolean> kept, K key, String header, Predicate<K> decide) {
        Boolean known = kept.get(key);
        if (known != null) {
            return known;
        }
        boolean decision = decide.test(key);
        if (header.length() <= LONGEST_KEPT && kept.size() < DECISIONS_KEPT) {
            kept.put(key, decision);
        }
        return decision;
    }

    private static boolean notModified(RequestHeaders request, Representation doc, Instant now) {
        List<String> ifNoneMatch = request.all("If-None-Match");
        if (ifNoneMatch.size() == 1 && doc.hasVariant(ifNoneMatch.get(0))) {
            return true; // the one tag the reader was given, sent back as it was: nothing to parse
        }
        if (!ifNoneMatch.isEmpty()) {
            // When both are sent, If-None-Match decides and If-Modified-Since is ignored (RFC 9110, 13.2.2).
            return matches(String.join(",", ifNoneMatch), doc::hasVariant);
        }
        if (doc.lastModified() == null) {
            return false;
        }
        return HttpDates.parse(request.first("If-Modified-Since"))
                .filter(since -> !since.isAfter(now)) // a date from the future is not a date the client saw
                .map(since -> !doc.lastModified().isAfter(since))
                .orElse(false);
    }

    /**
     * Weak comparison, as If-None-Match requires (RFC 9110, 8.8.3.2): {@code W/"x"} matches {@code "x"}; {@code *}
     * matches anything. {@code current} says whether an entity tag (without {@code W/}) names the representation
     * the server has. A header that does not follow the grammar of 13.1.2 matches nothing.
     */
    public static boolean matches(String ifNoneMatch, Predicate<String> current) {
        return matches(ifNoneMatch, true, current);
    }

    /** Strong comparison, as If-Match requires (13.1.1): a weak tag matches nothing; {@code *} matches anything. */
    public static boolean matchesStrongly(String ifMatch, Predicate<String> current) {
        return matches(ifMatch, false, current);
    }

    private static boolean matches(String header, boolean weak, Predicate<String> current) {
        if (header == null) {
            return false;
        }
        if (header.strip().equals("*")) {
            return true;
        }
        // "*" / #entity-tag: a list member is [ "W/" ] DQUOTE *etagc DQUOTE, and etagc takes commas too.
        Matcher member = ENTITY_TAG.matcher(header);
        boolean matched = false;
        while (member.find()) {
            String tag = member.group(2);
            if (tag != null && (weak || member.group(1) == null) && current.test(tag)) {
                matched = true;
            }
            if (member.end() == header.length()) {
                return matched;
            }
        }
        return false;
    }

    /**
     * True when the client would rather have HTML than the document of media type {@code type}: it gives
     * {@code text/html} a higher weight than that type and than every type feed readers ask by. A browser's
     * {@code text/html,application/xhtml+xml,application/xml;q=0.9,*}{@code /*;q=0.8} does; a tie goes to the
     * document, so a client that takes anything ({@code *}{@code /*}, or no Accept at all) gets the feed.
     */
    static boolean prefersHtml(String accept, String type) {
        QualityValues weights = QualityValues.parse(accept);
        double html = weights.mediaType("text/html");
        return html > 0
                && weights.mediaType(type) < html
                && FEED_TYPES.stream().allMatch(feed -> weights.mediaType(feed) < html);
    }

    /** True when the client takes gzip: named with a non-zero q, or covered by a non-zero {@code *}. */
    static boolean acceptsGzip(String acceptEncoding) {
        QualityValues weights = QualityValues.parse(acceptEncoding);
        Double gzip = weights.listed("gzip");
        Double xGzip = weights.listed("x-gzip");
        if (gzip != null || xGzip != null) {
            return Math.max(gzip == null ? 0 : gzip, xGzip == null ? 0 : xGzip) > 0;
        }
        Double any = weights.listed("*");
        return any != null && any > 0;
    }
}
