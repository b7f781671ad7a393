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
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * A rendered document, ready to serve many times: its bytes, a gzip copy made once (when first asked for),
 * strong ETags derived from the bytes, and the header values every response repeats, formatted once.
 */
public final class Representation {

    private final byte[] body;
    private volatile byte[] gzipped;
    /** Off-heap copies, made on first use: a socket writes them as they are, where a heap array is copied first. */
    private volatile ByteBuffer direct;
    private volatile ByteBuffer directGzipped;
    private final String etag;
    private final Instant lastModified;
    private final String lastModifiedHeader;
    private final String contentType;
    private final String browserType;
    private final String cacheControl;
    private final String policy;

    private Representation(byte[] body, String contentType, String browserType, String policy, Instant lastModified,
                           int maxAgeSeconds) {
        this.body = body;
        this.etag = etagOf(body);
        this.lastModified = lastModified == null ? null : lastModified.truncatedTo(ChronoUnit.SECONDS);
        this.lastModifiedHeader = this.lastModified == null ? null
                : HttpDates.IMF_FIXDATE.format(this.lastModified);
        this.contentType = contentType;
        this.browserType = browserType;
        this.cacheControl = "public, max-age=" + maxAgeSeconds;
        this.policy = policy;
    }

    /** @param lastModified when the content last changed, or null when that is unknown */
    public static Representation of(byte[] body, String contentType, Instant lastModified, int maxAgeSeconds) {
        return new Representation(body, contentType, null, null, lastModified, maxAgeSeconds);
    }

    /**
     * A document that browsers get under another media type: a feed that browsers only render (with its
     * stylesheet) when it is plain XML, while feed readers want its own type.
     */
    public static Representation of(byte[] body, String contentType, String browserType, Instant lastModified,
                                    int maxAgeSeconds) {
        return new Representation(body, contentType, browserType, null, lastModified, maxAgeSeconds);
    }

    /** An HTML page, which browsers render under {@code policy}, its Content-Security-Policy. */
    public static Representation html(byte[] body, String policy, Instant lastModified, int maxAgeSeconds) {
        return new Representation(body, "text/html; charset=utf-8", null, policy, lastModified, maxAgeSeconds);
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
     * The validator of one variant. Each encoding, and the browsers' media type, is its own representation and
     * needs its own strong validator (RFC 9110, 8.8.3): {@code "hash"}, {@code "hash-gz"}, {@code "hash-b"},
     * {@code "hash-gz-b"}.
     */
    String etag(boolean gzip, boolean browser) {
        return etag.substring(0, etag.length() - 1) + (gzip ? "-gz" : "") + (browser ? "-b" : "") + "\"";
    }

    /** True when {@code tag} names any variant: they all carry this same content. */
    boolean hasVariant(String tag) {
        return tag.equals(etag(false, false)) || tag.equals(etag(true, false)) || tag.equals(etag(false, true))
                || tag.equals(etag(true, true));
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

    /** The media type for browsers, or null when everyone gets {@link #contentType()}. */
    String browserType() {
        return browserType;
    }

    String cacheControl() {
        return cacheControl;
    }

    /** The Content-Security-Policy browsers render it under, or null for a document that is not a page. */
    String policy() {
        return policy;
    }

    /** The bytes of one encoding, off the heap, ready to write to a socket: a view of its own for each caller. */
    public ByteBuffer content(boolean gzip) {
        ByteBuffer copy = gzip ? directGzipped : direct;
        if (copy == null) {
            synchronized (this) {
                copy = gzip ? directGzipped : direct;
                if (copy == null) {
                    byte[] bytes = gzip ? gzipped() : body;
                    copy = ByteBuffer.allocateDirect(bytes.length).put(bytes).flip().asReadOnlyBuffer();
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

    /** Roughly the memory it holds, for the cache's budget: its bytes, their gzip copy, and both off the heap. */
    public int weight() {
        return 2 * (body.length + body.length / 3) + 512;
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
