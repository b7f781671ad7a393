package io.loa.cdn;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.loa.Fixtures;
import io.loa.ServerPerClass;
import io.loa.ServerSetup;
import io.loa.TestServer;
import io.loa.config.CdnConfig;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every document names what it holds in the headers CDNs read, and says how long a shared cache may keep it, in a
 * 200 and a 304, on the feeds' fast path and on the routes alike; what only a reader may keep says nothing of it.
 */
class SurrogateHeadersTest {

    private static final String LIFETIMES = "max-age=300, stale-while-revalidate=60, stale-if-error=86400";

    @RegisterExtension
    static final ServerPerClass loa = new ServerPerClass();

    static TestServer server;
    static String articlePage;

    @BeforeAll
    static void publish() throws Exception {
        server = loa.server();
        String token = server.token("desk");
        server.put(
                "/api/articles/older",
                Fixtures.article("Bài cũ", "thoi-su", "2025-02-01T08:00:00+07:00")
                        .toString(),
                token);
        HttpResponse<String> put = server.put(
                "/api/articles/newer",
                Fixtures.withRelated(Fixtures.article("Bài mới", "thoi-su", "2025-02-02T08:00:00+07:00"), "older")
                        .toString(),
                token);
        JsonNode view = Fixtures.JSON.readTree(put.body());
        articlePage = "/articles/" + view.get("slug").asText();
    }

    @ParameterizedTest(name = "{0} holds {1}")
    @CsvSource({
        "/feeds/thoi-su.rss, feed:thoi-su",
        "/feeds/thoi-su.json, feed:thoi-su",
        "/feeds/thoi-su.atom?page=1, feed:thoi-su",
        "/feeds/all.atom, feed:all",
        "/sections/thoi-su, feed:thoi-su",
        "/, feed:all",
        "/feeds/search.atom?q=bai, search",
        "/search?q=bai, search",
        "/sitemap.xml, sitemaps"
    })
    void aDocumentNamesWhatItHoldsAndHowLongSharedCachesMayKeepIt(String path, String key) {
        HttpResponse<byte[]> first = server.getBytes(path);
        assertThat(first.statusCode()).isEqualTo(200);
        assertShared(first.headers(), key, key);

        HttpResponse<String> again =
                server.revalidate(path, first.headers().firstValue("ETag").orElseThrow());
        assertThat(again.statusCode()).isEqualTo(304);
        assertShared(again.headers(), key, key);
    }

    @Test
    void anArticlePageHoldsTheArticleAndTheRelatedArticlesItShows() {
        HttpHeaders headers = server.getBytes(articlePage).headers();
        assertShared(headers, "article:newer article:older", "article:newer,article:older");
    }

    @Test
    void whatOnlyAReaderMayKeepOrAnErrorSaysNothingToSharedCaches() {
        HttpHeaders page = server.sendBytes(HttpRequest.newBuilder(server.uri("/feeds/thoi-su.rss"))
                        .header("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"))
                .headers();
        assertThat(page.firstValue("Cache-Control")).contains("private, max-age=120");
        HttpHeaders missing = server.getBytes("/feeds/no-such-section.rss").headers();
        for (HttpHeaders headers : List.of(page, missing)) {
            for (String name :
                    List.of("Surrogate-Control", "CDN-Cache-Control", "Surrogate-Key", "Cache-Tag", "xkey")) {
                assertThat(headers.firstValue(name)).as(name).isEmpty();
            }
        }
    }

    @Test
    void readersKeepTheirOwnLifetime() {
        assertThat(server.getBytes("/feeds/thoi-su.rss").headers().firstValue("Cache-Control"))
                .contains("public, max-age=120");
    }

    @Test
    void siteYamlChoosesTheKeyHeadersAndTheSharedLifetimes() {
        try (TestServer configured = ServerSetup.defaults()
                .site(site -> site.cdn(new CdnConfig(List.of("xkey"), 86_400, 0, 3_600)))
                .start()) {
            HttpHeaders headers = configured.getBytes("/feeds/all.rss").headers();
            assertThat(headers.firstValue("xkey")).contains("feed:all");
            assertThat(headers.firstValue("Surrogate-Key")).isEmpty();
            assertThat(headers.firstValue("Cache-Tag")).isEmpty();
            assertThat(headers.firstValue("Surrogate-Control")).contains("max-age=86400, stale-if-error=3600");
            assertThat(headers.firstValue("Cache-Control")).contains("public, max-age=300");
        }
    }

    private static void assertShared(HttpHeaders headers, String bySpace, String byComma) {
        assertThat(headers.firstValue("Surrogate-Key")).contains(bySpace);
        assertThat(headers.firstValue("xkey")).contains(bySpace);
        assertThat(headers.firstValue("Cache-Tag")).contains(byComma);
        assertThat(headers.firstValue("Surrogate-Control")).contains(LIFETIMES);
        assertThat(headers.firstValue("CDN-Cache-Control")).contains(LIFETIMES);
    }
}
