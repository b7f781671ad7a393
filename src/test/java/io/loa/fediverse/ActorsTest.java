package io.loa.fediverse;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.loa.Fixtures;
import io.loa.ServerPerClass;
import io.loa.ServerSetup;
import io.loa.TestServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.KeyFactory;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The site, each section and each author with a live article are fediverse accounts: each has an ActivityStreams
 * profile with its inbox, outbox, followers and public key, the same on every instance; an author whose articles
 * are all still embargoed is as unknown as one who never wrote.
 */
class ActorsTest {

    @RegisterExtension
    static final ServerPerClass loa = new ServerPerClass();

    static final String AP = "application/activity+json; charset=utf-8";

    @BeforeAll
    static void seed() {
        put("an-1", byAuthor("Đường ven biển", "thoi-su", "2025-01-10T08:00:00+07:00", "Nguyễn Văn An"));
        // Published after TestServer.NOW: scheduled, so its author is not public yet.
        put("hen-1", byAuthor("Chưa đến giờ", "thoi-su", "2025-06-01T08:00:00+07:00", "Trần Thị Hẹn"));
    }

    static ObjectNode byAuthor(String title, String section, String published, String author) {
        ObjectNode article = Fixtures.article(title, section, published);
        article.put("author", author);
        return article;
    }

    static void put(String id, ObjectNode article) {
        loa.server().putArticle(id, article, loa.token());
    }

