package io.loa.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.loa.Fixtures;
import io.loa.ServerPerClass;
import io.loa.TestServer;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What operators and load balancers look at. */
class OperationsTest {

    @RegisterExtension
    static final ServerPerClass loa = new ServerPerClass();

    static TestServer server;

    @BeforeAll
    static void start() {
        server = loa.server();
    }

    @Test
    void healthAndReadinessAnswer() {
        assertThat(server.get("/health").statusCode()).isEqualTo(200);
        HttpResponse<String> ready = server.get("/ready");
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(ready.body()).contains("ready");
    }

    @Test
    void metricsCountRequestsByRouteTheFeedCacheWritesAndThePool() {
        String token = server.token("metrics");
        server.put(
                "/api/articles/counted",
                Fixtures.article("Đếm", "thoi-su", "2024-12-01T08:00:00+07:00").toString(),
                token);
        server.getBytes("/feeds/thoi-su.rss");
        server.getBytes("/feeds/thoi-su.rss");
        server.get("/feeds/khong-co.rss");

        HttpResponse<String> metrics = server.get("/metrics");
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.headers().firstValue("Content-Type"))
                .get()
                .asString()
                .startsWith("text/plain");
        assertThat(metrics.body())
                .containsPattern(
                        "loa_http_requests_seconds_count\\{method=\"GET\",route=\"/feeds/\\{file\\}\",status=\"200\"} [2-9]")
                .containsPattern(
                        "loa_http_requests_seconds_count\\{method=\"GET\",route=\"/feeds/\\{file\\}\",status=\"404\"} 1")
                .containsPattern(
                        "loa_http_requests_seconds_count\\{method=\"PUT\",route=\"/api/articles/\\{id\\}\",status=\"201\"} 1")
                .containsPattern("loa_feed_cache_hits_total [1-9]")
                .containsPattern("loa_feed_cache_misses_total [1-9]")
                .containsPattern("loa_feed_render_seconds_count [1-9]")
                .containsPattern("loa_article_changes_total [1-9]")
                .contains("hikaricp_connections_active")
                .doesNotContain(token);
    }
}
