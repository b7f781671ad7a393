package io.loa.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.loa.Fixtures;
import io.loa.TestServer;
import io.loa.websub.Subscriber;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Webhooks from a running Loa to receivers on 127.0.0.1: signed so that the official Standard Webhooks library
 * verifies them, sent in order per endpoint, retried on a short schedule and given up after it.
 */
class WebhookDeliveryTest {

    /** Three retries, quickly: a message is given up after its fourth attempt. */
    static final String RETRIES = "200ms,200ms,200ms";

    static TestServer server;
    static String token;

    @BeforeAll
    static void start() {
        server = TestServer.start(Map.of("LOA_WEBSUB_ALLOW_PRIVATE_CALLBACKS", "true", "LOA_WEBHOOK_RETRIES", RETRIES));
        token = server.token("desk");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aWebhookFromLoaVerifiesWithTheOfficialStandardWebhooksLibrary() throws Exception {
        Path node = standardWebhooks();
        try (Subscriber receiver = new Subscriber()) {
            JsonNode endpoint = create(receiver.callback("hooks"), List.of("article.published"), List.of());
            server.putArticle(
                    "signed-1", Fixtures.article("Tin được ký", "thoi-su", "2024-10-01T08:00:00+07:00"), token);
            await().until(() -> receiver.notificationsSoFar().size() == 1);
            Subscriber.Notification message = receiver.notificationsSoFar().get(0);

            JsonNode body = json(message.text());
            assertThat(body.get("type").asText()).isEqualTo("article.published");
            assertThat(Instant.parse(body.get("timestamp").asText())).isNotNull();
            JsonNode api = json(server.get("/api/articles/signed-1").body());
            assertThat(body.get("data")).as("the article as the API shows it").isEqualTo(api);
            assertThat(message.header("webhook-id")).startsWith("msg_");
            assertThat(Long.parseLong(message.header("webhook-timestamp")))
                    .isCloseTo(Instant.now().getEpochSecond(), org.assertj.core.data.Offset.offset(60L));
            assertThat(message.header("content-type")).startsWith("application/json");

            String secret = endpoint.get("secret").asText();
            assertThat(verify(node, secret, message.lowerCaseHeaders(), message.text()))
                    .isEqualTo("verified article.published");
            assertThat(verify(
                            node,
                            secret,
                            message.lowerCaseHeaders(),
                            message.text().replace("Tin", "Tín")))
                    .as("a body changed on the way")
                    .startsWith("refused");
            assertThat(verify(node, Signature.newSecret(), message.lowerCaseHeaders(), message.text()))
                    .as("another endpoint's secret")
                    .startsWith("refused");
        }
    }

    @Test
    void anEndpointsMessagesGoInOrderEachWaitingForTheOneBefore() {
        try (Subscriber receiver = new Subscriber().thenAnswer(500, 503)) {
            create(receiver.callback("ordered"), List.of("article.published", "article.updated"), List.of());
            for (String title : List.of("Thứ tự", "Thứ tự (sửa)", "Thứ tự (sửa lần hai)")) {
                server.putArticle("ordered-1", Fixtures.article(title, "thoi-su", "2024-10-01T08:00:00+07:00"), token);
            }
            await().until(() -> receiver.notificationsSoFar().size() == 5);
            List<Subscriber.Notification> got = receiver.notificationsSoFar();
            assertThat(got.stream().map(r -> r.answered()).toList()).containsExactly(500, 503, 204, 204, 204);
            assertThat(got.subList(0, 3).stream()
                            .map(r -> r.header("webhook-id"))
                            .distinct())
                    .as("one message, retried under its id")
                    .hasSize(1);
            assertThat(got.stream().map(r -> type(r)).toList())
                    .containsExactly(
                            "article.published",
                            "article.published",
                            "article.published",
                            "article.updated",
                            "article.updated");
            assertThat(got.stream().map(r -> r.header("webhook-id")).distinct()).hasSize(3);
        }
    }

    @Test
    void aMessageFailingEveryAttemptIsGivenUpAndTheNextOneGoes() {
        try (Subscriber receiver = new Subscriber().thenAnswer(500, 500, 500, 500)) {
            create(receiver.callback("failing"), List.of("article.published", "article.unpublished"), List.of());
            server.putArticle("failing-1", Fixtures.article("Hỏng", "thoi-su", "2024-10-01T08:00:00+07:00"), token);
            // Deleted once its publication is queued: deleted before, it would be told as unpublished alone.
            await().until(() -> !receiver.notificationsSoFar().isEmpty());
            server.delete("/api/articles/failing-1", token);
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> receiver.notificationsSoFar().size() >= 5);
            assertThat(receiver.notificationsSoFar().stream()
                            .map(WebhookDeliveryTest::type)
                            .toList())
                    .containsExactly(
                            "article.published",
                            "article.published",
                            "article.published",
                            "article.published",
                            "article.unpublished");
            JsonNode unpublished =
                    json(receiver.notificationsSoFar().get(4).text()).get("data");
            assertThat(unpublished.get("id").asText()).isEqualTo("failing-1");
            assertThat(unpublished.get("reason").asText()).isEqualTo("deleted");
            assertThat(unpublished.at("/article/title").asText())
                    .as("its last public state")
                    .isEqualTo("Hỏng");
            // Only this test's endpoint takes article.unpublished.
            await().until(() -> receipts("failing-1")
                    .at("/channels/webhooks/0/state")
                    .asText()
                    .equals("delivered"));
            JsonNode receipts = receipts("failing-1");
            assertThat(receipts.at("/change/kind").asText()).isEqualTo("deleted");
            assertThat(receipts.at("/channels/webhooks")).hasSize(1);
            assertThat(receipts.at("/channels/webhooks/0/event").asText()).isEqualTo("article.unpublished");
            assertThat(receipts.at("/channels/webhooks/0/status").asInt()).isEqualTo(204);
            assertThat(receipts.at("/channels/webhooks/0/attempts").asInt()).isEqualTo(1);
            assertThat(receipts.has("channels")
                            && receipts.at("/channels/websub").isArray())
                    .isTrue();
        }
    }

