package io.loa.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * A rendered document, ready to serve many times: its bytes, a gzip copy made once (when first asked for),
 * strong ETags derived from the bytes, and the header values every response repeats, formatted once. A feed also
 * holds the HTML page browsers get in its place, rendered with it: one cache entry, dropped as one. A document names
 * what it holds for shared caches by its surrogate keys ({@code feed:thoi-su}), given when it is rendered and
 * joined here once, as each header that carries them spells a list (see {@link CdnHeaders}).
 */
public final class Representation {

    private final byte[] body;
    private volatile byte[] gzipped;
    /** Off-heap copies, made on first use: a socket writes them as they are, where a heap array is copied first. */
    private volatile ByteBuffer direct;

    private volatile ByteBuffer directGzipped;
    private final String etag;
    private final String gzipEtag;
    private final Instant lastModified;
    private final String lastModifiedHeader;
    private final String contentType;
    private final int maxAgeSeconds;
    private final String cacheControl;
    private final String policy;
    private final Representation page;
    private final boolean shared;
    /** The surrogate keys, separated by spaces and by commas; null when it has none. */
    private final String keysBySpace;

    private final String keysByComma;
    /** The header fields of its latest answers, by status (304 or 200) and encoding: see {@link EncodedHeaders}. */
    private final AtomicReferenceArray<EncodedHeaders> encoded = new AtomicReferenceArray<>(4);

    private Representation(
            byte[] body,
            String contentType,
            String policy,
            Representation page,
            Instant lastModified,
            int maxAgeSeconds,
            boolean shared,
            List<String> keys) {
        this.body = body;
        this.etag = etagOf(body);
        this.gzipEtag = etag.substring(0, etag.length() - 1) + "-gz\"";
        this.lastModified = lastModified == null ? null : lastModified.truncatedTo(ChronoUnit.SECONDS);
        this.lastModifiedHeader = this.lastModified == null ? null : HttpDates.IMF_FIXDATE.format(this.lastModified);
        this.contentType = contentType;
        this.maxAgeSeconds = maxAgeSeconds;
        this.cacheControl = (shared ? "public" : "private") + ", max-age=" + maxAgeSeconds;
        this.policy = policy;
        this.page = page;
        this.shared = shared;
        this.keysBySpace = keys.isEmpty() ? null : String.join(" ", keys);
        this.keysByComma = keys.isEmpty() ? null : String.join(",", keys);
    }

    /**
     * @param lastModified when the content last changed, or null when that is unknown
     * @param keys the surrogate keys of what it holds (see {@code io.loa.cdn.SurrogateKeys}), none for a document
     *     that no write changes
     */
    public static Representation of(
            byte[] body, String contentType, Instant lastModified, int maxAgeSeconds, String... keys) {
        return new Representation(body, contentType, null, null, lastModified, maxAgeSeconds, true, List.of(keys));
    }

    /**
     * A document that people in a browser get as {@code page} instead, at the same URL: a feed, which readers
     * fetch and browsers would show as text. The page is kept out of shared caches ({@code private}): a cache
     * that ignores {@code Vary: Accept}, as some CDNs do, can then only ever hold the document itself, and never
     * answers a feed reader with the page. The page holds what the document holds: it has the document's keys.
     */
    public static Representation of(
            byte[] body,
            String contentType,
            Representation page,
            Instant lastModified,
            int maxAgeSeconds,
            String... keys) {
        Representation unshared = new Representation(
                page.body,
                page.contentType,
                page.policy,
                null,
                page.lastModified,
                page.maxAgeSeconds,
                false,
                List.of(keys));
        return new Representation(body, contentType, null, unshared, lastModified, maxAgeSeconds, true, List.of(keys));
    }

    /**
     * An HTML page, which browsers render under {@code policy}, its Content-Security-Policy. Its type is spelled
     * as the servlet layer spells it, so a page reads the same whichever layer serves it.
     */
    public static Representation html(
            byte[] body, String policy, Instant lastModified, int maxAgeSeconds, String... keys) {
        return new Representation(
                body, "text/html;charset=utf-8", policy, null, lastModified, maxAgeSeconds, true, List.of(keys));
    }

