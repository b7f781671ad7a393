package io.loa.ingest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.javalin.config.RoutesConfig;
import io.loa.config.Site;
import io.loa.http.ConditionalGet;
import io.loa.http.GetAndHead;
import io.loa.http.Representation;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The OpenAPI 3.1 contract of the editors' API and the operators' endpoints, written by hand in
 * {@code src/main/resources/api/openapi.yaml} and served as JSON, with this site's base URL as its server. It is
 * converted once, at start; the tests hold every exchange of the suite to it, so it cannot drift from the code.
 * <pre>
 * GET /api/openapi.json
 * </pre>
 */
public final class OpenApiDocument {

    static final String PATH = "/api/openapi.json";
    private static final String SOURCE = "/api/openapi.yaml";
    /** It changes only with a new release; the ETag makes a later check cheap. */
    private static final int MAX_AGE_SECONDS = 3600;

    private final Representation document;
    private final ConditionalGet http;

    public OpenApiDocument(Site site, ObjectMapper json, ConditionalGet http) {
        this.document = Representation.of(
                render(site.baseUrl(), json), "application/json; charset=utf-8", null, MAX_AGE_SECONDS);
        this.http = http;
    }

    public void register(RoutesConfig routes) {
        GetAndHead.route(routes, PATH, ctx -> http.send(ctx, document));
    }

    /** The contract as JSON, indented so that a person can read it too, with {@code baseUrl} as its one server. */
    static byte[] render(String baseUrl, ObjectMapper json) {
        try (InputStream in = OpenApiDocument.class.getResourceAsStream(SOURCE)) {
            if (in == null) {
                throw new IllegalStateException("The OpenAPI contract " + SOURCE + " is missing from the classpath");
            }
            ObjectNode contract = (ObjectNode) new YAMLMapper().readTree(in);
            ((ObjectNode) contract.withArray("/servers").get(0)).put("url", baseUrl);
            return json.writerWithDefaultPrettyPrinter().writeValueAsBytes(contract);
        } catch (IOException e) {
            throw new UncheckedIOException("The OpenAPI contract " + SOURCE + " cannot be read", e);
        }
    }
}
