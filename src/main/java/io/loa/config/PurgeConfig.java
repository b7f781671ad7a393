package io.loa.config;

import java.util.Locale;
import java.util.Optional;

/**
 * One shared cache that Loa purges after each write: site.yaml's {@code purge:} list has one entry per cache.
 * <pre>
 * purge:
 *   - provider: varnish       # PURGE / with "xkey-purge: key1 key2 …" (vmod_xkey)
 *     url: http://127.0.0.1:6081/
 *   - provider: fastly        # POST {apiUrl}/service/{serviceId}/purge with "Surrogate-Key: key1 key2 …"
 *     serviceId: SU1Z0isxPaozGVKXdv0eY
 *     tokenEnv: LOA_FASTLY_TOKEN
 * </pre>
 *
 * @param url where requests go: the cache itself (varnish, urls) or the provider's API (fastly, cloudflare),
 *     without a trailing slash for an API
 * @param account the Fastly service or the Cloudflare zone purged; empty for varnish and urls
 * @param tokenEnv the {@code LOA_*} environment variable holding the API token; empty for varnish and urls. The token
 *     itself is never in the file, and never in this record.
 */
public record PurgeConfig(Provider provider, String url, Optional<String> account, Optional<String> tokenEnv) {

    /** The kinds of cache Loa knows how to purge. */
    public enum Provider {
        VARNISH,
        URLS,
        FASTLY,
        CLOUDFLARE;

        /** {@code varnish}: as site.yaml names it, a closed set, so a metric label too. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Where a provider's API is, unless {@code apiUrl} says otherwise. */
    public static final String FASTLY_API = "https://api.fastly.com";

    public static final String CLOUDFLARE_API = "https://api.cloudflare.com/client/v4";
}
