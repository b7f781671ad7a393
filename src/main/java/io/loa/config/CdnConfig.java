package io.loa.config;

import java.util.List;

/**
 * What Loa's documents tell the shared caches in front of it (Varnish, Fastly, Cloudflare): site.yaml's {@code cdn:}.
 *
 * @param keyHeaders the headers that name each document's surrogate keys: {@code Surrogate-Key} (Fastly),
 *     {@code Cache-Tag} (Cloudflare), {@code xkey} (Varnish); none sends no keys
 * @param sharedMaxAge seconds a shared cache may keep a document ({@code Surrogate-Control} and
 *     {@code CDN-Cache-Control} max-age); by default the site's {@code maxAge}
 * @param staleWhileRevalidate seconds past that a shared cache may serve its copy while it asks Loa again
 * @param staleIfError seconds past that a shared cache may serve its copy while Loa is down or failing (RFC 5861)
 */
public record CdnConfig(List<String> keyHeaders, int sharedMaxAge, int staleWhileRevalidate, int staleIfError) {

    /**
     * Every key header: each is a few dozen bytes, a cache that does not read one ignores it, and the CDNs strip
     * their own before the reader sees it (Loa's VCL strips Varnish's and Fastly's), so any of them works in front
     * of Loa without another setting. A day of stale copies while Loa is down, a minute while it is asked again.
     */
    public static final List<String> KEY_HEADERS = List.of("Surrogate-Key", "Cache-Tag", "xkey");

    public static final int STALE_WHILE_REVALIDATE = 60;
    public static final int STALE_IF_ERROR = 86_400;

    public CdnConfig {
        keyHeaders = List.copyOf(keyHeaders);
    }

    /** The defaults, with the shared lifetime that of readers ({@code maxAge}). */
    public static CdnConfig defaults(int maxAge) {
        return new CdnConfig(KEY_HEADERS, maxAge, STALE_WHILE_REVALIDATE, STALE_IF_ERROR);
    }
}