    @Test
    void receiptsTellWhatEachWebhookAnsweredTheArticlesLatestChange() {
        try (Subscriber receiver = new Subscriber().answering(503)) {
            JsonNode endpoint = create(receiver.callback("receipts"), List.of("article.published"), List.of());
            server.putArticle(
                    "receipt-1", Fixtures.article("Biên nhận", "thoi-su", "2024-10-01T08:00:00+07:00"), token);
            await().until(() -> receiver.notificationsSoFar().size() >= 2);
            JsonNode receipt = null;
            for (JsonNode each : receipts("receipt-1").at("/channels/webhooks")) {
                receipt =
                        each.get("endpoint").asText().equals(endpoint.get("id").asText()) ? each : receipt;
            }
            assertThat(receipt).as("this endpoint's receipt").isNotNull();
            assertThat(receipt.get("url").asText()).isEqualTo(receiver.callback("receipts"));
            assertThat(receipt.get("state").asText()).isEqualTo("pending");
            assertThat(receipt.get("status").asInt()).isEqualTo(503);
            assertThat(receipt.get("attempts").asInt()).isGreaterThanOrEqualTo(1);
            assertThat(receipt.get("nextRetry").asText()).isNotEmpty();
            assertThat(server.get("/api/articles/receipt-1/deliveries").statusCode())
                    .as("no token")
                    .isEqualTo(401);
            HttpResponse<String> unknown =
                    server.send(HttpRequest.newBuilder(server.uri("/api/articles/khong-co/deliveries"))
                            .header("Authorization", "Bearer " + token));
            assertThat(unknown.statusCode()).isEqualTo(404);
            assertThat(unknown.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        }
    }

    static JsonNode receipts(String articleId) {
        return server.deliveries(articleId, token);
    }

    @Test
    void anEndpointIsSentOnlyTheEventsAndSectionsItChose() {
        try (Subscriber receiver = new Subscriber()) {
            create(receiver.callback("chosen"), List.of("article.updated"), List.of("thoi-su"));
            server.putArticle(
                    "elsewhere-1", Fixtures.article("Nơi khác", "lich-su", "2024-10-01T08:00:00+07:00"), token);
            server.putArticle(
                    "elsewhere-1", Fixtures.article("Nơi khác (sửa)", "lich-su", "2024-10-01T08:00:00+07:00"), token);
            server.putArticle("chosen-1", Fixtures.article("Đã chọn", "thoi-su", "2024-10-01T08:00:00+07:00"), token);
            server.putArticle(
                    "chosen-1", Fixtures.article("Đã chọn (sửa)", "thoi-su", "2024-10-01T08:00:00+07:00"), token);
            await().until(() -> receiver.notificationsSoFar().size() == 1);
            assertThat(type(receiver.notificationsSoFar().get(0))).isEqualTo("article.updated");
            assertThat(json(receiver.notificationsSoFar().get(0).text())
                            .at("/data/id")
                            .asText())
                    .isEqualTo("chosen-1");
        }
    }

    static JsonNode json(String text) {
        try {
            return Fixtures.JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String type(Subscriber.Notification received) {
        return json(received.text()).get("type").asText();
    }

    static JsonNode create(String url, List<String> events, List<String> sections) {
        ObjectNode body = Fixtures.JSON.createObjectNode().put("url", url);
        events.forEach(body.putArray("events")::add);
        sections.forEach(body.putArray("sections")::add);
        HttpResponse<String> created = server.send(HttpRequest.newBuilder(server.uri("/api/webhooks"))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8)));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return json(created.body());
    }

    /**
     * The official Standard Webhooks library for JavaScript, installed into target/ with npm, and the script that
     * verifies a message with it; the test is skipped, saying why, where node or npm is not installed.
     */
    static Path standardWebhooks() throws Exception {
        Assumptions.assumeTrue(
                runs("node", "--version") && runs("npm", "--version"),
                "node and npm are needed to verify webhooks with the official standardwebhooks package: "
                        + "apt-get install nodejs npm");
        Path dir = Path.of("target", "standardwebhooks").toAbsolutePath();
        if (!Files.isDirectory(dir.resolve("node_modules/standardwebhooks"))) {
            Files.createDirectories(dir);
            Process npm = new ProcessBuilder(
                            "npm", "install", "--no-audit", "--no-fund", "--prefix", dir.toString(), "standardwebhooks")
                    .redirectErrorStream(true)
                    .start();
            String said = new String(npm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(npm.waitFor(5, TimeUnit.MINUTES) && npm.exitValue() == 0)
                    .as(said)
                    .isTrue();
        }
        try (var script = WebhookDeliveryTest.class.getResourceAsStream("/webhooks/verify.cjs")) {
            Files.write(dir.resolve("verify.cjs"), script.readAllBytes());
        }
        return dir;
    }

    /** What the verify script says of one received message. */
    static String verify(Path dir, String secret, Map<String, String> headers, String body) throws Exception {
        ObjectNode message =
                Fixtures.JSON.createObjectNode().put("secret", secret).put("body", body);
        headers.forEach(message.putObject("headers")::put);
        Path file = Files.createTempFile(dir, "message", ".json");
        Files.writeString(file, message.toString());
        Process node = new ProcessBuilder("node", dir.resolve("verify.cjs").toString(), file.toString())
                .redirectErrorStream(true)
                .start();
        String said = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        node.waitFor(1, TimeUnit.MINUTES);
        Files.delete(file);
        return said;
    }

    private static boolean runs(String... command) {
        try {
            Process process =
                    new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getInputStream().readAllBytes();
            return process.waitFor(1, TimeUnit.MINUTES) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
