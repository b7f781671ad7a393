package io.loa;

import static io.loa.db.schema.Tables.ARTICLE;
import static io.loa.db.schema.Tables.ARTICLE_IMAGE;
import static io.loa.db.schema.Tables.ARTICLE_RELATED;
import static io.loa.db.schema.Tables.ARTICLE_SECTION;
import static io.loa.db.schema.Tables.ARTICLE_TAG;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.rometools.rome.feed.synd.SyndFeed;
import com.rometools.rome.io.SyndFeedInput;
import io.loa.config.Settings;
import io.loa.db.Database;
import io.loa.http.RenderCache;
import io.loa.net.HostLookup;
import io.loa.token.TokenCommand;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.xml.sax.InputSource;

/**
 * The real server on a free port over its own fresh database, and an HTTP client to talk to it. A test class gets
 * one from {@link ServerPerClass}; a test that starts, stops or restarts servers of its own starts them with
 * {@link ServerSetup#start()} ({@link #start()} and {@link #start(Map)} are its shorthands).
 */
public final class TestServer implements AutoCloseable {

    /** The instant tests treat as "now": edits without an explicit updated time get it. */
    public static final Instant NOW = Instant.parse("2025-03-01T02:00:00Z");

    private final Server server;
    private final Map<String, String> env;
    private final boolean ownsDatabase;
    private final Path ownSite;
    private final HttpClient http = HttpClient.newHttpClient();
    private boolean closed;

    private TestServer(Server server, Map<String, String> env, boolean ownsDatabase, Path ownSite) {
        this.server = server;
        this.env = env;
        this.ownsDatabase = ownsDatabase;
        this.ownSite = ownSite;
    }

    /** A server with the defaults of {@link ServerSetup}. */
    public static TestServer start() {
        return ServerSetup.defaults().start();
    }

    /** A server with the defaults of {@link ServerSetup} and these {@code LOA_*} settings. */
    public static TestServer start(Map<String, String> overrides) {
        return ServerSetup.defaults().settings(overrides).start();
    }

    /**
     * Starts with {@code overrides} over the tests' settings (no demo, no access log), a fresh database of its own
     * unless they name one, and the feeds-config directory {@code ownSite}, deleted on close, if not null.
     */
    static TestServer start(Map<String, String> overrides, HostLookup names, Clock clock, Path ownSite) {
        int port = freePort();
        Map<String, String> env = new HashMap<>();
        env.put("LOA_PORT", String.valueOf(port));
        env.put("LOA_BASE_URL", "http://localhost:" + port);
        env.put("LOA_DB_USER", TestDatabase.user());
        env.put("LOA_DEMO", "false");
        env.put("LOA_ACCESS_LOG", "false");
        env.putAll(overrides);
        boolean ownsDatabase = !env.containsKey("LOA_DB_URL");
        if (ownsDatabase) {
            env.put("LOA_DB_URL", TestDatabase.fresh());
        }
        try {
            Server server = Server.start(Settings.from(env), clock, names);
            awaitSearch(server);
            return new TestServer(server, env, ownsDatabase, ownSite);
        } catch (RuntimeException e) {
            if (ownsDatabase) {
                TestDatabase.drop(env.get("LOA_DB_URL"));
            }
            delete(ownSite);
            throw e;
        }
    }

    /** Tests search as soon as they start: the index of their few articles loads in milliseconds. */
    private static void awaitSearch(Server server) {
        long until = System.nanoTime() + 30_000_000_000L;
        while (!server.searchLoaded()) {
            if (System.nanoTime() > until) {
                throw new IllegalStateException("The search index did not load within 30 s");
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    public String baseUrl() {
        return "http://localhost:" + server.port();
    }

    public Map<String, String> env() {
        return env;
    }

    /** The server's rendered-document cache, to count renders and bytes. */
    public RenderCache cache() {
        return server.cache();
    }

    /** Every route of the server's route table, as {@code "GET /api/sections"}. */
    public List<String> routes() {
        return server.routes();
    }

    /** Creates an editor token the way operators do, with the command-line subcommand. */
    public String token(String name, String... sections) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<String> args = new java.util.ArrayList<>(List.of("create", "--name", name));
        if (sections.length > 0) {
            args.add("--sections");
            args.add(String.join(",", sections));
        }
        int code = new TokenCommand(new PrintStream(out, true, StandardCharsets.UTF_8), System.err)
                .run(env, args.toArray(String[]::new));
        assertThat(code).as("token create exit code").isZero();
        return out.toString(StandardCharsets.UTF_8).strip();
    }

    public HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    public HttpResponse<byte[]> getBytes(String path) {
        return sendBytes(HttpRequest.newBuilder(uri(path)).GET());
    }

    public HttpResponse<String> put(String path, String json, String token) {
        return send(HttpRequest.newBuilder(uri(path))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + token)
                .PUT(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)));
    }

