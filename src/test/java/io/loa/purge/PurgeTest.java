package io.loa.purge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.loa.Fixtures;
import io.loa.ServerPerClass;
import io.loa.ServerSetup;
import io.loa.config.PurgeConfig;
import io.loa.websub.Subscriber;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A running Loa purging loopback receivers standing for Varnish (xkey, and plain PURGE by URL), Fastly and
 * Cloudflare after each write: each request in the shape its provider documents, retried after a failure, told in
 * the deliveries, and no token anywhere but in the request that needs it.
 */
class PurgeTest {

    static final String FASTLY_TOKEN = "fastly-secret-token-1234";
    static final String CLOUDFLARE_TOKEN = "cloudflare-secret-token-5678";

    static final Subscriber varnish = new Subscriber().answering(200);
    static final Subscriber urls = new Subscriber().answering(200);
    static final Subscriber fastly = new Subscriber().answering(200);
    static final Subscriber cloudflare = new Subscriber().answering(200);

    @RegisterExtension
    static final ServerPerClass loa = new ServerPerClass(ServerSetup.defaults()
            .settings(Map.of(
                    "LOA_WEBSUB_ALLOW_PRIVATE_CALLBACKS",
                    "true",
                    "LOA_WEBHOOK_RETRIES",
                    "200ms,200ms,200ms",
                    "LOA_FASTLY_TOKEN",
                    FASTLY_TOKEN,
                    "LOA_CLOUDFLARE_TOKEN",
                    CLOUDFLARE_TOKEN))
            .site(site -> site.purge(List.of(
                    new PurgeConfig(
                            PurgeConfig.Provider.VARNISH, varnish.url() + "/", Optional.empty(), Optional.empty()),
                    new PurgeConfig(PurgeConfig.Provider.URLS, urls.url() + "/", Optional.empty(), Optional.empty()),
                    new PurgeConfig(
                            PurgeConfig.Provider.FASTLY,
                            fastly.url(),
                            Optional.of("SU1Z0isxPaozGVKXdv0eY"),
                            Optional.of("LOA_FASTLY_TOKEN")),
                    new PurgeConfig(
                            PurgeConfig.Provider.CLOUDFLARE,
                            cloudflare.url() + "/client/v4",
                            Optional.of("023e105f4ecef8ad9ca31a8372d0c353"),
                            Optional.of("LOA_CLOUDFLARE_TOKEN"))))));

    private static final ObjectMapper JSON = new ObjectMapper();

    @AfterAll
    static void stopReceivers() {
        for (Subscriber receiver : List.of(varnish, urls, fastly, cloudflare)) {
            receiver.close();
        }
    }

    @Test
    void aPublishedArticleIsPurgedByItsKeysFromEachCacheInTheShapeItsProviderDocuments() {
        put("purge-1", "Tin cần xoá khỏi bộ đệm", "2024-10-01T08:00:00+07:00");
        Set<String> keys = Set.of("feed:thoi-su", "feed:all", "article:purge-1", "sitemaps", "search");

        Subscriber.Notification xkey = await().until(() -> naming(varnish, "article:purge-1"), r -> r != null);
        assertThat(xkey.method()).isEqualTo("PURGE");
        assertThat(xkey.path()).isEqualTo("/");
        assertThat(words(xkey.header("xkey-purge"))).isEqualTo(keys);

        Subscriber.Notification fastlyPurge = await().until(() -> naming(fastly, "article:purge-1"), r -> r != null);
        assertThat(fastlyPurge.method()).isEqualTo("POST");
        assertThat(fastlyPurge.path()).isEqualTo("/service/SU1Z0isxPaozGVKXdv0eY/purge");
        assertThat(words(fastlyPurge.header("Surrogate-Key"))).isEqualTo(keys);
        assertThat(fastlyPurge.header("Fastly-Key")).isEqualTo(FASTLY_TOKEN);

        Subscriber.Notification cloudflarePurge =
                await().until(() -> naming(cloudflare, "article:purge-1"), r -> r != null);
        assertThat(cloudflarePurge.method()).isEqualTo("POST");
        assertThat(cloudflarePurge.path()).isEqualTo("/client/v4/zones/023e105f4ecef8ad9ca31a8372d0c353/purge_cache");
        assertThat(cloudflarePurge.header("Authorization")).isEqualTo("Bearer " + CLOUDFLARE_TOKEN);
        assertThat(cloudflarePurge.header("Content-Type")).startsWith("application/json");
        JsonNode body = json(cloudflarePurge.text());
        assertThat(body.size()).as("tags alone").isEqualTo(1);
        Set<String> tags = java.util.stream.StreamSupport.stream(
                        body.get("tags").spliterator(), false)
                .map(JsonNode::asText)
                .collect(Collectors.toSet());
        assertThat(tags).isEqualTo(keys);

        String slug = json(loa.server().get("/api/articles/purge-1").body())
                .get("slug")
                .asText();
        await().until(() -> paths(urls).contains("/articles/" + slug));
        assertThat(paths(urls))
                .contains(
                        "/feeds/thoi-su.rss",
                        "/feeds/thoi-su.atom",
                        "/feeds/thoi-su.json",
                        "/sections/thoi-su",
                        "/feeds/all.rss",
                        "/",
                        "/articles/" + slug,
                        "/ap/articles/" + slug,
                        "/ap/sections/thoi-su/outbox",
                        "/ap/site/outbox");
        Subscriber.Notification plain = urls.notificationsSoFar().stream()
                .filter(r -> r.path().equals("/articles/" + slug))
                .findFirst()
                .orElseThrow();
        assertThat(plain.method()).isEqualTo("PURGE");
        assertThat(plain.header("Host"))
                .as("the document as readers ask for it")
                .isEqualTo(loa.server().baseUrl().substring("http://".length()));
        assertThat(plain.header("Fastly-Key")).isNull();
        assertThat(xkey.header("Authorization")).isNull();
    }

