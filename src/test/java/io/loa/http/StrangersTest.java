package io.loa.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.rometools.rome.feed.synd.SyndFeed;
import io.loa.Fixtures;
import io.loa.RawHttp;
import io.loa.ServerPerClass;
import io.loa.TestServer;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Nothing a stranger sends reaches a 5xx, makes a new metric series or changes what is stored: headers Loa reads
 * that do not follow their grammar are ignored, text from a request reaches a document cleaned, a method a path
 * does not take is a 405 that says which it takes, and every document has one URL. The property throws header
 * values and query strings drawn from the whole of Unicode and the HTTP token grammar at every route family, over
 * a loopback socket, so the server sees the bytes Java's HttpClient would refuse to send.
 */
@AddLifecycleHook(ServerPerClass.Hook.class)
class StrangersTest {

    private static final String ARTICLE = "tin-that";
    private static final String SLUG = "tin-that-cua-toa-soan";
    private static final String AUTHOR = "phong-vien-a";
    private static final String TAG = "bien-dong";
    /** Every route family: feeds of each kind and format, archives, pages, search, the API, the hub, ops, assets. */
    private static final List<String> PATHS = List.of(
            "/feeds/all.rss",
            "/feeds/thoi-su.atom",
            "/feeds/all.json",
            "/feeds/author/" + AUTHOR + ".atom",
            "/feeds/tag/" + TAG + ".rss",
            "/feeds/tag/" + TAG + ".json",
            "/feeds/thoi-su/archive/2024-09.atom",
            "/feeds/author/" + AUTHOR + "/archive/2024-09.rss",
            "/feeds/tag/" + TAG + "/archive/2024-09.atom",
            "/feeds/search.atom",
            "/feeds/search.rss",
            "/feeds/search.json",
            "/feeds.opml",
            "/",
            "/sections/thoi-su",
            "/authors/" + AUTHOR,
            "/tags/" + TAG,
            "/articles/" + SLUG,
            "/search",
            "/robots.txt",
            "/sitemap.xml",
            "/sitemaps/articles-2024-09.xml",
            "/sitemaps/pages.xml",
            "/sitemaps/news.xml",
            "/api/sections",
            "/api/articles/" + ARTICLE,
            "/api/scheduled",
            "/api/openapi.json",
            "/api/websub/subscriptions",
            "/websub",
            "/health",
            "/ready",
            "/metrics",
            "/assets/logo.png",
            "/demo/images/dan-van-1.svg");
    /** What must not change: the fixtures as the API shows them, and the feeds' bytes. */
    private static final List<String> STORED = List.of(
            "/api/articles/" + ARTICLE,
            "/feeds/all.atom",
            "/feeds/thoi-su.rss",
            "/feeds/all.json",
            "/feeds/tag/" + TAG + ".atom",
            "/feeds/author/" + AUTHOR + ".rss");

    private static final Set<String> METHODS =
            Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH", "other");
    private static final Pattern REQUEST_SERIES = Pattern.compile(
            "loa_http_requests_seconds_count\\{method=\"([^\"]*)\",route=\"([^\"]*)\"," + "status=\"(\\d+)\"}");
    /** The header fields Loa reads. */
    private static final List<String> READ = List.of(
            "Accept",
            "Accept-Encoding",
            "If-None-Match",
            "If-Modified-Since",
            "If-Match",
            "Authorization",
            "Content-Type");
    /** Header fields others read, which Loa must ignore whatever they hold. */
    private static final List<String> IGNORED =
            List.of("Range", "If-Range", "Forwarded", "X-Forwarded-For", "Accept-Language", "Cookie", "Origin", "Host");
    /** tchar (RFC 9110, 5.6.2), and the separators a list, a parameter or a quoted string is made of. */
    private static final String TCHARS =
            "!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

    private static final String SEPARATORS = " \t,;=\"\\/()<>@:?[]{}";

    static final ServerPerClass loa = new ServerPerClass();

    static TestServer server;
    static String token;
    static Map<String, byte[]> stored;
    static Set<String> otherSeries;