    static JsonNode json(HttpResponse<String> response) {
        try {
            return Fixtures.JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static HttpResponse<String> get(TestServer server, String path) {
        return server.send(HttpRequest.newBuilder(server.uri(path)).header("Accept", "application/activity+json"));
    }

    static JsonNode actor(TestServer server, String path) {
        HttpResponse<String> response = get(server, path);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue(AP);
        return json(response);
    }

    @Test
    void theSiteIsAServiceWithItsHandleInboxOutboxFollowersKeyAndIcon() {
        String base = loa.server().baseUrl();
        JsonNode site = actor(loa.server(), "/ap/site");
        assertThat(site.get("@context").get(0).asText()).isEqualTo("https://www.w3.org/ns/activitystreams");
        assertThat(site.get("@context").get(1).asText()).isEqualTo("https://w3id.org/security/v1");
        assertThat(site.get("id").asText()).isEqualTo(base + "/ap/site");
        assertThat(site.get("type").asText()).isEqualTo("Service");
        assertThat(site.get("preferredUsername").asText()).isEqualTo("localhost");
        assertThat(site.get("name").asText()).isEqualTo("Báo Hà Tĩnh");
        assertThat(site.get("summary").asText()).isEqualTo("<p>Tin tức, thời sự của tỉnh Hà Tĩnh theo từng chủ đề</p>");
        assertThat(site.get("url").asText()).isEqualTo(base + "/");
        assertThat(site.get("inbox").asText()).isEqualTo(base + "/ap/site/inbox");
        assertThat(site.get("outbox").asText()).isEqualTo(base + "/ap/site/outbox");
        assertThat(site.get("followers").asText()).isEqualTo(base + "/ap/site/followers");
        assertThat(site.get("endpoints").get("sharedInbox").asText()).isEqualTo(base + "/ap/inbox");
        assertThat(site.get("discoverable").asBoolean()).isTrue();
        assertThat(site.get("icon").get("type").asText()).isEqualTo("Image");
        assertThat(site.get("icon").get("url").asText()).isEqualTo(base + "/assets/icon.png");
        assertThat(site.get("icon").get("mediaType").asText()).isEqualTo("image/png");
        assertThat(loa.server().get("/assets/icon.png").statusCode()).isEqualTo(200);
        JsonNode key = site.get("publicKey");
        assertThat(key.get("id").asText()).isEqualTo(base + "/ap/site#main-key");
        assertThat(key.get("owner").asText()).isEqualTo(base + "/ap/site");
        assertThat(rsa(key.get("publicKeyPem").asText()).getModulus().bitLength())
                .isEqualTo(2048);
    }

    @Test
    void aSectionIsAServiceNamedAsTheConfigNamesIt() {
        String base = loa.server().baseUrl();
        JsonNode section = actor(loa.server(), "/ap/sections/thoi-su");
        assertThat(section.get("id").asText()).isEqualTo(base + "/ap/sections/thoi-su");
        assertThat(section.get("type").asText()).isEqualTo("Service");
        assertThat(section.get("preferredUsername").asText()).isEqualTo("thoi-su");
        assertThat(section.get("name").asText()).isEqualTo("Thời sự");
        assertThat(section.get("url").asText()).isEqualTo(base + "/sections/thoi-su");
        assertThat(section.get("outbox").asText()).isEqualTo(base + "/ap/sections/thoi-su/outbox");
        assertThat(section.get("publicKey").get("id").asText()).isEqualTo(base + "/ap/sections/thoi-su#main-key");
        assertThat(section.get("publicKey").get("publicKeyPem").asText())
                .as("a key of its own")
                .isNotEqualTo(actor(loa.server(), "/ap/site")
                        .get("publicKey")
                        .get("publicKeyPem")
                        .asText());
    }

    @Test
    void anAuthorWithALiveArticleIsAPerson() {
        String base = loa.server().baseUrl();
        JsonNode author = actor(loa.server(), "/ap/authors/nguyen-van-an");
        assertThat(author.get("type").asText()).isEqualTo("Person");
        assertThat(author.get("preferredUsername").asText()).isEqualTo("nguyen-van-an");
        assertThat(author.get("name").asText()).isEqualTo("Nguyễn Văn An");
        assertThat(author.get("url").asText()).isEqualTo(base + "/authors/nguyen-van-an");
        assertThat(author.get("inbox").asText()).isEqualTo(base + "/ap/authors/nguyen-van-an/inbox");
        assertThat(author.get("followers").asText()).isEqualTo(base + "/ap/authors/nguyen-van-an/followers");
    }

    @Test
    void anAuthorWhoseArticlesAreAllEmbargoedIsAsUnknownAsOneWhoNeverWrote() {
        HttpResponse<String> embargoed = get(loa.server(), "/ap/authors/tran-thi-hen");
        HttpResponse<String> nobody = get(loa.server(), "/ap/authors/khong-co-ai");
        for (HttpResponse<String> response : List.of(embargoed, nobody)) {
            assertThat(response.statusCode()).isEqualTo(404);
            assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        }
        assertThat(embargoed.body().replace("tran-thi-hen", "X"))
                .isEqualTo(nobody.body().replace("khong-co-ai", "X"));
        for (String part : List.of("/outbox", "/followers")) {
            assertThat(get(loa.server(), "/ap/authors/tran-thi-hen" + part).statusCode())
                    .isEqualTo(404);
        }
        assertThat(json(get(loa.server(), "/ap/sections/thoi-su/outbox"))
                        .get("totalItems")
                        .asInt())
                .as("only the live article")
                .isEqualTo(1);
    }

    @Test
    void anUnknownSectionIsAProblem() {
        HttpResponse<String> response = get(loa.server(), "/ap/sections/khong-co");
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(json(response).get("status").asInt()).isEqualTo(404);
    }

    @Test
    void aFollowersCollectionCountsButNamesNoOne() {
        JsonNode followers = actor(loa.server(), "/ap/sections/thoi-su/followers");
        assertThat(followers.get("id").asText()).isEqualTo(loa.server().baseUrl() + "/ap/sections/thoi-su/followers");
        assertThat(followers.get("type").asText()).isEqualTo("OrderedCollection");
        assertThat(followers.get("totalItems").asInt()).isZero();
        assertThat(followers.has("orderedItems")).isFalse();
        assertThat(followers.has("first")).isFalse();
    }

    @Test
    void everyInstanceOnOneDatabasePublishesTheSameKeyAndSoDoesARestart() {
        String first;
        try (TestServer one = TestServer.start()) {
            first = actor(one, "/ap/sections/du-lich")
                    .get("publicKey")
                    .get("publicKeyPem")
                    .asText();
            try (TestServer two = ServerSetup.defaults().sharingDatabaseOf(one).start()) {
                assertThat(actor(two, "/ap/sections/du-lich")
                                .get("publicKey")
                                .get("publicKeyPem")
                                .asText())
                        .isEqualTo(first);
            }
            try (TestServer again =
                    ServerSetup.defaults().sharingDatabaseOf(one).start()) {
                assertThat(actor(again, "/ap/sections/du-lich")
                                .get("publicKey")
                                .get("publicKeyPem")
                                .asText())
                        .as("after a restart")
                        .isEqualTo(first);
            }
        }
    }

    static RSAPublicKey rsa(String pem) {
        assertThat(pem).startsWith("-----BEGIN PUBLIC KEY-----\n").endsWith("-----END PUBLIC KEY-----\n");
        String base64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        try {
            return (RSAPublicKey) KeyFactory.getInstance("RSA")
                    .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64)));
        } catch (java.security.GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }
}
