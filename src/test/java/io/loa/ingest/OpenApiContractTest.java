package io.loa.ingest;

import static io.loa.db.schema.Tables.ARTICLE;
import static io.loa.db.schema.Tables.EDITOR_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import io.loa.ApiContract;
import io.loa.Exchanges;
import io.loa.Fixtures;
import io.loa.ServerPerClass;
import io.loa.ServerSetup;
import io.loa.TestServer;
import io.loa.db.Database;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code GET /api/openapi.json}: a valid OpenAPI 3.1 document that names every route of the API and every status it
 * answers with. Every exchange of the suite is held to it (see {@link ApiContract}); here each documented status is
 * provoked once, and the check is shown to catch a response or a contract that disagree.
 */
class OpenApiContractTest {

    static final String PUBLISHED = "2024-06-01T08:00:00+07:00";

    @RegisterExtension
    static final ServerPerClass loa = new ServerPerClass(ServerSetup.defaults().setting("LOA_MAX_BODY_BYTES", "65536"));

    /** A server whose database has lost its tables: what the API answers when the database fails. */
    @RegisterExtension
    static final ServerPerClass brokenLoa =
            new ServerPerClass(ServerSetup.defaults().setting("LOA_SYNC_MILLIS", "600000"));

    static TestServer server;
    static TestServer broken;
    static String desk;
    static String tourismDesk;
    static String brokenDesk;
    static int ids;

    @BeforeAll
    static void start() {
        server = loa.server();
        desk = server.token("desk");
        tourismDesk = server.token("tourism-desk", "du-lich");
        broken = brokenLoa.server();
        brokenDesk = broken.token("desk");
        try (Database db = broken.database()) {
            db.dsl().dropTable(ARTICLE).cascade().execute();
            db.dsl().dropTable(EDITOR_TOKEN).cascade().execute();
            db.dsl().dropTable(DSL.quotedName("flyway_schema_history")).execute();
        }
    }

    @Test
    void theContractIsAValidOpenApi31Document() throws Exception {
        HttpResponse<String> response = server.get("/api/openapi.json");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type"))
                .get()
                .asString()
                .startsWith("application/json");
        JsonNode contract = Fixtures.JSON.readTree(response.body());

        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
        JsonSchema openApi;
        try (InputStream oas = getClass().getResourceAsStream("/oas/3.1/schema.json")) {
            openApi = factory.getSchema(oas);
        }
        assertThat(openApi.validate(contract)).isEmpty();
        ObjectNode withoutInfo = contract.deepCopy();
        withoutInfo.remove("info");
        assertThat(openApi.validate(withoutInfo)).as("a document without info").isNotEmpty();

        // The OpenAPI schema takes any object as a Schema Object; the JSON Schema meta-schema checks each one.
        JsonSchema metaSchema = factory.getSchema(SchemaLocation.of("https://json-schema.org/draft/2020-12/schema"));
        Map<String, JsonNode> schemas = schemaObjects(contract);
        assertThat(schemas).hasSizeGreaterThan(20);
        schemas.forEach(
                (at, schema) -> assertThat(metaSchema.validate(schema)).as(at).isEmpty());
        assertThat(metaSchema.validate(Fixtures.JSON.readTree("{\"type\": \"strin\"}")))
                .as("a typo")
                .isNotEmpty();
    }

    @Test
    void theServedContractIsTheSourceWithThisServersAddress() throws Exception {
        JsonNode served = Fixtures.JSON.readTree(server.get("/api/openapi.json").body());
        ObjectNode source = ApiContract.LOA.document().deepCopy();
        ((ObjectNode) source.get("servers").get(0)).put("url", server.env().get("LOA_BASE_URL"));
        assertThat(served).isEqualTo(source);
    }

    @Test
    void theContractAnswersARevalidationWith304() {
        HttpResponse<String> first = server.get("/api/openapi.json");
        String etag = first.headers().firstValue("ETag").orElseThrow();
        HttpResponse<String> again = server.revalidate("/api/openapi.json", etag);
        assertThat(again.statusCode()).isEqualTo(304);
        assertThat(again.body()).isEmpty();
        assertThat(server.revalidate("/api/openapi.json", "\"other\"").statusCode())
                .isEqualTo(200);
    }

