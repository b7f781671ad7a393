package io.loa.purge;

import static org.assertj.core.api.Assertions.assertThat;

import io.loa.config.PurgeConfig;
import io.loa.dispatch.OutboundRequest;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** A large change split as each provider limits a request, with no key lost or repeated. */
class PurgeRequestsTest {

    static final Set<String> KEYS = IntStream.range(0, 300)
            .mapToObj(i -> "feed:tag/the-tag-with-a-long-enough-name-" + i)
            .collect(Collectors.toCollection(LinkedHashSet::new));
    static final ChangedDocuments CHANGED = new ChangedDocuments(KEYS, Set.of("/", "/feeds/all.rss"), Set.of());

    @Test
    void fastlyTakes256KeysARequest() {
        List<OutboundRequest> requests = requests(PurgeConfig.Provider.FASTLY, "https://api.fastly.com");
        assertThat(requests)
                .extracting(r -> words(r.headers().get("Surrogate-Key")).size())
                .containsExactly(256, 44);
        assertThat(requests).allSatisfy(r -> assertThat(r.url()).isEqualTo("https://api.fastly.com/service/svc/purge"));
        assertThat(requests.stream().flatMap(r -> words(r.headers().get("Surrogate-Key")).stream()))
                .containsExactlyElementsOf(KEYS);
    }

    @Test
    void cloudflareTakes100TagsARequest() {
        List<OutboundRequest> requests =
                requests(PurgeConfig.Provider.CLOUDFLARE, "https://api.cloudflare.com/client/v4");
        assertThat(requests).hasSize(3);
        assertThat(requests).allSatisfy(r -> {
            assertThat(r.url()).isEqualTo("https://api.cloudflare.com/client/v4/zones/svc/purge_cache");
            assertThat(r.body()).startsWith("{\"tags\":[");
        });
    }

    @Test
    void varnishKeepsEachXkeyHeaderWithinItsBound() {
        List<OutboundRequest> requests = new PurgeRequests(
                        new PurgeConfig(
                                PurgeConfig.Provider.VARNISH,
                                "http://127.0.0.1:6081/",
                                Optional.empty(),
                                Optional.empty()),
                        "https://feeds.baohatinh.vn")
                .of(CHANGED);
        assertThat(requests.size()).isGreaterThan(1);
        assertThat(requests).allSatisfy(r -> {
            assertThat(r.method()).isEqualTo("PURGE");
            assertThat(r.headers().get("xkey-purge").length()).isLessThanOrEqualTo(PurgeRequests.XKEY_HEADER_CHARS);
        });
        assertThat(requests.stream().flatMap(r -> words(r.headers().get("xkey-purge")).stream()))
                .containsExactlyElementsOf(KEYS);
    }

    @Test
    void aPurgeByUrlNamesEachDocumentWithTheSitesHost() {
        List<OutboundRequest> requests = new PurgeRequests(
                        new PurgeConfig(
                                PurgeConfig.Provider.URLS,
                                "http://127.0.0.1:6081/",
                                Optional.empty(),
                                Optional.empty()),
                        "https://feeds.baohatinh.vn")
                .of(CHANGED);
        assertThat(requests)
                .extracting(OutboundRequest::url)
                .containsExactlyInAnyOrder("http://127.0.0.1:6081/", "http://127.0.0.1:6081/feeds/all.rss");
        assertThat(requests).allSatisfy(r -> assertThat(r.headers()).containsEntry("Host", "feeds.baohatinh.vn"));
    }

    private static List<OutboundRequest> requests(PurgeConfig.Provider provider, String api) {
        return new PurgeRequests(
                        new PurgeConfig(provider, api, Optional.of("svc"), Optional.of("LOA_TOKEN")),
                        "https://feeds.baohatinh.vn")
                .of(CHANGED);
    }

    private static List<String> words(String header) {
        return Arrays.asList(header.split(" "));
    }
}
