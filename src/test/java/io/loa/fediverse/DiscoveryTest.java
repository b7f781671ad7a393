package io.loa.fediverse;

import static io.loa.fediverse.ActorsTest.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import io.loa.Fixtures;
import io.loa.ServerPerClass;
import io.loa.ServerSetup;
import io.loa.config.FediverseConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.w3c.dom.Element;

/**
 * Other servers find the site's accounts by handle with WebFinger (RFC 7033), through host-meta's template, and learn
 * what the site is from NodeInfo 2.1. Handles are the site's (configured), each section's slug, each author's slug,
 * in that order where two would share one.
 */
class DiscoveryTest {

    @RegisterExtension
    static final ServerPerClass loa = new ServerPerClass(ServerSetup.defaults()
            .site(site -> site.fediverse(new FediverseConfig(
                    true, Optional.of("baohatinh.vn"), Optional.of("baohatinh"), FediverseConfig.ObjectType.ARTICLE))));

    @BeforeAll
    static void seed() {
        put("an-1", ActorsTest.byAuthor("Đường ven biển", "thoi-su", "2025-01-10T08:00:00+07:00", "Nguyễn Văn An"));
        // An author named as a section is: the section keeps the handle.
        put("ts-1", ActorsTest.byAuthor("Tin nhanh", "thoi-su", "2025-01-11T08:00:00+07:00", "Thời sự"));
        put("hen-1", ActorsTest.byAuthor("Chưa đến giờ", "thoi-su", "2025-06-01T08:00:00+07:00", "Trần Thị Hẹn"));
    }

    static void put(String id, ObjectNode article) {
        loa.server().putArticle(id, article, loa.token());
    }

    static HttpResponse<String> webfinger(String resource) {
        return loa.server()
                .get("/.well-known/webfinger?resource=" + URLEncoder.encode(resource, StandardCharsets.UTF_8));
    }

    @Test
    void aSectionsHandleLeadsToItsAccountAndItsPage() {
        String base = loa.server().baseUrl();
        HttpResponse<String> response = webfinger("acct:thoi-su@baohatinh.vn");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/jrd+json; charset=utf-8");
        assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
        JsonNode jrd = json(response);
        assertThat(jrd.get("subject").asText()).isEqualTo("acct:thoi-su@baohatinh.vn");
        assertThat(jrd.get("aliases"))
                .extracting(JsonNode::asText)
                .containsExactly(base + "/ap/sections/thoi-su", base + "/sections/thoi-su");
        JsonNode self = jrd.get("links").get(0);
        assertThat(self.get("rel").asText()).isEqualTo("self");
        assertThat(self.get("type").asText()).isEqualTo("application/activity+json");
        assertThat(self.get("href").asText()).isEqualTo(base + "/ap/sections/thoi-su");
        JsonNode profile = jrd.get("links").get(1);
        assertThat(profile.get("rel").asText()).isEqualTo("http://webfinger.net/rel/profile-page");
        assertThat(profile.get("type").asText()).isEqualTo("text/html");
        assertThat(profile.get("href").asText()).isEqualTo(base + "/sections/thoi-su");
        assertThat(loa.server().get(self.get("href").asText()).statusCode()).isEqualTo(200);
    }

    @Test
    void theSitesAndAnAuthorsHandlesAndAnAccountsUrlLeadToTheirAccounts() {
        String base = loa.server().baseUrl();
        assertThat(self(webfinger("acct:baohatinh@baohatinh.vn"))).isEqualTo(base + "/ap/site");
        assertThat(self(webfinger("acct:BaoHaTinh@BAOHATINH.VN")))
                .as("in any case")
                .isEqualTo(base + "/ap/site");
        assertThat(self(webfinger("acct:nguyen-van-an@baohatinh.vn"))).isEqualTo(base + "/ap/authors/nguyen-van-an");
        HttpResponse<String> byUrl = webfinger(base + "/ap/authors/nguyen-van-an");
        assertThat(json(byUrl).get("subject").asText()).isEqualTo("acct:nguyen-van-an@baohatinh.vn");
        assertThat(self(byUrl)).isEqualTo(base + "/ap/authors/nguyen-van-an");
    }

    @Test
    void anAuthorNamedAsASectionHasNoHandleButKeepsTheirAccount() {
        String base = loa.server().baseUrl();
        assertThat(self(webfinger("acct:thoi-su@baohatinh.vn"))).isEqualTo(base + "/ap/sections/thoi-su");
        HttpResponse<String> author = webfinger(base + "/ap/authors/thoi-su");
        assertThat(json(author).get("subject").asText()).isEqualTo(base + "/ap/authors/thoi-su");
        assertThat(ActorsTest.actor(loa.server(), "/ap/authors/thoi-su")
                        .get("type")
                        .asText())
                .isEqualTo("Person");
    }