    @BeforeContainer
    static void start() {
        server = loa.server();
        token = server.token("desk");
        ObjectNode article = Fixtures.article("Tin thật của tòa soạn", "thoi-su", "2024-09-01T08:00:00+07:00");
        article.put("author", "Phóng viên A");
        article.putArray("tags").add("Biển Đông");
        server.putArticle(ARTICLE, article, token);
        for (String path : PATHS) {
            server.getBytes(path); // every document rendered, every route counted once
        }
        stored = storedBytes();
        otherSeries = otherSeries(server.get("/metrics").body());
    }

    @AfterContainer
    static void nothingStoredChangedAndNoOtherSeriesAppeared() {
        Map<String, byte[]> now = storedBytes();
        for (String path : STORED) {
            assertThat(now.get(path)).as(path + " is as it was").isEqualTo(stored.get(path));
        }
        String metrics = server.get("/metrics").body();
        assertThat(otherSeries(metrics)).as("series other than requests'").isEqualTo(otherSeries);
        assertClosedLabels(metrics);
    }

    @Example
    void headersThatDoNotParseAreIgnored() {
        List<String> paths = List.of(
                "/feeds/all.rss",
                "/feeds/all.rss?page=1",
                "/feeds/tag/" + TAG + ".atom",
                "/feeds/thoi-su/archive/2024-09.atom",
                "/feeds/search.atom?q=tin",
                "/search?q=tin",
                "/",
                "/articles/" + SLUG,
                "/feeds.opml");
        for (String path : paths) {
            byte[] plain = server.getBytes(path).body();
            for (String[] header : new String[][] {
                {"Accept-Encoding", ";"},
                {"Accept-Encoding", ";;"},
                {"Accept", ";"},
                {"Accept", ";;"},
                {"Accept", "text/html;q=2"},
                {"Accept-Encoding", "gzip;q=x"}
            }) {
                HttpResponse<byte[]> response = server.sendBytes(
                        HttpRequest.newBuilder(server.uri(path)).header(header[0], header[1]));
                assertThat(response.statusCode())
                        .as(path + " with " + String.join(": ", header))
                        .isEqualTo(200);
                assertThat(response.body())
                        .as(path + " with " + String.join(": ", header))
                        .isEqualTo(plain);
            }
            HttpResponse<byte[]> gzip =
                    server.sendBytes(HttpRequest.newBuilder(server.uri(path)).header("Accept-Encoding", "gzip,;"));
            assertThat(gzip.statusCode()).as(path).isEqualTo(200);
            assertThat(gzip.headers().firstValue("Content-Encoding")).as(path).contains("gzip");
        }
    }

    @Example
    void queryTextReachesADocumentCleanedAsArticleTextIs() throws Exception {
        for (String control : List.of("%00", "%01", "%08", "%1F", "%C2%85", "%EF%BF%BE", "%EF%BF%BF")) {
            for (String format : List.of("atom", "rss")) {
                HttpResponse<byte[]> response =
                        server.getBytes("/feeds/search." + format + "?q=dang" + control + "van");
                assertThat(response.statusCode())
                        .as(control + " in a search " + format)
                        .isEqualTo(200);
                SyndFeed feed = TestServer.parse(response.body());
                assertThat(feed.getTitle()).isEqualTo("Báo Hà Tĩnh – Tìm kiếm: dangvan");
            }
            JsonNode json = Fixtures.JSON.readTree(
                    server.get("/feeds/search.json?q=dang" + control + "van").body());
            assertThat(json.get("title").asText()).isEqualTo("Báo Hà Tĩnh – Tìm kiếm: dangvan");
            assertThat(server.get("/search?q=dang" + control + "van").statusCode())
                    .isEqualTo(200);
        }
    }

    @Example
    void madeUpMethodsAreCountedAsOne() {
        for (int i = 0; i < 50; i++) {
            RawHttp.Response response = RawHttp.send(port(), "BIADAT" + i, "/feeds/all.rss");
            assertThat(response.status()).isEqualTo(405);
        }
        assertClosedLabels(server.get("/metrics").body());
    }

