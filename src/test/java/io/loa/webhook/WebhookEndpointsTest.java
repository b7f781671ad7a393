package io.loa.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.loa.Fixtures;
import io.loa.ServerPerClass;
import io.loa.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Webhook endpoints made, listed, deleted and enabled through the API and from the command line. */
class WebhookEndpointsTest {

    @RegisterExtension
    static final ServerPerClass loa = new ServerPerClass();

    record Run(int exitCode, String out, String err) {}

    @AfterEach
    void deleteEveryEndpoint() throws Exception {
        for (JsonNode endpoint : Fixtures.JSON.readTree(list().body())) {
            loa.server().delete("/api/webhooks/" + endpoint.get("id").asText(), loa.token());
        }
    }

    @Test
    void anOperatorMakesAnEndpointSeesItsSecretOnceAndDeletesIt() throws Exception {
        HttpResponse<String> created = create("""
                {"url": "https://news.example/hooks?key=1", "events": ["article.published", "article.unpublished"],
                 "sections": ["thoi-su"]}""");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode endpoint = Fixtures.JSON.readTree(created.body());
        String id = endpoint.get("id").asText();
        assertThat(created.headers().firstValue("Location")).hasValue("/api/webhooks/" + id);
        String secret = endpoint.get("secret").asText();
        assertThat(secret).startsWith("whsec_");
        assertThat(Base64.getDecoder().decode(secret.substring("whsec_".length())))
                .hasSizeBetween(24, 64);
        assertThat(endpoint.get("events")).hasSize(2);
        assertThat(endpoint.get("state").asText()).isEqualTo("active");

        JsonNode listed = Fixtures.JSON.readTree(list().body());
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).get("id").asText()).isEqualTo(id);
        assertThat(listed.get(0).get("url").asText()).isEqualTo("https://news.example/hooks?key=1");
        assertThat(listed.get(0).get("sections").get(0).asText()).isEqualTo("thoi-su");
        assertThat(listed.get(0).has("secret")).isFalse();

        assertThat(loa.server().delete("/api/webhooks/" + id, loa.token()).statusCode())
                .isEqualTo(204);
        assertThat(Fixtures.JSON.readTree(list().body())).isEmpty();
        HttpResponse<String> again = loa.server().delete("/api/webhooks/" + id, loa.token());
        assertThat(again.statusCode()).isEqualTo(404);
        assertThat(again.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
    }

    @Test
    void badInputIsAProblemNamingTheFieldAndMakesNothing() throws Exception {
        String[][] cases = {
            {"{\"url\": \"https://a.example/\", \"events\": [\"article.liked\"]}", "events"},
            {"{\"url\": \"https://a.example/\", \"events\": []}", "events"},
            {"{\"url\": \"not a url\", \"events\": [\"article.updated\"]}", "url"},
            {"{\"url\": \"ftp://a.example/\", \"events\": [\"article.updated\"]}", "url"},
            {"{\"url\": \"/relative\", \"events\": [\"article.updated\"]}", "url"},
            {"{\"url\": \"https://u:p@a.example/\", \"events\": [\"article.updated\"]}", "url"},
            {
                "{\"url\": \"https://a.example/\", \"events\": [\"article.updated\"], \"sections\": [\"nope\"]}",
                "sections"
            },
        };
        for (String[] c : cases) {
            HttpResponse<String> refused = create(c[0]);
            assertThat(refused.statusCode()).as(c[0]).isEqualTo(422);
            assertThat(refused.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
            assertThat(Fixtures.JSON.readTree(refused.body()).get("field").asText())
                    .as(c[0])
                    .isEqualTo(c[1]);
        }
        assertThat(create("{\"url\": ").statusCode()).isEqualTo(400);
        assertThat(Fixtures.JSON.readTree(list().body())).isEmpty();
    }

    @Test
    void onlyAnOperatorsTokenManagesEndpoints() {
        String body = "{\"url\": \"https://a.example/\", \"events\": [\"article.updated\"]}";
        assertThat(loa.server().send(post(body)).statusCode()).isEqualTo(401);
        assertThat(loa.server().get("/api/webhooks").statusCode()).isEqualTo(401);
        String sectionToken = loa.server().token("section-desk", "thoi-su");
        assertThat(loa.server()
                        .send(post(body).header("Authorization", "Bearer " + sectionToken))
                        .statusCode())
                .isEqualTo(403);
    }

    @Test
    void theFiftyFirstEndpointIsRefused() {
        String body = "{\"url\": \"https://a.example/\", \"events\": [\"article.updated\"]}";
        for (int i = 0; i < EndpointStore.MAX_ENDPOINTS; i++) {
            assertThat(create(body).statusCode()).isEqualTo(201);
        }
        HttpResponse<String> refused = create(body);
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).contains("delete one first");
    }

    @Test
    void theCommandLineMakesListsEnablesAndDeletesEndpoints() throws Exception {
        Run created = webhook(
                "create",
                "--url",
                "https://cms.example/loa",
                "--events",
                "article.published,article.updated",
                "--sections",
                "thoi-su");
        assertThat(created.exitCode()).as(created.err()).isZero();
        String[] words = created.out().strip().split(" ");
        assertThat(words[0]).startsWith("ep_");
        assertThat(words[1]).startsWith("whsec_");
        assertThat(created.err()).contains("shown this once");

        JsonNode listed = Fixtures.JSON.readTree(list().body());
        assertThat(listed.get(0).get("id").asText())
                .as("the server sees it at once")
                .isEqualTo(words[0]);

        Run list = webhook("list");
        assertThat(list.out())
                .contains(words[0], "active", "https://cms.example/loa", "article.published,article.updated", "thoi-su")
                .doesNotContain(words[1]);
        assertThat(webhook("enable", words[0]).exitCode()).isZero();
        assertThat(webhook("enable", "ep_none").exitCode()).isEqualTo(1);
        assertThat(webhook("delete", words[0]).exitCode()).isZero();
        assertThat(webhook("delete", words[0]).exitCode()).isEqualTo(1);
        assertThat(webhook("list").out()).isEmpty();
    }

    @Test
    void aCommandLineItDoesNotUnderstandMakesNothing() throws Exception {
        List<String[]> wrong = List.of(
                new String[] {"create", "--url", "https://a.example/", "--events", "article.liked"},
                new String[] {"create", "--url", "mailto:x@a.example", "--events", "article.updated"},
                new String[] {"create", "--events", "article.updated"},
                new String[] {
                    "create", "--url", "https://a.example/", "--events", "article.updated", "--sections", "nope"
                },
                new String[] {"create", "--url", "https://a.example/", "--event", "article.updated"},
                new String[] {"delete"},
                new String[] {"frobnicate"});
        for (String[] args : wrong) {
            Run run = webhook(args);
            assertThat(run.exitCode()).as(String.join(" ", args)).isEqualTo(2);
            assertThat(run.err()).contains("usage: java -jar loa.jar webhook");
        }
        assertThat(Fixtures.JSON.readTree(list().body())).isEmpty();
    }

    private HttpResponse<String> list() {
        HttpResponse<String> response = loa.server()
                .send(HttpRequest.newBuilder(loa.server().uri("/api/webhooks"))
                        .header("Authorization", "Bearer " + loa.token()));
        assertThat(response.statusCode()).isEqualTo(200);
        return response;
    }

    private HttpResponse<String> create(String json) {
        return loa.server().send(post(json).header("Authorization", "Bearer " + loa.token()));
    }

    private static HttpRequest.Builder post(String json) {
        return HttpRequest.newBuilder(loa.server().uri("/api/webhooks"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
    }

    static Run webhook(String... args) {
        return webhook(loa.server(), args);
    }

    static Run webhook(TestServer server, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new WebhookCommand(
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8))
                .run(server.env(), new ArrayList<>(List.of(args)).toArray(String[]::new));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
