package io.loa.page;

import static org.assertj.core.api.Assertions.assertThat;

import io.loa.ServerPerClass;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A page that does not exist is a page for a browser, in the site's shell; the API, the feeds and a client that
 * prefers JSON get the problem document.
 */
class ErrorPagesTest {

    static final String BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";
    static final List<String> MISSING_PAGES = List.of(
            "/articles/khong-co",
            "/sections/khong-co",
            "/authors/khong-ai",
            "/tags/khong-co",
            "/sections/thoi-su/",
            "/articles/Khong_Co");

    @RegisterExtension
    static final ServerPerClass loa = new ServerPerClass();

    @Test
    void aMissingPageIsAnHtmlPageOfTheSiteWithItsSecurityHeaders() {
        for (String path : MISSING_PAGES) {
            for (String accept : new String[] {BROWSER, "*/*", null}) {
                HttpResponse<String> response = get(path, accept);
                assertThat(response.statusCode()).as(path).isEqualTo(404);
                assertThat(response.headers().firstValue("Content-Type"))
                        .as(path)
                        .get()
                        .asString()
                        .startsWith("text/html")
                        .containsIgnoringCase("charset=utf-8");
                assertThat(response.headers().firstValue("Vary")).as(path).contains("Accept");
                assertThat(response.headers().firstValue("X-Content-Type-Options"))
                        .as(path)
                        .contains("nosniff");
                assertThat(response.headers().firstValue("Content-Security-Policy"))
                        .as(path)
                        .get()
                        .asString()
                        .contains("default-src 'none'", "style-src 'sha256-");
                Document page = Jsoup.parse(response.body());
                assertThat(page.title()).as(path).isEqualTo("Không tìm thấy trang – Báo Hà Tĩnh");
                assertThat(page.select("h1").text()).isEqualTo("Không tìm thấy trang");
                assertThat(page.select("main a[href=/]").text()).isEqualTo("Báo Hà Tĩnh");
                assertThat(page.select("form[action=/search] input[name=q]")).hasSize(1);
            }
        }
        HttpResponse<String> head = loa.server()
                .send(HttpRequest.newBuilder(loa.server().uri("/articles/khong-co"))
                        .header("Accept", BROWSER)
                        .method("HEAD", HttpRequest.BodyPublishers.noBody()));
        assertThat(head.statusCode()).isEqualTo(404);
        assertThat(head.headers().firstValue("Content-Type")).get().asString().startsWith("text/html");
        assertThat(head.body()).isEmpty();
    }

    @Test
    void aClientThatPrefersJsonGetsTheProblemOnAPagesPathToo() {
        for (String path : MISSING_PAGES) {
            for (String accept : List.of(
                    "application/json",
                    "application/problem+json",
                    "text/html;q=0.5, */*",
                    // Mastodon, asking for an article's object
                    "application/activity+json, application/ld+json; profile=\"https://www.w3.org/ns/activitystreams\", "
                            + "text/html;q=0.1")) {
                HttpResponse<String> response = get(path, accept);
                assertThat(response.statusCode()).as(path).isEqualTo(404);
                assertThat(response.headers().firstValue("Content-Type"))
                        .as(path + " " + accept)
                        .contains("application/problem+json");
                assertThat(response.headers().firstValue("Vary")).as(path).contains("Accept");
                assertThat(response.body()).as(path).contains("\"status\":404");
            }
        }
    }

    @Test
    void theApiTheFeedsAndTheOperatorsEndpointsAnswerProblemsEvenToABrowser() {
        for (String path :
                List.of("/api/articles/khong-co", "/feeds/khong-co.rss", "/feeds/author/khong-ai.atom", "/khong-co")) {
            HttpResponse<String> response = get(path, BROWSER);
            assertThat(response.statusCode()).as(path).isEqualTo(404);
            assertThat(response.headers().firstValue("Content-Type")).as(path).contains("application/problem+json");
            assertThat(response.headers().firstValue("Vary")).as(path).isEmpty();
        }
    }

    private static HttpResponse<String> get(String path, String accept) {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(loa.server().uri(path)).GET();
        if (accept != null) {
            request.header("Accept", accept);
        }
        return loa.server().send(request);
    }
}