    @Example
    void aMethodThePathDoesNotTakeIsRefusedWithTheMethodsItTakes() {
        Map<String, String> allowed = new LinkedHashMap<>();
        allowed.put("/feeds/all.rss", "GET, HEAD");
        allowed.put("/feeds/tag/" + TAG + ".atom", "GET, HEAD");
        allowed.put("/sections/thoi-su", "GET, HEAD");
        allowed.put("/websub", "GET, POST, HEAD");
        allowed.put("/api/articles/" + ARTICLE, "GET, PUT, DELETE, HEAD");
        allowed.put("/api/sections", "GET, HEAD");
        allowed.put("/health", "GET, HEAD");
        for (Map.Entry<String, String> path : allowed.entrySet()) {
            for (String method : List.of("PATCH", "OPTIONS", "BIADAT")) {
                RawHttp.Response response = RawHttp.send(port(), method, path.getKey());
                assertThat(response.status()).as(method + " " + path.getKey()).isEqualTo(405);
                assertThat(new TreeSet<>(List.of(response.header("Allow").split(", "))))
                        .as("Allow of " + path.getKey())
                        .isEqualTo(new TreeSet<>(List.of(path.getValue().split(", "))));
                // A page's path answers a browser with a page, every other path with a problem.
                String type = path.getKey().startsWith("/sections/")
                        ? "text/html;charset=utf-8"
                        : ProblemErrorHandler.MEDIA_TYPE;
                assertThat(response.header("Content-Type"))
                        .as(method + " " + path.getKey())
                        .isEqualTo(type);
            }
        }
        // Through the contract check too: a 405 of the API must carry what the contract documents.
        assertThat(server.send(HttpRequest.newBuilder(server.uri("/api/articles/" + ARTICLE))
                                .POST(HttpRequest.BodyPublishers.noBody()))
                        .statusCode())
                .isEqualTo(405);
    }

    @Example
    void aDocumentHasOneUrlAndNoSecondWithATrailingSlash() {
        for (String path : List.of(
                "/feeds/all.rss",
                "/feeds/thoi-su.atom",
                "/feeds/tag/" + TAG + ".atom",
                "/feeds/author/" + AUTHOR + ".json",
                "/feeds/thoi-su/archive/2024-09.atom",
                "/feeds.opml",
                "/sections/thoi-su",
                "/articles/" + SLUG,
                "/tags/" + TAG,
                "/search",
                "/api/sections",
                "/api/articles/" + ARTICLE,
                "/api/openapi.json",
                "/health",
                "/assets/logo.png")) {
            assertThat(server.get(path).statusCode()).as(path).isEqualTo(200);
            for (String method : List.of("GET", "HEAD")) {
                RawHttp.Response slashed = RawHttp.send(port(), method, path + "/");
                assertThat(slashed.status()).as(method + " " + path + "/").isEqualTo(404);
            }
            assertThat(server.get(path + "/").statusCode()).as(path + "/").isEqualTo(404);
        }
    }

    /** A request as a stranger may send it: its header lines are {@code name: value}. */
    record Stranger(String method, String path, String query, List<String> headers) {}

    @Property(tries = 500, edgeCases = EdgeCasesMode.NONE)
    void nothingAStrangerSendsReachesA5xx(@ForAll("strangers") Stranger stranger) {
        String target = stranger.path() + (stranger.query() == null ? "" : "?" + stranger.query());
        RawHttp.Response response = RawHttp.send(
                port(), stranger.method(), target, stranger.headers().toArray(String[]::new));
        assertThat(response.status())
                .as(stranger + " answered " + response.text())
                .isBetween(100, 499);
        if (response.status() >= 400 && !stranger.method().equals("HEAD")) {
            assertThat(response.text()).as(stranger.toString()).doesNotContain("at io.loa.", "Exception");
        }
    }

