package io.loa.http;

import java.util.List;
import java.util.Locale;
import java.util.function.BiConsumer;

/**
 * What Loa tells the shared caches in front of it (Varnish, Fastly, Cloudflare) on every document they may keep:
 * the surrogate keys it holds, by which a purge finds it, and how long they may keep and serve it.
 * <pre>
 * Surrogate-Key: feed:thoi-su                     Fastly (space-separated)
 * Cache-Tag: feed:thoi-su                         Cloudflare (comma-separated)
 * xkey: feed:thoi-su                              Varnish's vmod_xkey (space-separated)
 * Surrogate-Control: max-age=86400, stale-while-revalidate=60, stale-if-error=86400     Fastly, Varnish with Loa's VCL
 * CDN-Cache-Control: max-age=86400, stale-while-revalidate=60, stale-if-error=86400     RFC 9213: Cloudflare
 * </pre>
 * The lifetimes go to shared caches alone, which the purge channel reaches: readers' own caches keep
 * {@code Cache-Control}'s {@code max-age}, and a {@code private} document (a feed's HTML page) gets none of
 * these. Every value is formatted once: the lifetimes here, the keys in the
 * {@link Representation}.
 */
public final class CdnHeaders {

    /** The headers that can carry a document's keys, each as its cache reads it. */
    public enum KeyHeader {
        SURROGATE_KEY("Surrogate-Key", false),
        CACHE_TAG("Cache-Tag", true),
        XKEY("xkey", false);

        private final String header;
        private final boolean commas;

        KeyHeader(String header, boolean commas) {
            this.header = header;
            this.commas = commas;
        }

        /** The header's name as its cache spells it. */
        public String header() {
            return header;
        }

        /** The key header named {@code name}, in any case; null when there is none. */
        public static KeyHeader named(String name) {
            for (KeyHeader h : values()) {
                if (h.header.toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))) {
                    return h;
                }
            }
            return null;
        }
    }

    /** Nothing for shared caches: no keys, no lifetimes of their own. */
    public static final CdnHeaders NONE = new CdnHeaders(List.of(), -1, 0, 0);

    private final List<KeyHeader> keyHeaders;
    private final String sharedControl;

    /**
     * @param sharedMaxAge seconds a shared cache may keep a document; negative for no shared lifetime at all
     * @param staleWhileRevalidate seconds past that it may serve it while it asks Loa again (RFC 5861)
     * @param staleIfError seconds past that it may serve it while Loa answers with an error or not at all
     */
    public CdnHeaders(List<KeyHeader> keyHeaders, int sharedMaxAge, int staleWhileRevalidate, int staleIfError) {
        this.keyHeaders = List.copyOf(keyHeaders);
        this.sharedControl = sharedMaxAge < 0
                ? null
                : "max-age=" + sharedMaxAge
                        + (staleWhileRevalidate > 0 ? ", stale-while-revalidate=" + staleWhileRevalidate : "")
                        + (staleIfError > 0 ? ", stale-if-error=" + staleIfError : "");
    }

    /** The headers for shared caches of {@code variant}, in a 200 and in a 304 alike. */
    void write(Representation variant, BiConsumer<String, String> header) {
        if (!variant.shared()) {
            return;
        }
        if (sharedControl != null) {
            header.accept("Surrogate-Control", sharedControl);
            header.accept("CDN-Cache-Control", sharedControl);
        }
        if (variant.keysBySpace() == null) {
            return;
        }
        for (KeyHeader h : keyHeaders) {
            header.accept(h.header, h.commas ? variant.keysByComma() : variant.keysBySpace());
        }
    }
}