    @Test
    void everyRouteOfTheApiIsInTheContractAndEveryOperationIsARoute() {
        Set<String> routes = server.routes().stream()
                .filter(route -> ApiContract.LOA.covers(route.substring(route.indexOf(' ') + 1)))
                .filter(route -> !route.startsWith("HEAD ")) // GET without the body (HeadTest); documented as GET
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(routes).isEqualTo(ApiContract.LOA.operations());
        assertThat(routes).contains("PUT /api/articles/{id}", "GET /api/openapi.json", "GET /ready");
    }

    static Stream<String> documentedResponses() {
        return ApiContract.LOA.responses().stream();
    }

    /** Each documented status of each operation, answered by the real server and checked against the contract. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("documentedResponses")
    void everyStatusTheContractListsIsOneTheServerGives(String response) {
        Supplier<HttpResponse<String>> request = requests().get(response);
        assertThat(request)
                .as("a request that makes the server answer " + response)
                .isNotNull();
        assertThat(request.get().statusCode())
                .isEqualTo(Integer.parseInt(response.substring(response.lastIndexOf(' ') + 1)));
    }

    @Test
    void everyRequestHereProvokesAStatusTheContractLists() {
        assertThat(ApiContract.LOA.responses()).containsAll(requests().keySet());
    }

    @Test
    void aResponseThatBreaksTheContractFailsTheTestThatMadeIt() {
        ApiContract contract = ApiContract.LOA;
        String json = "application/json";
        String problem = "application/problem+json";
        contract.check(exchange("GET", "/api/sections", null, 200, json, "[]"));

        assertThatThrownBy(() -> contract.check(exchange("GET", "/api/sections", null, 200, json, "[{\"slug\": 5}]")))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("GET /api/sections → 200")
                .hasMessageContaining("response body");
        assertThatThrownBy(() -> contract.check(exchange("GET", "/api/openapi.json", null, 200, json, "[]")))
                .hasMessageContaining("no ETag header")
                .hasMessageContaining("array found, object expected");
        assertThatThrownBy(() -> contract.check(exchange(
                        "GET",
                        "/api/sections",
                        null,
                        200,
                        json,
                        "[{\"slug\":\"x\",\"title\":\"X\",\"description\":null,"
                                + "\"feeds\":{\"rss\":\"not a URL\",\"atom\":\"a:b\",\"json\":\"a:b\"}}]")))
                .hasMessageContaining("rss");
        assertThatThrownBy(() -> contract.check(exchange(
                        "GET",
                        "/api/sections",
                        null,
                        418,
                        problem,
                        "{\"type\":\"about:blank\",\"title\":\"I'm a teapot\",\"status\":418,\"detail\":\"No.\"}")))
                .hasMessageContaining("status 418 is not one the contract lists");
        assertThatThrownBy(() -> contract.check(exchange("GET", "/api/sections", null, 200, "text/html", "<p>")))
                .hasMessageContaining("text/html");
        String article =
                "{\"id\":\"a\",\"slug\":\"a\",\"link\":\"http://localhost/articles/a\",\"title\":\"A\",\"body\":\"\","
                        + "\"language\":\"vi\",\"sections\":[\"thoi-su\"],\"tags\":[],\"published\":\"2024-06-01T08:00:00+07:00\","
                        + "\"updated\":\"2024-06-01T08:00:00+07:00\",\"images\":[],\"related\":[],\"scheduled\":false}";
        assertThatThrownBy(() -> contract.check(exchange("GET", "/api/articles/a", null, 200, json, article)))
                .hasMessageContaining("no ETag header");
        assertThatThrownBy(() -> contract.check(exchange(
                        "PUT",
                        "/api/articles/a",
                        "{\"title\": 5, \"sections\": [\"thoi-su\"], \"published\": \"" + PUBLISHED + "\"}",
                        200,
                        json,
                        article)))
                .hasMessageContaining("accepted request body");
        assertThatThrownBy(
                        () -> contract.check(
                                exchange(
                                        "PUT",
                                        "/api/articles/a",
                                        "{}",
                                        422,
                                        problem,
                                        "{\"type\":\"about:blank\",\"title\":\"Unprocessable Content\",\"status\":422,\"detail\":\"title: is required\"}")))
                .hasMessageContaining("response body");
        assertThatThrownBy(() -> contract.check(exchange("GET", "/api/khong-co", null, 200, json, "{}")))
                .hasMessageContaining("a path the contract does not have");
        assertThatThrownBy(() -> contract.check(exchange("POST", "/api/sections", "{}", 200, json, "[]")))
                .hasMessageContaining("a method the contract does not give this path");
    }

    @Test
    void aContractThatNoLongerMatchesTheCodeFailsOnARealExchange() {
        put("drifted", Fixtures.article("Tiêu đề dài hơn ba chữ", "thoi-su", PUBLISHED), desk);
        HttpRequest get =
                HttpRequest.newBuilder(server.uri("/api/articles/drifted")).build();
        ApiContract.Exchange real = Exchanges.of(get, server.send(HttpRequest.newBuilder(get.uri())));

        ObjectNode shorterTitles = ApiContract.LOA.document().deepCopy();
        ((ObjectNode) shorterTitles.at("/components/schemas/Article/properties/title")).put("maxLength", 3);
        assertThatThrownBy(() -> new ApiContract("https://loa.test/shorter-titles.json", shorterTitles).check(real))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("title");

        ObjectNode withoutEtag = ApiContract.LOA.document().deepCopy();
        ((ObjectNode) withoutEtag.at("/components/responses/Article")).remove("headers");
        ((ObjectNode) withoutEtag.at("/paths/~1api~1articles~1{id}/get/responses")).remove("200");
        assertThatThrownBy(() -> new ApiContract("https://loa.test/no-200.json", withoutEtag).check(real))
                .hasMessageContaining("status 200 is not one the contract lists");
    }

    /** For each documented response, a request the server answers with it. */
    static Map<String, Supplier<HttpResponse<String>>> requests() {
        String article = "/api/articles/{id}";
        Map<String, Supplier<HttpResponse<String>>> requests = new LinkedHashMap<>();
        requests.put("GET /api/openapi.json 200", () -> server.get("/api/openapi.json"));
        requests.put(
                "GET /api/openapi.json 304",
                () -> server.revalidate(
                        "/api/openapi.json",
                        server.get("/api/openapi.json")
                                .headers()
                                .firstValue("ETag")
                                .orElseThrow()));
        requests.put("GET /api/sections 200", () -> server.get("/api/sections"));
        requests.put("GET /api/scheduled 200", () -> get(server, "/api/scheduled", desk));
        requests.put("GET /api/scheduled 401", () -> server.get("/api/scheduled"));
        requests.put("GET /api/scheduled 500", () -> get(broken, "/api/scheduled", brokenDesk));

        requests.put("PUT " + article + " 201", () -> put(newId(), valid(), desk));
        requests.put("PUT " + article + " 200", () -> {
            String id = existing();
            return put(id, valid().put("title", "Bản sửa"), desk);
        });
        requests.put(
                "PUT " + article + " 400",
                () -> send(server, "PUT", "/api/articles/" + newId(), "application/json", "{\"title\": \"Bài", desk));
        requests.put("PUT " + article + " 401", () -> put(newId(), valid(), "loa_not-a-real-token"));
        requests.put("PUT " + article + " 403", () -> put(newId(), valid(), tourismDesk));
        requests.put(
                "PUT " + article + " 412",
                () -> server.send(HttpRequest.newBuilder(server.uri("/api/articles/" + existing()))
                        .header("Content-Type", "application/json")
                        .header("Authorization", "Bearer " + desk)
                        .header("If-Match", "\"stale\"")
                        .PUT(HttpRequest.BodyPublishers.ofString(valid().toString()))));
        requests.put(
                "PUT " + article + " 413",
                () -> put(newId(), valid().put("body", "<p>" + "à".repeat(40_000) + "</p>"), desk));
        requests.put(
                "PUT " + article + " 415",
                () -> send(server, "PUT", "/api/articles/" + newId(), "text/plain", valid().toString(), desk));
        requests.put("PUT " + article + " 422", () -> put(newId(), valid().put("title", 5), desk));
        requests.put(
                "PUT " + article + " 500",
                () -> send(broken, "PUT", "/api/articles/a", "application/json", valid().toString(), brokenDesk));

        requests.put("GET " + article + " 200", () -> server.get("/api/articles/" + existing()));
        requests.put("GET " + article + " 304", () -> {
            String path = "/api/articles/" + existing();
            return server.revalidate(
                    path, server.get(path).headers().firstValue("ETag").orElseThrow());
        });
        requests.put("GET " + article + " 400", () -> server.get("/api/articles/a%00b"));
        requests.put(
                "GET " + article + " 401",
                () -> server.send(HttpRequest.newBuilder(server.uri("/api/articles/" + existing()))
                        .header("Authorization", "Basic ZGVzazpzZWNyZXQ=")));
        requests.put("GET " + article + " 404", () -> server.get("/api/articles/khong-co"));
        requests.put("GET " + article + " 410", () -> server.get("/api/articles/" + deleted()));
        requests.put("GET " + article + " 500", () -> broken.get("/api/articles/a"));

        requests.put("DELETE " + article + " 204", () -> server.delete("/api/articles/" + existing(), desk));
        requests.put("DELETE " + article + " 400", () -> server.delete("/api/articles/a%00b", desk));
        requests.put("DELETE " + article + " 401", () -> server.delete("/api/articles/" + existing(), "sai"));
        requests.put("DELETE " + article + " 403", () -> server.delete("/api/articles/" + existing(), tourismDesk));
        requests.put("DELETE " + article + " 404", () -> server.delete("/api/articles/khong-co", desk));
        requests.put("DELETE " + article + " 410", () -> server.delete("/api/articles/" + deleted(), desk));
        requests.put(
                "DELETE " + article + " 412",
                () -> server.send(HttpRequest.newBuilder(server.uri("/api/articles/" + existing()))
                        .header("Authorization", "Bearer " + desk)
                        .header("If-Match", "\"stale\"")
                        .DELETE()));
        requests.put("DELETE " + article + " 500", () -> broken.delete("/api/articles/a", brokenDesk));

        requests.put("GET /api/websub/subscriptions 200", () -> get(server, "/api/websub/subscriptions", desk));
        requests.put("GET /api/websub/subscriptions 401", () -> server.get("/api/websub/subscriptions"));
        requests.put("GET /api/websub/subscriptions 403", () -> get(server, "/api/websub/subscriptions", tourismDesk));
        requests.put("GET /api/websub/subscriptions 500", () -> get(broken, "/api/websub/subscriptions", brokenDesk));

        requests.put("GET /api/audience 200", () -> get(server, "/api/audience", desk));
        requests.put("GET /api/audience 401", () -> server.get("/api/audience"));
        requests.put("GET /api/audience 403", () -> get(server, "/api/audience", tourismDesk));
        requests.put("GET /api/audience 500", () -> get(broken, "/api/audience", brokenDesk));

        String hook = "{\"url\": \"https://hooks.example/loa\", \"events\": [\"article.updated\"]}";
        requests.put(
                "POST /api/webhooks 201", () -> send(server, "POST", "/api/webhooks", "application/json", hook, desk));
        requests.put(
                "POST /api/webhooks 400",
                () -> send(server, "POST", "/api/webhooks", "application/json", "{\"url\": ", desk));
        requests.put(
                "POST /api/webhooks 401", () -> send(server, "POST", "/api/webhooks", "application/json", hook, "sai"));
        requests.put(
                "POST /api/webhooks 403",
                () -> send(server, "POST", "/api/webhooks", "application/json", hook, tourismDesk));
        requests.put(
                "POST /api/webhooks 413",
                () -> send(
                        server,
                        "POST",
                        "/api/webhooks",
                        "application/json",
                        hook.replace("/loa", "/" + "a".repeat(80_000)),
                        desk));
        requests.put("POST /api/webhooks 415", () -> send(server, "POST", "/api/webhooks", "text/plain", hook, desk));
        requests.put(
                "POST /api/webhooks 422",
                () -> send(
                        server,
                        "POST",
                        "/api/webhooks",
                        "application/json",
                        hook.replace("article.updated", "article.liked"),
                        desk));
        requests.put(
                "POST /api/webhooks 500",
                () -> send(broken, "POST", "/api/webhooks", "application/json", hook, brokenDesk));
        requests.put("GET /api/webhooks 200", () -> get(server, "/api/webhooks", desk));
        requests.put("GET /api/webhooks 401", () -> server.get("/api/webhooks"));
        requests.put("GET /api/webhooks 403", () -> get(server, "/api/webhooks", tourismDesk));
        requests.put("GET /api/webhooks 500", () -> get(broken, "/api/webhooks", brokenDesk));
        requests.put("DELETE /api/webhooks/{id} 204", () -> {
            HttpResponse<String> created = send(server, "POST", "/api/webhooks", "application/json", hook, desk);
            String id = created.headers().firstValue("Location").orElseThrow().replace("/api/webhooks/", "");
            return server.delete("/api/webhooks/" + id, desk);
        });
        requests.put("DELETE /api/webhooks/{id} 401", () -> server.delete("/api/webhooks/ep_0", "sai"));
        requests.put("DELETE /api/webhooks/{id} 403", () -> server.delete("/api/webhooks/ep_0", tourismDesk));
        requests.put("DELETE /api/webhooks/{id} 404", () -> server.delete("/api/webhooks/ep_0", desk));
        requests.put("DELETE /api/webhooks/{id} 500", () -> broken.delete("/api/webhooks/ep_0", brokenDesk));

        requests.put(
                "GET " + article + "/deliveries 200",
                () -> get(server, "/api/articles/" + existing() + "/deliveries", desk));
        requests.put("GET " + article + "/deliveries 401", () -> server.get("/api/articles/a/deliveries"));
        requests.put(
                "GET " + article + "/deliveries 404", () -> get(server, "/api/articles/khong-co/deliveries", desk));
        requests.put("GET " + article + "/deliveries 500", () -> get(broken, "/api/articles/a/deliveries", brokenDesk));

        requests.put("GET /health 200", () -> server.get("/health"));
        requests.put("GET /ready 200", () -> server.get("/ready"));
        requests.put("GET /ready 503", () -> broken.get("/ready"));
        requests.put("GET /metrics 200", () -> server.get("/metrics"));

        for (String path : List.of("/robots.txt", "/sitemap.xml", "/sitemaps/{file}")) {
            String real = path.replace("{file}", "pages.xml");
            requests.put("GET " + path + " 200", () -> server.get(real));
            requests.put(
                    "GET " + path + " 304",
                    () -> server.revalidate(
                            real, server.get(real).headers().firstValue("ETag").orElseThrow()));
        }
        requests.put("GET /sitemaps/{file} 404", () -> server.get("/sitemaps/articles-2019-01.xml"));
        return requests;
    }