    @Provide
    Arbitrary<Stranger> strangers() {
        Arbitrary<String> methods = Arbitraries.frequencyOf(
                Tuple.of(10, Arbitraries.just("GET")),
                Tuple.of(3, Arbitraries.just("HEAD")),
                Tuple.of(3, Arbitraries.of("POST", "PUT", "DELETE", "OPTIONS", "PATCH", "TRACE", "get")),
                Tuple.of(
                        2,
                        Arbitraries.strings().withChars(TCHARS).ofMinLength(1).ofMaxLength(12)));
        Arbitrary<String> queries = Arbitraries.oneOf(
                        text().map(StrangersTest::encode).map(q -> "q=" + q),
                        Combinators.combine(text(), text()).as((q, page) -> "q=" + encode(q) + "&page=" + encode(page)),
                        text().map(StrangersTest::encode).map(page -> "page=" + page),
                        Arbitraries.strings().withChars(TCHARS + "=&%?/").ofMaxLength(40),
                        text().map(StrangersTest::raw))
                .injectNull(0.2);
        Arbitrary<String> names = Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.of(READ)),
                Tuple.of(2, Arbitraries.of(IGNORED)),
                Tuple.of(
                        1,
                        Arbitraries.strings().withChars(TCHARS).ofMinLength(1).ofMaxLength(20)));
        Arbitrary<String> values = Arbitraries.frequencyOf(
                Tuple.of(2, text().map(StrangersTest::raw)),
                Tuple.of(2, Arbitraries.strings().withChars(TCHARS + SEPARATORS).ofMaxLength(60)),
                Tuple.of(
                        3,
                        Arbitraries.of(
                                ";",
                                ";;",
                                "gzip,;",
                                ",",
                                "*",
                                "W/",
                                "\"",
                                "W/\"",
                                "\"\\",
                                "q=",
                                ";q=1",
                                "*/*;q=",
                                "text/html;q=0.5;q=0.9",
                                "bytes=0-",
                                "bytes=-1,0-0,5-1",
                                "Bearer",
                                "Bearer ;",
                                "Basic ===",
                                "Sun, 06 Nov 1994 08:49:37 GMT",
                                "Sun, 31 Feb 99999 25:61:61 GMT",
                                "for=\"[::1]\";by=",
                                "127.0.0.1, , unknown",
                                "\u00ff\u0080",
                                "%00")));
        Arbitrary<List<String>> headers = Combinators.combine(names, values)
                .as((name, value) -> name + ": " + value)
                .list()
                .ofMinSize(1)
                .ofMaxSize(4);
        return Combinators.combine(methods, Arbitraries.of(PATHS), queries, headers)
                .as(Stranger::new);
    }

    /** Text from the whole of Unicode, controls and the characters XML forbids included. */
    private static Arbitrary<String> text() {
        return Arbitraries.oneOf(
                Arbitraries.strings().all().ofMaxLength(30),
                Arbitraries.strings()
                        .withChars("\u0000\u0001\u0008\u001F\u007F\u0085\uFFFE\uFFFF\uD800 ;,\"")
                        .ofMaxLength(10)
                        .map(s -> "dang" + s + "van"),
                Arbitraries.strings().withChars(TCHARS + SEPARATORS).ofMaxLength(30));
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    /** The text as raw bytes on the wire, but for the line breaks that would end the line (a request smuggled in). */
    private static String raw(String text) {
        return text.replace('\r', ' ').replace('\n', ' ');
    }

    private static int port() {
        return server.uri("/").getPort();
    }

    private static Map<String, byte[]> storedBytes() {
        Map<String, byte[]> bytes = new LinkedHashMap<>();
        for (String path : STORED) {
            HttpResponse<byte[]> response = server.sendBytes(
                    HttpRequest.newBuilder(server.uri(path)).header("Authorization", "Bearer " + token));
            assertThat(response.statusCode()).as(path).isEqualTo(200);
            bytes.put(path, response.body());
        }
        return bytes;
    }

    /** Every series of /metrics but the requests', which are counted by label below. */
    private static Set<String> otherSeries(String metrics) {
        Set<String> series = new HashSet<>();
        for (String line : metrics.split("\n")) {
            if (!line.startsWith("#") && !line.startsWith("loa_http_requests") && !line.isBlank()) {
                series.add(line.substring(0, line.lastIndexOf(' ')));
            }
        }
        return series;
    }

    /** Every request series is labelled from a closed set: a known method or "other", a route or "unmatched". */
    private static void assertClosedLabels(String metrics) {
        Set<String> routes = new HashSet<>(List.of("unmatched"));
        server.routes().forEach(route -> routes.add(route.substring(route.indexOf(' ') + 1)));
        List<String> series = new ArrayList<>();
        Matcher labels = REQUEST_SERIES.matcher(metrics);
        while (labels.find()) {
            series.add(labels.group());
            assertThat(labels.group(1)).as(labels.group()).isIn(METHODS);
            assertThat(labels.group(2)).as(labels.group()).isIn(routes);
        }
        assertThat(series).isNotEmpty();
    }
}