    /** A strong ETag derived from the bytes alone: the same content gives the same tag everywhere. */
    public static String etagOf(byte[] bytes) {
        return "\"" + Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(sha256(bytes), 18)) + "\"";
    }

    public byte[] body() {
        return body;
    }

    /** The gzip copy, made by the first request that asks for it and kept: once per change, never per request. */
    public byte[] gzipped() {
        byte[] copy = gzipped;
        if (copy == null) {
            synchronized (this) {
                copy = gzipped;
                if (copy == null) {
                    copy = gzip(body);
                    gzipped = copy;
                }
            }
        }
        return copy;
    }

    /** The validator of the identity bytes as served to feed readers. */
    public String etag() {
        return etag;
    }

    /**
     * The validator of one encoding. Each is its own representation and needs its own strong validator
     * (RFC 9110, 8.8.3): {@code "hash"}, {@code "hash-gz"}. The page browsers get instead has tags of its own,
     * derived from its own bytes.
     */
    String etag(boolean gzip) {
        return gzip ? gzipEtag : etag;
    }

    /** True when {@code tag} names either encoding: they carry this same content. */
    boolean hasVariant(String tag) {
        return tag.equals(etag) || tag.equals(gzipEtag);
    }

    public Instant lastModified() {
        return lastModified;
    }

    String lastModifiedHeader() {
        return lastModifiedHeader;
    }

    public String contentType() {
        return contentType;
    }

    /** The HTML page people in a browser get instead, or null when everyone gets this document. */
    Representation page() {
        return page;
    }

    String cacheControl() {
        return cacheControl;
    }

    /** False for what only the reader's own cache may keep ({@code private}), such as a feed's page. */
    boolean shared() {
        return shared;
    }

    /** The surrogate keys as one space-separated list ({@code feed:thoi-su article:a1}), or null when it has none. */
    String keysBySpace() {
        return keysBySpace;
    }

    /** The same keys separated by commas, as {@code Cache-Tag} lists them; or null. */
    String keysByComma() {
        return keysByComma;
    }

    /** The Content-Security-Policy browsers render it under, or null for a document that is not a page. */
    public String policy() {
        return policy;
    }

    /** The header fields of {@code answer}, an answer of this document, encoded: once while they stay the same. */
    EncodedHeaders encodedHeaders(ConditionalGet.Answer answer) {
        int slot = (answer.status() == 304 ? 0 : 2) + (answer.gzip() ? 1 : 0);
        EncodedHeaders kept = encoded.get(slot);
        EncodedHeaders fields = EncodedHeaders.of(answer, kept);
        if (fields != kept) {
            encoded.set(slot, fields);
        }
        return fields;
    }

    /** The bytes of one encoding, off the heap, ready to write to a socket: a view of its own for each caller. */
    public ByteBuffer content(boolean gzip) {
        ByteBuffer copy = gzip ? directGzipped : direct;
        if (copy == null) {
            synchronized (this) {
                copy = gzip ? directGzipped : direct;
                if (copy == null) {
                    byte[] bytes = gzip ? gzipped() : body;
                    copy = ByteBuffer.allocateDirect(bytes.length)
                            .put(bytes)
                            .flip()
                            .asReadOnlyBuffer();
                    if (gzip) {
                        directGzipped = copy;
                    } else {
                        direct = copy;
                    }
                }
            }
        }
        return copy.duplicate();
    }

    /**
     * Roughly the memory it holds, for the cache's budget: its bytes, their gzip copy, and both off the heap; and
     * the same of its page.
     */
    public int weight() {
        return 2 * (body.length + body.length / 3) + 512 + (page == null ? 0 : page.weight());
    }

    private static byte[] gzip(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length / 4 + 64);
        // Compressed once per change and served many times: the best ratio is worth its CPU here.
        try (GZIPOutputStream gz = new GZIPOutputStream(out) {
            {
                def.setLevel(Deflater.BEST_COMPRESSION);
            }
        }) {
            gz.write(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static byte[] sha256(byte[] body) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(body);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
