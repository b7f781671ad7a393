package io.loa.purge;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.loa.config.PurgeConfig;
import io.loa.dispatch.OutboundRequest;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The requests that purge what changed from one shared cache, in the shape its provider documents:
 * <pre>
 * varnish     PURGE {url}                               xkey-purge: feed:thoi-su feed:all article:a1 …  (vmod_xkey)
 * urls        PURGE {url}/feeds/thoi-su.rss …           Host: the site's, one request a document
 * fastly      POST {apiUrl}/service/{serviceId}/purge   Surrogate-Key: feed:thoi-su feed:all …  (256 keys at most)
 * cloudflare  POST {apiUrl}/zones/{zoneId}/purge_cache  {"tags": ["feed:thoi-su", …]}  (100 tags at most)
 * </pre>
 * The API tokens (Fastly-Key, Authorization) are not here: they are added as the requests go out.
 */
final class PurgeRequests {

    /** Fastly's batch purge takes up to 256 surrogate keys a request. */
    static final int FASTLY_KEYS = 256;
    /** Cloudflare's purge takes up to 100 operations (tags) a request. */
    static final int CLOUDFLARE_TAGS = 100;
    /** Keys in one xkey-purge header at most, within Varnish's default header size with room to spare. */
    static final int XKEY_HEADER_CHARS = 4_000;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final PurgeConfig cache;
    private final String siteHost;

    /** @param siteBaseUrl the site's public base URL: a purge by URL names the document by the host readers use */
    PurgeRequests(PurgeConfig cache, String siteBaseUrl) {
        this.cache = cache;
        this.siteHost = URI.create(siteBaseUrl).getRawAuthority();
    }

    /** Where the requests go, as the queue and the receipts know it: the provider and its URL or account. */
    String destination() {
        return cache.provider().label() + " " + cache.account().orElse(cache.url());
    }

    List<OutboundRequest> of(ChangedDocuments changed) {
        return switch (cache.provider()) {
            case VARNISH ->
                chunksOfChars(changed.keys(), XKEY_HEADER_CHARS).stream()
                        .map(keys -> new OutboundRequest(
                                "PURGE", cache.url(), Map.of("xkey-purge", String.join(" ", keys)), null))
                        .toList();
            case URLS ->
                changed.paths().stream()
                        .map(path ->
                                new OutboundRequest("PURGE", join(cache.url(), path), Map.of("Host", siteHost), null))
                        .toList();
            case FASTLY ->
                chunks(changed.keys(), FASTLY_KEYS).stream()
                        .map(keys -> new OutboundRequest(
                                "POST",
                                cache.url() + "/service/" + cache.account().orElseThrow() + "/purge",
                                Map.of("Surrogate-Key", String.join(" ", keys), "Accept", "application/json"),
                                null))
                        .toList();
            case CLOUDFLARE ->
                chunks(changed.keys(), CLOUDFLARE_TAGS).stream()
                        .map(tags -> new OutboundRequest(
                                "POST",
                                cache.url() + "/zones/" + cache.account().orElseThrow() + "/purge_cache",
                                Map.of("Content-Type", "application/json"),
                                tags(tags)))
                        .toList();
        };
    }

    private static String tags(List<String> tags) {
        ObjectNode body = JSON.createObjectNode();
        ArrayNode list = body.putArray("tags");
        tags.forEach(list::add);
        return body.toString();
    }

    /** The cache's URL with a document's path: {@code http://127.0.0.1:6081/} and {@code /feeds/all.rss}. */
    private static String join(String base, String path) {
        return (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + path;
    }

    static List<List<String>> chunks(Collection<String> all, int size) {
        List<List<String>> chunks = new ArrayList<>();
        List<String> chunk = new ArrayList<>();
        for (String each : all) {
            if (chunk.size() == size) {
                chunks.add(chunk);
                chunk = new ArrayList<>();
            }
            chunk.add(each);
        }
        if (!chunk.isEmpty()) {
            chunks.add(chunk);
        }
        return chunks;
    }

    private static List<List<String>> chunksOfChars(Collection<String> all, int chars) {
        List<List<String>> chunks = new ArrayList<>();
        List<String> chunk = new ArrayList<>();
        int length = 0;
        for (String each : all) {
            if (!chunk.isEmpty() && length + 1 + each.length() > chars) {
                chunks.add(chunk);
                chunk = new ArrayList<>();
                length = 0;
            }
            chunk.add(each);
            length += each.length() + 1;
        }
        if (!chunk.isEmpty()) {
            chunks.add(chunk);
        }
        return chunks;
    }
}