    static ObjectNode valid() {
        return Fixtures.article("Bài theo hợp đồng", "thoi-su", PUBLISHED);
    }

    static synchronized String newId() {
        return "contract-" + ++ids;
    }

    /** The id of a new article in thoi-su. */
    static String existing() {
        String id = newId();
        assertThat(put(id, valid(), desk).statusCode()).isEqualTo(201);
        return id;
    }

    /** The id of an article that was deleted. */
    static String deleted() {
        String id = existing();
        assertThat(server.delete("/api/articles/" + id, desk).statusCode()).isEqualTo(204);
        return id;
    }

    static HttpResponse<String> put(String id, ObjectNode article, String token) {
        return server.put("/api/articles/" + id, article.toString(), token);
    }

    static HttpResponse<String> get(TestServer on, String path, String token) {
        return on.send(HttpRequest.newBuilder(on.uri(path)).header("Authorization", "Bearer " + token));
    }

    static HttpResponse<String> send(
            TestServer on, String method, String path, String contentType, String body, String token) {
        return on.send(HttpRequest.newBuilder(on.uri(path))
                .header("Content-Type", contentType)
                .header("Authorization", "Bearer " + token)
                .method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)));
    }

    static ApiContract.Exchange exchange(
            String method, String path, String requestBody, int status, String contentType, String responseBody) {
        Map<String, List<String>> requestHeaders = requestBody == null
                ? Map.of()
                : Map.of("Content-Type", List.of("application/json"), "Authorization", List.of("Bearer x"));
        return new ApiContract.Exchange(
                method,
                path,
                requestHeaders,
                requestBody == null ? new byte[0] : requestBody.getBytes(StandardCharsets.UTF_8),
                status,
                Map.of("Content-Type", List.of(contentType)),
                responseBody.getBytes(StandardCharsets.UTF_8));
    }

    /** Every Schema Object of the document, by where it is: components, parameters, headers, media types. */
    static Map<String, JsonNode> schemaObjects(JsonNode contract) {
        Map<String, JsonNode> found = new LinkedHashMap<>();
        contract.at("/components/schemas")
                .properties()
                .forEach(e -> found.put("#/components/schemas/" + e.getKey(), e.getValue()));
        collect(contract, "#", found);
        return found;
    }

    private static void collect(JsonNode node, String at, Map<String, JsonNode> found) {
        if (!node.isObject() || at.startsWith("#/components/schemas")) {
            return;
        }
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        for (String name : names) {
            String here = at + "/" + name;
            if (name.equals("schema")) {
                found.put(here, node.get(name));
            } else {
                collect(node.get(name), here, found);
            }
        }
        if (node.has("parameters") && node.get("parameters").isArray()) {
            for (int i = 0; i < node.get("parameters").size(); i++) {
                collect(node.get("parameters").get(i), at + "/parameters/" + i, found);
            }
        }
    }
}
