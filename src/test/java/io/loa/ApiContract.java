package io.loa;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Loa's OpenAPI contract ({@code src/main/resources/api/openapi.yaml}) as a check of HTTP exchanges. Every exchange
 * of the test suite with a path the contract covers goes through {@link #check}, so the contract cannot drift from
 * the code: the operation must exist, the status must be one it lists, the response's headers and body must match
 * what it documents for that status, and a request the server accepted (2xx) must itself match the contract (its
 * body, its parameters, its token). A request the server refused may be anything: tests send broken ones on purpose.
 */
public final class ApiContract {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> METHODS =
            Set.of("get", "put", "post", "delete", "patch", "options", "head", "trace");
    private static final Pattern PARAMETER = Pattern.compile("\\{([^}/]+)}");

    /** The contract as the server reads it. */
    public static final ApiContract LOA = new ApiContract("https://loa.test/openapi.json", read("/api/openapi.yaml"));

    /** One request and its answer, as the client saw them; {@code requestBody} is null when it cannot be known. */
    public record Exchange(
            String method,
            String rawPath,
            Map<String, List<String>> requestHeaders,
            byte[] requestBody,
            int status,
            Map<String, List<String>> responseHeaders,
            byte[] responseBody) {

        String name() {
            return method + " " + rawPath + " → " + status;
        }
    }

    private record Template(String path, Pattern pattern, List<String> names) {}

    private final String location;
    private final JsonNode document;
    private final List<Template> templates = new ArrayList<>();
    private final JsonSchemaFactory schemas;
    /** {@code format} is checked too: a date-time or a URL the contract promises must be one. */
    private final SchemaValidatorsConfig config =
            SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();

    private final Map<String, JsonSchema> byPointer = new ConcurrentHashMap<>();

    /** @param location where the schemas' references to the document itself lead: a name the schemas can load */
    public ApiContract(String location, JsonNode document) {
        this.location = location;
        this.document = document;
        // The contract's jsonSchemaDialect is JSON Schema 2020-12 itself.
        this.schemas = JsonSchemaFactory.getInstance(
                SpecVersion.VersionFlag.V202012,
                builder -> builder.schemaLoaders(loaders -> loaders.schemas(Map.of(location, document.toString()))));
        document.get("paths").fieldNames().forEachRemaining(path -> {
            List<String> names = new ArrayList<>();
            Matcher m = PARAMETER.matcher(path);
            StringBuilder regex = new StringBuilder("^");
            int last = 0;
            while (m.find()) {
                regex.append(Pattern.quote(path.substring(last, m.start()))).append("([^/]+)");
                names.add(m.group(1));
                last = m.end();
            }
            regex.append(Pattern.quote(path.substring(last))).append('$');
            templates.add(new Template(path, Pattern.compile(regex.toString()), names));
        });
    }

    public JsonNode document() {
        return document;
    }

    /** Whether the contract speaks for {@code rawPath}: its own paths, and anything under {@code /api/}. */
    public boolean covers(String rawPath) {
        return rawPath.startsWith("/api/") || template(rawPath).isPresent();
    }

    /** Every operation of the contract, as {@code "GET /api/sections"}. */
    public Set<String> operations() {
        return templates.stream()
                .flatMap(t -> names(document.get("paths").get(t.path())).stream()
                        .filter(METHODS::contains)
                        .map(m -> m.toUpperCase(Locale.ROOT) + " " + t.path()))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** Every status each operation documents, as {@code "GET /api/sections 200"}. */
    public Set<String> responses() {
        Set<String> all = new TreeSet<>();
        for (String operation : operations()) {
            String[] parts = operation.split(" ", 2);
            names(operationNode(parts[1], parts[0]).get("responses"))
                    .forEach(status -> all.add(operation + " " + status));
        }
        return all;
    }

    /** Holds an exchange to the contract; an {@link AssertionError} says how it breaks it. */
    public void check(Exchange exchange) {
        List<String> broken = new ArrayList<>();
        Optional<Template> template = template(exchange.rawPath());
        if (template.isEmpty()) {
            expectProblem(exchange, Set.of(400, 404), "a path the contract does not have", broken);
        } else if (exchange.method().equals("HEAD")) {
            // HEAD is GET without the body (HeadTest holds it to that); the contract documents GET only.
            return;
        } else {
            JsonNode operation = operationNode(template.get().path(), exchange.method());
            if (operation == null && exchange.status() == 405) {
                checkResponse(exchange, "/components/responses/MethodNotAllowed", broken);
                checkAllow(exchange, template.get(), broken);
            } else if (operation == null) {
                expectProblem(exchange, Set.of(400, 405), "a method the contract does not give this path", broken);
            } else {
                checkOperation(exchange, template.get(), operation, broken);
            }
        }
        if (!broken.isEmpty()) {
            throw new AssertionError("The exchange " + exchange.name() + " breaks the OpenAPI contract:\n  - "
                    + String.join("\n  - ", broken) + "\n  response body: " + text(exchange.responseBody(), 500));
        }
    }

    private void checkOperation(Exchange exchange, Template template, JsonNode operation, List<String> broken) {
        String opPointer =
                "/paths/" + escape(template.path()) + "/" + exchange.method().toLowerCase(Locale.ROOT);
        JsonNode responses = operation.get("responses");
        String status = String.valueOf(exchange.status());
        if (!responses.has(status)) {
            broken.add("status " + status + " is not one the contract lists for " + exchange.method() + " "
                    + template.path() + ": " + names(responses));
            return;
        }
        String responsePointer = resolve(opPointer + "/responses/" + status);
        checkResponse(exchange, responsePointer, broken);
        if (exchange.status() >= 200 && exchange.status() < 300) {
            checkAcceptedRequest(exchange, template, opPointer, operation, broken);
        }
    }

    private void checkResponse(Exchange exchange, String responsePointer, List<String> broken) {
        JsonNode response = document.at(responsePointer);
        JsonNode headers = response.path("headers");
        for (String name : names(headers)) {
            String headerPointer = resolve(responsePointer + "/headers/" + escape(name));
            JsonNode header = document.at(headerPointer);
            Optional<String> value = first(exchange.responseHeaders(), name);
            if (value.isEmpty()) {
                if (header.path("required").asBoolean()) {
                    broken.add("the response has no " + name + " header");
                }
            } else if (header.has("schema")) {
                validate(headerPointer + "/schema", new TextNode(value.get()), "response header " + name, broken);
            }
        }
        String mediaType =
                mediaType(first(exchange.responseHeaders(), "Content-Type").orElse(""));
        JsonNode content = response.path("content");
        if (content.isMissingNode()) {
            if (exchange.responseBody().length > 0) {
                broken.add("the response has a body, where the contract documents none");
            }
            return;
        }
        if (!content.has(mediaType)) {
            broken.add("the response is " + (mediaType.isEmpty() ? "of no type" : mediaType)
                    + ", not one the contract documents: " + names(content));
            return;
        }
        if (!isJson(mediaType)) {
            return;
        }
        JsonNode body = parse(exchange.responseBody(), "response body", broken);
        if (body == null) {
            return;
        }
        validate(responsePointer + "/content/" + escape(mediaType) + "/schema", body, "response body", broken);
        if (mediaType.equals("application/problem+json") && body.path("status").asInt() != exchange.status()) {
            broken.add("the problem's status " + body.path("status") + " is not the response's");
        }
    }

    /** What the server accepted must be what the contract allows: it documents every way in. */
    private void checkAcceptedRequest(
            Exchange exchange, Template template, String opPointer, JsonNode operation, List<String> broken) {
        if (!allowsAnonymous(operation)) {
            String auth = first(exchange.requestHeaders(), "Authorization").orElse("");
            if (!auth.toLowerCase(Locale.ROOT).startsWith("bearer ")) {
                broken.add("it was accepted without the Bearer token the contract requires");
            }
        }
        Matcher m = template.pattern().matcher(exchange.rawPath());
        if (m.matches()) {
            for (int i = 0; i < template.names().size(); i++) {
                String value = URLDecoder.decode(m.group(i + 1).replace("+", "%2B"), StandardCharsets.UTF_8);
                parameter(opPointer, template.names().get(i), "path")
                        .ifPresent(pointer ->
                                validate(pointer + "/schema", new TextNode(value), "path parameter", broken));
            }
        }
        for (String pointer : parameters(opPointer, "header")) {
            String name = document.at(pointer).get("name").asText();
            first(exchange.requestHeaders(), name)
                    .ifPresent(value ->
                            validate(pointer + "/schema", new TextNode(value), "request header " + name, broken));
        }
        JsonNode requestBody = operation.path("requestBody");
        if (requestBody.isMissingNode() || exchange.requestBody() == null) {
            return;
        }
        String bodyPointer = resolve(opPointer + "/requestBody");
        String mediaType =
                mediaType(first(exchange.requestHeaders(), "Content-Type").orElse(""));
        JsonNode content = document.at(bodyPointer).path("content");
        if (!content.has(mediaType)) {
            broken.add("a request body of type " + (mediaType.isEmpty() ? "(none)" : mediaType)
                    + " was accepted, where the contract documents " + names(content));
            return;
        }
        JsonNode body = parse(exchange.requestBody(), "request body", broken);
        if (body != null) {
            validate(bodyPointer + "/content/" + escape(mediaType) + "/schema", body, "accepted request body", broken);
        }
    }

    /** A 405's Allow names exactly the methods the contract gives the path, HEAD beside GET. */
    private void checkAllow(Exchange exchange, Template template, List<String> broken) {
        Set<String> documented = new TreeSet<>();
        for (String method : names(document.get("paths").get(template.path()))) {
            if (METHODS.contains(method)) {
                documented.add(method.toUpperCase(Locale.ROOT));
            }
        }
        if (documented.contains("GET")) {
            documented.add("HEAD");
        }
        Set<String> allowed = new TreeSet<>(Arrays.asList(
                first(exchange.responseHeaders(), "Allow").orElse("").split(",\\s*")));
        if (!allowed.equals(documented)) {
            broken.add("Allow is " + allowed + ", where the contract gives the path " + documented);
        }
    }

    private void expectProblem(Exchange exchange, Set<Integer> statuses, String what, List<String> broken) {
        if (!statuses.contains(exchange.status())) {
            broken.add(what + " must be answered with one of " + statuses);
            return;
        }
        String mediaType =
                mediaType(first(exchange.responseHeaders(), "Content-Type").orElse(""));
        if (!mediaType.equals("application/problem+json")) {
            broken.add("the refusal is " + mediaType + ", not application/problem+json");
            return;
        }
        JsonNode body = parse(exchange.responseBody(), "response body", broken);
        if (body != null) {
            validate("/components/schemas/Problem", body, "problem", broken);
        }
    }

    private void validate(String pointer, JsonNode value, String what, List<String> broken) {
        JsonSchema schema = byPointer.computeIfAbsent(
                pointer, p -> schemas.getSchema(SchemaLocation.of(location + "#" + encodeFragment(p)), config));
        for (ValidationMessage message : schema.validate(value)) {
            broken.add(what + ": " + message.getMessage() + " (" + pointer + ")");
        }
    }

    private JsonNode operationNode(String path, String method) {
        JsonNode node = document.get("paths").get(path).get(method.toLowerCase(Locale.ROOT));
        return node == null || !node.isObject() ? null : node;
    }

    private boolean allowsAnonymous(JsonNode operation) {
        JsonNode security = operation.has("security") ? operation.get("security") : document.path("security");
        if (security.isMissingNode() || security.isEmpty()) {
            return true;
        }
        for (JsonNode requirement : security) {
            if (requirement.isEmpty()) {
                return true;
            }
        }
        return false;
    }

    /** The pointers of an operation's parameters (its own, then its path's) of kind {@code in}. */
    private List<String> parameters(String opPointer, String in) {
        List<String> found = new ArrayList<>();
        String pathPointer = opPointer.substring(0, opPointer.lastIndexOf('/'));
        for (String owner : List.of(opPointer, pathPointer)) {
            JsonNode list = document.at(owner + "/parameters");
            for (int i = 0; i < list.size(); i++) {
                String pointer = resolve(owner + "/parameters/" + i);
                if (document.at(pointer).path("in").asText().equals(in)) {
                    found.add(pointer);
                }
            }
        }
        return found;
    }

    private Optional<String> parameter(String opPointer, String name, String in) {
        return parameters(opPointer, in).stream()
                .filter(pointer -> document.at(pointer).path("name").asText().equals(name))
                .findFirst();
    }

    /** Follows {@code $ref}s within the document to the pointer of the object they lead to. */
    private String resolve(String pointer) {
        String current = pointer;
        for (int hops = 0; document.at(current).has("$ref"); hops++) {
            String ref = document.at(current).get("$ref").asText();
            if (!ref.startsWith("#") || hops > 10) {
                throw new IllegalStateException("Unresolvable reference " + ref + " at " + current);
            }
            current = ref.substring(1);
        }
        return current;
    }

    private Optional<Template> template(String rawPath) {
        // A fixed path wins over a template that would also match it.
        return templates.stream()
                .filter(t -> t.pattern().matcher(rawPath).matches())
                .min((a, b) -> Integer.compare(a.names().size(), b.names().size()));
    }

    private static JsonNode parse(byte[] body, String what, List<String> broken) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            broken.add(
                    what + " is not JSON: " + e.getMessage().lines().findFirst().orElse(""));
            return null;
        }
    }

    private static boolean isJson(String mediaType) {
        return mediaType.equals("application/json") || mediaType.endsWith("+json");
    }

    private static String mediaType(String contentType) {
        return contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
    }

    private static Optional<String> first(Map<String, List<String>> headers, String name) {
        return headers.entrySet().stream()
                .filter(e -> e.getKey().equalsIgnoreCase(name))
                .flatMap(e -> e.getValue().stream())
                .findFirst();
    }

    private static List<String> names(JsonNode object) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = object.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return names;
    }

    /** A JSON Pointer segment (RFC 6901). */
    private static String escape(String segment) {
        return segment.replace("~", "~0").replace("/", "~1");
    }

    /** A JSON Pointer as a URI fragment: what URIs do not allow, percent-encoded. */
    private static String encodeFragment(String pointer) {
        return pointer.replace("%", "%25")
                .replace("{", "%7B")
                .replace("}", "%7D")
                .replace(" ", "%20");
    }

    private static String text(byte[] body, int max) {
        String text = new String(body, StandardCharsets.UTF_8);
        return text.length() > max ? text.substring(0, max) + "…" : text;
    }

    private static JsonNode read(String resource) {
        try (InputStream in = ApiContract.class.getResourceAsStream(resource)) {
            return new YAMLMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