    /** Puts an article with the editors' API and checks that it was created or replaced. */
    public void putArticle(String id, JsonNode article, String token) {
        HttpResponse<String> response = put("/api/articles/" + id, article.toString(), token);
        assertThat(response.statusCode()).as(response.body()).isIn(200, 201);
    }

    /** {@code GET /api/articles/{id}/deliveries} with {@code token}, checked to be 200: what each channel did. */
    public JsonNode deliveries(String articleId, String token) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/api/articles/" + articleId + "/deliveries"))
                .header("Authorization", "Bearer " + token));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        try {
            return Fixtures.JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A GET of what a client holds with this ETag. */
    public HttpResponse<String> revalidate(String path, String etag) {
        return send(HttpRequest.newBuilder(uri(path)).header("If-None-Match", etag));
    }

    public HttpResponse<String> delete(String path, String token) {
        return send(HttpRequest.newBuilder(uri(path))
                .header("Authorization", "Bearer " + token)
                .DELETE());
    }

    public HttpResponse<String> send(HttpRequest.Builder request) {
        return send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    public HttpResponse<byte[]> sendBytes(HttpRequest.Builder request) {
        return send(request, HttpResponse.BodyHandlers.ofByteArray());
    }

    /** Sends the request; an exchange the OpenAPI contract covers is held to it (see {@link ApiContract}). */
    private <T> HttpResponse<T> send(HttpRequest.Builder request, HttpResponse.BodyHandler<T> body) {
        try {
            HttpRequest built = request.build();
            HttpResponse<T> response;
            try {
                response = http.send(built, body);
            } catch (IOException e) {
                // A pooled connection the server had just closed (after a 400 for an unparsable request): nothing
                // reached the server, so the request goes once more, on a new connection.
                if (!String.valueOf(e.getMessage()).contains("received no bytes")) {
                    throw e;
                }
                response = http.send(built, body);
            }
            if (ApiContract.LOA.covers(built.uri().getRawPath())) {
                ApiContract.LOA.check(Exchanges.of(built, response));
            }
            return response;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A path, or a URL on the site (its configured base URL stands for this server's address), to request. */
    public URI uri(String path) {
        String site = env.get("LOA_BASE_URL");
        String local = site != null && path.startsWith(site + "/") ? path.substring(site.length()) : path;
        return URI.create(local.startsWith("http") ? local : baseUrl() + local);
    }

    /** Fetches a feed, checks it answered 200, and parses it with Rome. */
    public SyndFeed feed(String path) {
        HttpResponse<byte[]> response = getBytes(path);
        assertThat(response.statusCode()).as("GET " + path).isEqualTo(200);
        return parse(response.body());
    }

    public static SyndFeed parse(byte[] xml) {
        try {
            return new SyndFeedInput().build(new InputSource(new ByteArrayInputStream(xml)));
        } catch (Exception e) {
            throw new AssertionError("The feed does not parse: " + e.getMessage(), e);
        }
    }

    /** Rows in every article table: what "the database is unchanged" is checked against. */
    public Map<String, Integer> rowCounts() {
        try (Database db = database()) {
            return Map.of(
                    "article", db.dsl().fetchCount(ARTICLE),
                    "article_section", db.dsl().fetchCount(ARTICLE_SECTION),
                    "article_image", db.dsl().fetchCount(ARTICLE_IMAGE),
                    "article_related", db.dsl().fetchCount(ARTICLE_RELATED),
                    "article_tag", db.dsl().fetchCount(ARTICLE_TAG));
        }
    }

    /** A second way into the server's database, for checks a client cannot make. */
    public Database database() {
        return Database.open(env.get("LOA_DB_URL"), env.get("LOA_DB_USER"), "");
    }

    /** Stops the server, as a test may do midway to see what happens without it; closing again does nothing. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        server.close();
        if (ownsDatabase) {
            TestDatabase.drop(env.get("LOA_DB_URL"));
        }
        delete(ownSite);
    }

    private static void delete(Path site) {
        if (site == null) {
            return;
        }
        try (var files = Files.walk(site)) {
            for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
