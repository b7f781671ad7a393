package io.loa.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.loa.Fixtures;
import io.loa.ServerPerClass;
import io.loa.ServerSetup;
import io.loa.TestServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What browsers are told to trust: every HTML page names exactly what it may load, and no response may be sniffed
 * into another type or send a Referer on.
 */
class SecurityHeadersTest {

    static final String BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";
    static final String FEED_READER = "application/rss+xml, application/atom+xml, text/xml;q=0.9, */*;q=0.1";
    static List<String> pages;

    @RegisterExtension
    static final ServerPerClass loa = new ServerPerClass(ServerSetup.defaults().demo());

    static TestServer server;

    @BeforeAll
    static void start() {
        server = loa.server();
        // A feed is a page too when a browser asks for it.
        pages = List.of(
                "/",
                "/sections/thoi-su",
                articlePage("dan-van-2023"),
                "/feeds/thoi-su.rss",
                "/feeds/all.json",
                "/feeds/hoat-dong-lanh-dao-tinh/archive/2023-12.atom",
                "/search?q=dan+van",
                "/feeds/search.atom?q=dan+van");
    }

    @Test
    void aPageMayApplyItsOwnStyleAndShowImagesFromTheWebAndNothingElse() {
        for (String path : pages) {
            HttpResponse<String> page = server.send(request(path, BROWSER));
            assertThat(page.statusCode()).as(path).isEqualTo(200);
            Document html = Jsoup.parse(page.body());
            assertThat(html.select("script, link[rel=stylesheet], [style], iframe, object"))
                    .as(path)
                    .isEmpty();
            // The one form is the search form, which sends readers to Loa's own search page.
            assertThat(html.select("form"))
                    .as(path)
                    .allSatisfy(form -> assertThat(form.attr("action")).isEqualTo("/search"));
            assertThat(html.select("style")).as(path).hasSize(1);
            assertThat(html.select("img"))
                    .as(path)
                    .allSatisfy(img -> assertThat(img.attr("src")).matches("(https?://|/).*"));
            assertThat(directives(page.headers()))
                    .as(path)
                    .containsExactlyInAnyOrderEntriesOf(Map.of(
                            "default-src", "'none'",
                            "img-src", "'self' https: http:",
                            "style-src", hashOf(html.selectFirst("style").data()),
                            "base-uri", "'none'",
                            "form-action", "'self'",
                            "frame-ancestors", "'none'"));
            assertThat(page.headers().firstValue("Referrer-Policy")).as(path).contains("no-referrer");
            assertThat(page.headers().firstValue("X-Content-Type-Options"))
                    .as(path)
                    .contains("nosniff");
        }
    }

    @Test
    void aPageKeepsItsPolicyOnHeadAndOnNotModified() {
        for (String path : pages) {
            HttpResponse<String> page = server.send(request(path, BROWSER));
            String policy = page.headers().firstValue("Content-Security-Policy").orElseThrow();
            HttpResponse<String> head =
                    server.send(request(path, BROWSER).method("HEAD", HttpRequest.BodyPublishers.noBody()));
            HttpResponse<String> notModified = server.send(request(path, BROWSER)
                    .header("If-None-Match", page.headers().firstValue("ETag").orElseThrow()));
            assertThat(notModified.statusCode()).as(path).isEqualTo(304);
            for (HttpResponse<String> response : List.of(head, notModified)) {
                assertThat(response.headers().firstValue("Content-Security-Policy"))
                        .as(path)
                        .contains(policy);
            }
            // A current feed, its page included, is answered ahead of the routes: the same headers all the same.
            for (HttpResponse<String> response : List.of(head, notModified)) {
                assertThat(response.headers().firstValue("X-Content-Type-Options"))
                        .as(path)
                        .contains("nosniff");
                assertThat(response.headers().firstValue("Referrer-Policy"))
                        .as(path)
                        .contains("no-referrer");
            }
        }
    }