    @Test
    void aScheduledArticleIsNotNamedToAnyCacheBeforeItIsPublic() {
        put("embargo-1", "Tin chưa được công bố", "2030-01-01T08:00:00+07:00");
        // The next public write's purge comes after the scheduled one was taken from the stream.
        put("after-embargo-1", "Tin sau tin hẹn giờ", "2024-10-01T08:00:00+07:00");
        await().until(() -> naming(varnish, "article:after-embargo-1") != null
                && naming(fastly, "article:after-embargo-1") != null
                && naming(cloudflare, "article:after-embargo-1") != null);
        for (Subscriber cache : List.of(varnish, urls, fastly, cloudflare)) {
            assertThat(cache.notificationsSoFar())
                    .noneMatch(r -> r.headers().toString().contains("embargo-1")
                                    && !r.headers().toString().contains("after-embargo-1")
                            || r.text().contains("article:embargo-1")
                            || r.path().contains("chua-duoc-cong-bo"));
        }
        JsonNode receipts = receipts("embargo-1");
        assertThat(receipts.at("/change/kind").asText()).isEqualTo("scheduled");
        assertThat(receipts.at("/channels/purge")).isEmpty();
    }

    @Test
    void aCacheThatFailsIsPurgedAgainAndTheDeliveriesSaySo() {
        varnish.thenAnswer(503);
        put("retried-1", "Tin thử lại", "2024-10-01T08:00:00+07:00");
        await().atMost(Duration.ofSeconds(10))
                .until(() -> varnish.notificationsSoFar().stream()
                                .filter(r -> words(r.header("xkey-purge")).contains("article:retried-1"))
                                .count()
                        == 2);
        await().until(() ->
                receipt("retried-1", "varnish").path("state").asText().equals("delivered"));
        JsonNode receipt = receipt("retried-1", "varnish");
        assertThat(receipt.get("attempts").asInt()).isEqualTo(2);
        assertThat(receipt.get("status").asInt()).isEqualTo(200);
        assertThat(receipt.get("method").asText()).isEqualTo("PURGE");
        await().until(() -> receipt("retried-1", "fastly")
                        .path("state")
                        .asText()
                        .equals("delivered")
                && receipt("retried-1", "cloudflare").path("state").asText().equals("delivered"));
        String all = receipts("retried-1").toString();
        assertThat(all).doesNotContain(FASTLY_TOKEN).doesNotContain(CLOUDFLARE_TOKEN);
    }

    @Test
    void aServerWhosePurgeTokenIsNotSetRefusesToStartAndSaysWhichVariable() {
        ServerSetup setup = ServerSetup.defaults()
                .site(site -> site.purge(List.of(new PurgeConfig(
                        PurgeConfig.Provider.FASTLY,
                        fastly.url(),
                        Optional.of("SU1Z0isxPaozGVKXdv0eY"),
                        Optional.of("LOA_FASTLY_TOKEN")))));
        assertThatThrownBy(setup::start)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("LOA_FASTLY_TOKEN must be set")
                .hasMessageContaining("fastly purge");
    }

    private static void put(String id, String title, String published) {
        loa.server().putArticle(id, Fixtures.article(title, "thoi-su", published), loa.token());
    }

    /** The first request the cache got whose keys name {@code key}, or null. */
    private static Subscriber.Notification naming(Subscriber cache, String key) {
        return cache.notificationsSoFar().stream()
                .filter(r -> words(r.header("xkey-purge")).contains(key)
                        || words(r.header("Surrogate-Key")).contains(key)
                        || r.text().contains("\"" + key + "\""))
                .findFirst()
                .orElse(null);
    }

    private static Set<String> paths(Subscriber cache) {
        return cache.notificationsSoFar().stream().map(r -> r.path()).collect(Collectors.toSet());
    }

    private static Set<String> words(String header) {
        return header == null ? Set.of() : Set.copyOf(Arrays.asList(header.split(" ")));
    }

    private static JsonNode receipt(String articleId, String provider) {
        for (JsonNode each : receipts(articleId).at("/channels/purge")) {
            if (each.get("destination").asText().startsWith(provider + " ")) {
                return each;
            }
        }
        return JSON.missingNode();
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
