package io.loa.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import io.loa.FeedCrawl;
import io.loa.TestServer;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * What a restore promises: every document of the original, crawled from its feed list and the feeds and pages
 * given, answers on the restored server with the same status, bytes, ETag and Last-Modified. Both servers have one
 * base URL, so their documents can be the same byte for byte.
 */
final class SameDocuments {

    private SameDocuments() {}

    /**
     * @param feeds feeds to walk besides those the OPML list names, as paths
     * @param pages pages to compare besides those the feeds link to, as paths
     * @return every document compared that answered 200, by path, as the original served it
     */
    static Map<String, String> check(
            TestServer original, TestServer restored, Collection<String> feeds, Collection<String> pages) {
        String site = original.env().get("LOA_BASE_URL");
        assertThat(restored.env().get("LOA_BASE_URL")).isEqualTo(site);
        Collection<String> roots = feeds.stream().map(path -> site + path).toList();
        FeedCrawl.Result crawl = FeedCrawl.of(original, roots);
        assertThat(FeedCrawl.of(restored, roots).documents())
                .as("the same documents, linked alike")
                .isEqualTo(crawl.documents());
        Set<String> paths = new LinkedHashSet<>();
        crawl.documents().forEach(url -> paths.add(url.replace(site, "")));
        crawl.links().stream()
                .filter(url -> url.startsWith(site + "/"))
                .forEach(url -> paths.add(url.replace(site, "")));
        paths.addAll(pages);
        Map<String, String> served = new LinkedHashMap<>();
        for (String path : paths) {
            HttpResponse<byte[]> a = original.getBytes(path);
            HttpResponse<byte[]> b = restored.getBytes(path);
            assertThat(b.statusCode()).as(path).isEqualTo(a.statusCode());
            String body = new String(a.body(), StandardCharsets.UTF_8);
            assertThat(new String(b.body(), StandardCharsets.UTF_8)).as(path).isEqualTo(body);
            for (String header : new String[] {"ETag", "Last-Modified"}) {
                assertThat(b.headers().firstValue(header))
                        .as(path + " " + header)
                        .isEqualTo(a.headers().firstValue(header));
            }
            if (a.statusCode() == 200) {
                served.put(path, body);
            }
        }
        return served;
    }
}