    @Test
    void feedsAndDataCarryNoPolicy() {
        List<String> paths = List.of(
                "/feeds/thoi-su.rss",
                "/feeds/all.atom",
                "/feeds/hoat-dong-lanh-dao-tinh/archive/2023-12.atom",
                "/feeds/thoi-su.json",
                "/feeds.opml",
                "/api/articles/dan-van-2023",
                "/websub");
        for (String path : paths) {
            for (String accept : List.of(FEED_READER, "*/*")) {
                HttpResponse<String> response = server.send(request(path, accept));
                assertThat(response.statusCode()).as(path).isEqualTo(200);
                assertThat(response.headers().firstValue("Content-Type"))
                        .as(path)
                        .get()
                        .asString()
                        .doesNotStartWith("text/html");
                assertThat(response.headers().firstValue("Content-Security-Policy"))
                        .as(path)
                        .isEmpty();
                assertThat(response.headers().firstValue("X-Content-Type-Options"))
                        .as(path)
                        .contains("nosniff");
            }
        }
    }

    @Test
    void everyResponseForbidsSniffingAndSendsNoReferrer() {
        Map<String, HttpRequest.Builder> requests = new LinkedHashMap<>();
        for (String path : List.of(
                "/feeds/all.json",
                "/feeds.opml",
                "/api/sections",
                "/api/articles/dan-van-2023",
                "/assets/feed.xsl",
                "/assets/icon.png",
                "/demo/images/dan-van-1.svg",
                "/websub",
                "/health",
                "/metrics",
                "/feeds/khong-co.rss",
                "/articles/Khong_Co",
                "/khong-co")) {
            requests.put("GET " + path, request(path, "*/*"));
        }
        requests.put(
                "DELETE /feeds/all.rss",
                HttpRequest.newBuilder(server.uri("/feeds/all.rss")).DELETE());
        requests.put(
                "PUT without a token",
                HttpRequest.newBuilder(server.uri("/api/articles/x"))
                        .header("Content-Type", "application/json")
                        .PUT(HttpRequest.BodyPublishers.ofString("{}")));
        requests.put(
                "POST /websub as JSON",
                HttpRequest.newBuilder(server.uri("/websub"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{}")));
        for (var request : requests.entrySet()) {
            HttpHeaders headers = server.send(request.getValue()).headers();
            assertThat(headers.firstValue("X-Content-Type-Options"))
                    .as(request.getKey())
                    .contains("nosniff");
            assertThat(headers.firstValue("Referrer-Policy"))
                    .as(request.getKey())
                    .contains("no-referrer");
        }
    }

    @Test
    void requestsJettyRefusesBeforeAnyRouteForbidSniffingToo() throws IOException {
        String undecodable = raw("GET /feeds/%00.rss HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        String tooLarge = raw("GET / HTTP/1.1\r\nHost: localhost\r\nX-Padding: " + "x".repeat(16 * 1024)
                + "\r\nConnection: close\r\n\r\n");
        assertThat(undecodable).startsWith("HTTP/1.1 400").containsIgnoringCase("X-Content-Type-Options: nosniff");
        assertThat(tooLarge).startsWith("HTTP/1.1 431").containsIgnoringCase("X-Content-Type-Options: nosniff");
    }

    /** Where the article's own page is: the demo article has no canonical URL elsewhere, so its link is Loa's. */
    static String articlePage(String id) {
        try {
            String link = Fixtures.JSON
                    .readTree(server.get("/api/articles/" + id).body())
                    .get("link")
                    .asText();
            assertThat(link).startsWith(server.baseUrl() + "/articles/");
            return link.substring(server.baseUrl().length());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static HttpRequest.Builder request(String path, String accept) {
        return HttpRequest.newBuilder(server.uri(path)).header("Accept", accept);
    }

    /** The policy's directives by name, each with its sources. */
    private static Map<String, String> directives(HttpHeaders headers) {
        List<String> policies = headers.allValues("Content-Security-Policy");
        assertThat(policies).hasSize(1);
        Map<String, String> directives = new LinkedHashMap<>();
        for (String directive : policies.get(0).split(";")) {
            String[] parts = directive.strip().split(" ", 2);
            assertThat(directives.put(parts[0], parts.length > 1 ? parts[1] : ""))
                    .as(parts[0])
                    .isNull();
        }
        return directives;
    }

    /** What a browser computes to decide whether an inline stylesheet may apply. */
    private static String hashOf(String css) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(css.getBytes(StandardCharsets.UTF_8));
            return "'sha256-" + Base64.getEncoder().encodeToString(hash) + "'";
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** A request as bytes on the wire, for what no HTTP client would send; the answer up to the connection's end. */
    private static String raw(String request) throws IOException {
        try (Socket socket =
                new Socket("localhost", Integer.parseInt(server.env().get("LOA_PORT")))) {
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }
}