    @Test
    void unknownAccountsOtherHostsAndEmbargoedAuthorsAreNotFound() {
        String base = loa.server().baseUrl();
        for (String resource : List.of(
                "acct:khong-co-ai@baohatinh.vn",
                "acct:thoi-su@example.com",
                "acct:tran-thi-hen@baohatinh.vn",
                base + "/ap/authors/tran-thi-hen",
                "https://example.com/ap/site")) {
            HttpResponse<String> response = webfinger(resource);
            assertThat(response.statusCode()).as(resource).isEqualTo(404);
            assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(response.headers().firstValue("Access-Control-Allow-Origin"))
                    .hasValue("*");
        }
    }

    @Test
    void aMissingOrMalformedResourceIsABadRequest() {
        for (String query : List.of(
                "",
                "?resource=",
                "?resource=thoi-su",
                "?resource=acct:thoi-su",
                "?resource=acct:@baohatinh.vn",
                "?resource=mailto:a@b.c",
                "?resource=acct:" + "a".repeat(2100))) {
            HttpResponse<String> response = loa.server().get("/.well-known/webfinger" + query);
            assertThat(response.statusCode()).as(query).isEqualTo(400);
            assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(json(response).get("detail").asText()).contains("resource");
        }
    }

    @Test
    void hostMetaGivesWebFingersTemplate() throws Exception {
        HttpResponse<String> response = loa.server().get("/.well-known/host-meta");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/xrd+xml; charset=utf-8");
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        org.w3c.dom.Document xrd = factory.newDocumentBuilder()
                .parse(new java.io.ByteArrayInputStream(response.body().getBytes(StandardCharsets.UTF_8)));
        Element root = xrd.getDocumentElement();
        assertThat(root.getNamespaceURI()).isEqualTo("http://docs.oasis-open.org/ns/xri/xrd-1.0");
        assertThat(root.getLocalName()).isEqualTo("XRD");
        Element link = (Element)
                root.getElementsByTagNameNS(root.getNamespaceURI(), "Link").item(0);
        assertThat(link.getAttribute("rel")).isEqualTo("lrdd");
        String template = link.getAttribute("template");
        assertThat(template).isEqualTo(loa.server().baseUrl() + "/.well-known/webfinger?resource={uri}");
        String url = template.replace("{uri}", URLEncoder.encode("acct:thoi-su@baohatinh.vn", StandardCharsets.UTF_8));
        assertThat(loa.server()
                        .get(URI.create(url).getRawPath() + "?"
                                + URI.create(url).getRawQuery())
                        .statusCode())
                .isEqualTo(200);
    }

    @Test
    void nodeInfoSaysLoaSpeaksActivityPubCountsAccountsAndPublicArticlesAndTakesNoSignUps() throws Exception {
        HttpResponse<String> wellKnown = loa.server().get("/.well-known/nodeinfo");
        assertThat(wellKnown.statusCode()).isEqualTo(200);
        JsonNode link = json(wellKnown).get("links").get(0);
        assertThat(link.get("rel").asText()).isEqualTo("http://nodeinfo.diaspora.software/ns/schema/2.1");
        assertThat(link.get("href").asText()).isEqualTo(loa.server().baseUrl() + "/nodeinfo/2.1");

        HttpResponse<String> response = loa.server().get(link.get("href").asText());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValue("application/json; profile=\"http://nodeinfo.diaspora.software/ns/schema/2.1#\"");
        JsonNode info = json(response);
        assertThat(schema().validate(info)).isEmpty();
        assertThat(info.get("version").asText()).isEqualTo("2.1");
        assertThat(info.get("software").get("name").asText()).isEqualTo("loa");
        assertThat(info.get("software").get("version").asText()).isNotBlank();
        assertThat(info.get("protocols")).extracting(JsonNode::asText).containsExactly("activitypub");
        assertThat(info.get("openRegistrations").asBoolean()).isFalse();
        int sections = loa.server().get("/api/sections").body().split("\"slug\"").length - 1;
        // The site, its sections, and the two authors with a live article (not the embargoed one).
        assertThat(info.get("usage").get("users").get("total").asInt()).isEqualTo(1 + sections + 2);
        assertThat(info.get("usage").get("localPosts").asInt())
                .as("public articles")
                .isEqualTo(2);
    }

    /** NodeInfo's schema 2.1, checked to be able to say no. */
    static JsonSchema schema() throws IOException {
        try (InputStream in = DiscoveryTest.class.getResourceAsStream("/fediverse/nodeinfo-2.1.schema.json")) {
            JsonSchema schema =
                    JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4).getSchema(in);
            assertThat(schema.validate(Fixtures.JSON.readTree(
                            "{\"version\":\"2.1\",\"software\":{\"name\":\"Loa\",\"version\":\"1\"},\"protocols\":[],"
                                    + "\"services\":{\"inbound\":[],\"outbound\":[]},\"openRegistrations\":false,"
                                    + "\"usage\":{\"users\":{}},\"metadata\":{}}")))
                    .hasSize(2);
            return schema;
        } catch (UncheckedIOException e) {
            throw e;
        }
    }

    static String self(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json(response).get("links").get(0).get("href").asText();
    }
}
