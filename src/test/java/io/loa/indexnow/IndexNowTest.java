package io.loa.indexnow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.loa.Fixtures;
import io.loa.ServerPerClass;
import io.loa.ServerSetup;
import io.loa.TestClock;
import io.loa.TestServer;
import io.loa.config.IndexNowConfig;
import io.loa.websub.Subscriber;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * IndexNow from a running Loa to a loopback receiver standing for the search engines' endpoint: the protocol's
 * request for each article page published, changed or taken down, the key served where they check it, and nothing
 * of an embargoed article before it is public.
 */
class IndexNowTest {

    static final String KEY = "3f6c2a0e-9b7d-4e1a";

    static final Subscriber engine = new Subscriber().answering(200);
    static final TestClock clock = new TestClock(TestServer.NOW);

    @RegisterExtension
    static final ServerPerClass loa = new ServerPerClass(ServerSetup.defaults()
            .settings(Map.of("LOA_WEBSUB_ALLOW_PRIVATE_CALLBACKS", "true", "LOA_WEBHOOK_RETRIES", "200ms,200ms"))
            .clock(clock)
            .site(site -> site.indexNow(Optional.of(new IndexNowConfig(engine.url() + "/indexnow", KEY)))));

    private static final ObjectMapper JSON = new ObjectMapper();

    @AfterAll
    static void stopEngine() {
        engine.close();
    }

    @Test
    void aPublishedArticlesPageIsSubmittedAsTheProtocolHasIt() {
        put("indexnow-1", "Tin báo cho máy tìm kiếm", "2024-10-01T08:00:00+07:00");
        String page = page("indexnow-1");
        Subscriber.Notification submission = await().until(() -> submitting(page), r -> r != null);
        assertThat(submission.method()).isEqualTo("POST");
        assertThat(submission.path()).isEqualTo("/indexnow");
        assertThat(submission.header("Content-Type")).isEqualTo("application/json; charset=utf-8");
        JsonNode body = json(submission.text());
        assertThat(body.get("host").asText()).isEqualTo("localhost");
        assertThat(body.get("key").asText()).isEqualTo(KEY);
        assertThat(body.get("keyLocation").asText()).isEqualTo(loa.server().baseUrl() + "/" + KEY + ".txt");
        assertThat(urls(body)).containsExactly(page);

        await().until(() ->
                receipts("indexnow-1").at("/channels/indexnow/0/state").asText().equals("delivered"));
        JsonNode receipt = receipts("indexnow-1").at("/channels/indexnow/0");
        assertThat(receipt.get("url").asText()).isEqualTo(engine.url() + "/indexnow");
        assertThat(receipt.get("status").asInt()).isEqualTo(200);
    }

    @Test
    void aDeletedArticlesPageIsSubmittedSoThatEnginesDropIt() {
        put("indexnow-gone", "Tin sẽ bị gỡ", "2024-10-01T08:00:00+07:00");
        String page = page("indexnow-gone");
        await().until(() -> submitting(page) != null);
        loa.server().delete("/api/articles/indexnow-gone", loa.token());
        await().until(() -> engine.notificationsSoFar().stream()
                        .filter(r -> urls(json(r.text())).contains(page))
                        .count()
                == 2);
    }

    @Test
    void anEmbargoedArticleIsSubmittedOnlyOnceItIsReleased() {
        put("indexnow-embargo", "Tin hẹn giờ", "2025-03-01T12:00:00+07:00");
        String page = loa.server().baseUrl() + "/articles/"
                + json(loa.server()
                                .send(HttpRequest.newBuilder(loa.server().uri("/api/articles/indexnow-embargo"))
                                        .header("Authorization", "Bearer " + loa.token()))
                                .body())
                        .get("slug")
                        .asText();
        put("indexnow-after", "Tin sau tin hẹn giờ", "2024-10-01T08:00:00+07:00");
        // Taken from the stream after the scheduled one: by its submission, the scheduled one was passed over.
        await().until(() -> submitting(page("indexnow-after")) != null);
        assertThat(submitting(page)).isNull();
        assertThat(engine.notificationsSoFar()).noneMatch(r -> r.text().contains("indexnow-embargo"));

        clock.advance(Duration.ofHours(6));
        await().atMost(Duration.ofSeconds(10)).until(() -> submitting(page) != null);
    }

    @Test
    void theKeyIsServedAtItsPlaceAndNoOtherTextFileIs() {
        HttpResponse<String> key = loa.server().get("/" + KEY + ".txt");
        assertThat(key.statusCode()).isEqualTo(200);
        assertThat(key.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("text/plain"));
        assertThat(key.body()).isEqualTo(KEY);
        HttpResponse<String> other = loa.server().get("/0000000000000000.txt");
        assertThat(other.statusCode()).isEqualTo(404);
        assertThat(other.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
    }

    private static void put(String id, String title, String published) {
        loa.server().putArticle(id, Fixtures.article(title, "thoi-su", published), loa.token());
    }

    private static String page(String id) {
        return loa.server().baseUrl() + "/articles/"
                + json(loa.server().get("/api/articles/" + id).body())
                        .get("slug")
                        .asText();
    }

    private static Subscriber.Notification submitting(String url) {
        return engine.notificationsSoFar().stream()
                .filter(r -> urls(json(r.text())).contains(url))
                .findFirst()
                .orElse(null);
    }

    private static List<String> urls(JsonNode body) {
        return StreamSupport.stream(body.path("urlList").spliterator(), false)
                .map(JsonNode::asText)
                .toList();
    }

    private static JsonNode receipts(String articleId) {
        return loa.server().deliveries(articleId, loa.token());
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
