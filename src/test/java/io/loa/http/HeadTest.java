package io.loa.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.loa.Fixtures;
import io.loa.ServerPerClass;
import io.loa.TestServer;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** HEAD is GET without the body (RFC 9110, 9.3.2): on every route, the status and headers GET gives. */
class HeadTest {

    private static final List<String> SAME_HEADERS = List.of(
            "Content-Type",
            "Content-Length",
            "ETag",
            "Last-Modified",
            "Cache-Control",
            "Vary",
            "Content-Security-Policy",
            "Location");

    @RegisterExtension
    static final ServerPerClass loa = new ServerPerClass();

    static TestServer server;

    @BeforeAll
    static void start() {
        server = loa.server();
        String token = server.token("head");
        server.put(
                "/api/articles/co-that",
                Fixtures.article("Bài có thật", "thoi-su", "2024-12-01T08:00:00+07:00")
                        .toString(),
                token);
        server.put(
                "/api/articles/sap-xoa",
                Fixtures.article("Bài sắp xóa", "thoi-su", "2024-12-02T08:00:00+07:00")
                        .toString(),
                token);
        server.delete("/api/articles/sap-xoa", token);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "/api/articles/co-that",
                "/api/articles/khong-co",
                "/api/articles/sap-xoa",
                "/api/sections",
                "/api/scheduled",
                "/api/openapi.json",
                "/api/websub/subscriptions",
                "/health",
                "/ready",
                "/websub",
                "/",
                "/sections/thoi-su",
                "/sections/khong-co",
                "/articles/bai-co-that",
                "/search?q=bai",
                "/search?q=",
                "/feeds/thoi-su.rss",
                "/feeds/khong-co.rss",
                "/feeds/search.atom?q=bai",
                "/feeds.opml"
            })
    void headAnswersWithTheStatusAndHeadersOfGet(String path) {
        HttpResponse<byte[]> get = server.sendBytes(HttpRequest.newBuilder(server.uri(path)));
        HttpResponse<byte[]> head = server.sendBytes(
                HttpRequest.newBuilder(server.uri(path)).method("HEAD", HttpRequest.BodyPublishers.noBody()));
        assertThat(head.statusCode()).as("status of HEAD " + path).isEqualTo(get.statusCode());
        assertThat(head.body()).as("body of HEAD " + path).isEmpty();
        for (String name : SAME_HEADERS) {
            assertThat(head.headers().firstValue(name))
                    .as(name + " of HEAD " + path)
                    .isEqualTo(get.headers().firstValue(name));
        }
        assertThat(get.headers().firstValue("Content-Length"))
                .as("GET " + path + " says its length")
                .contains(String.valueOf(get.body().length));
        if (get.statusCode() >= 400) {
            // A page's error is a page of the site; any other is a problem document.
            boolean page = get.headers().firstValue("Content-Type").orElse("").startsWith("text/html");
            assertThat(new String(get.body(), StandardCharsets.UTF_8))
                    .contains(page ? "<title>" : "\"status\":" + get.statusCode());
        }
    }
}
