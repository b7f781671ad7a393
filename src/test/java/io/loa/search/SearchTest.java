package io.loa.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.rometools.rome.feed.atom.Feed;
import com.rometools.rome.feed.atom.Link;
import com.rometools.rome.feed.synd.SyndEntry;
import com.rometools.rome.io.WireFeedInput;
import io.loa.Fixtures;
import io.loa.ServerPerClass;
import io.loa.ServerSetup;
import io.loa.TestDatabase;
import io.loa.TestServer;
import java.io.ByteArrayInputStream;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.xml.sax.InputSource;

/**
 * Readers search as they type, mostly without diacritics: "dan van" finds "dân vận", "dang" finds "Đảng" and its
 * look-alike "Ðảng". Results are the newest live articles holding every word, in titles, summaries, bodies and
 * captions, as a page and as feeds in every format, and follow every write, through any instance.
 */
class SearchTest {

    static final String GUID = "tag:baohatinh.vn,2023:article:";

    @RegisterExtension
    static final ServerPerClass loa = new ServerPerClass(ServerSetup.defaults().site(site -> site.itemsPerFeed(3)));

    static TestServer server;
    static String token;

    @BeforeAll
    static void start() {
        // Three items a feed, so a handful of matches make pages.
        server = loa.server();
        token = server.token("desk");
        put("dan-van", Fixtures.article("Thực hiện hiệu quả công tác dân vận", "thoi-su", "2024-12-27T08:30:00+07:00"));
        ObjectNode inBody = Fixtures.article("Hội nghị tổng kết năm", "thoi-su", "2024-12-28T08:30:00+07:00");
        inBody.put("body", "<p>Phong trào thi đua <b>Dân vận</b> khéo được chú trọng.</p>");
        put("in-body", inBody);
        ObjectNode inSummary = Fixtures.article("Xây dựng hệ thống chính trị", "thoi-su", "2024-12-29T08:30:00+07:00");
        inSummary.put("summary", "Vai trò lãnh đạo của Đảng trong tình hình mới.");
        put("in-summary", inSummary);
        // U+00D0, the Icelandic eth, which some texts put where Đ belongs.
        put("eth", Fixtures.article("Ðảng bộ tỉnh tổng kết công tác", "thoi-su", "2024-12-30T08:30:00+07:00"));
        ObjectNode inCaption = Fixtures.withImage(
                Fixtures.article("Ảnh hội nghị", "thoi-su", "2024-12-31T08:30:00+07:00"),
                "https://baohatinh.vn/a.jpg",
                "Hội trường");
        ((ObjectNode) inCaption.get("images").get(0)).put("caption", "Đại biểu Đảng ủy khối dự hội nghị.");
        put("in-caption", inCaption);
        put("other", Fixtures.article("Mùa du lịch biển Thiên Cầm", "du-lich", "2025-01-02T08:30:00+07:00"));
    }

    @Test
    void wordsTypedWithoutDiacriticsFindThemWithDiacriticsInEveryPartOfAnArticle() throws Exception {
        assertThat(ids("/feeds/search.atom?q=dan+van")).containsExactly(GUID + "in-body", GUID + "dan-van");
        assertThat(ids("/feeds/search.atom?q=" + encode("DÂN  Vận")))
                .containsExactly(GUID + "in-body", GUID + "dan-van");
        // Đ, đ and the look-alike Ð alike, in titles, summaries and captions.
        assertThat(ids("/feeds/search.rss?q=dang&page=1"))
                .containsExactly(GUID + "in-caption", GUID + "eth", GUID + "in-summary");
        assertThat(server.get("/feeds/search.rss?q=dang&page=2").statusCode())
                .as("past the last result")
                .isEqualTo(404);
        assertThat(ids("/feeds/search.atom?q=" + encode("Đảng"))).hasSize(3);
        // Every word must be there, not any.
        assertThat(ids("/feeds/search.atom?q=dang+bo")).containsExactly(GUID + "eth");
        assertThat(ids("/feeds/search.atom?q=dan+van+bien")).isEmpty();
        assertThat(ids("/feeds/search.atom?q=xyzzy")).isEmpty();
    }

    @Test
    void searchFeedsAreFeedsOfTheirOwnInEveryFormatNamedByTheirQuery() throws Exception {
        String q = encode("dân vận");
        Feed atom = atom("/feeds/search.atom?q=" + q);
        assertThat(atom.getTitle()).isEqualTo("Báo Hà Tĩnh – Tìm kiếm: dân vận");
        assertThat(atom.getId()).isEqualTo("tag:baohatinh.vn,2023:feed:search?q=" + q);
        assertThat(atom.getOtherLinks())
                .filteredOn(l -> l.getRel().equals("self"))
                .extracting(Link::getHref)
                .containsExactly(server.baseUrl() + "/feeds/search.atom?q=" + q);
        assertThat(server.feed("/feeds/search.rss?q=" + q).getTitle()).isEqualTo("Báo Hà Tĩnh – Tìm kiếm: dân vận");
        HttpResponse<String> json = server.get("/feeds/search.json?q=" + q);
        assertThat(json.headers().firstValue("Content-Type")).hasValue("application/feed+json; charset=utf-8");
        JsonNode feed = Fixtures.JSON.readTree(json.body());
        assertThat(feed.get("feed_url").asText()).isEqualTo(server.baseUrl() + "/feeds/search.json?q=" + q);
        assertThat(feed.get("items").findValuesAsText("id")).containsExactly(GUID + "in-body", GUID + "dan-van");
    }

    @Test
    void resultsArePagedTwentyAPageNewestFirst() throws Exception {
        // 45 matches: pages of 20, 20 and 5.
        for (int i = 1; i <= 45; i++) {
            put(
                    String.format("p-%02d", i),
                    Fixtures.article(
                            "Bài " + i + " phân trang",
                            "lich-su",
                            String.format("2024-10-%02dT08:%02d:00+07:00", 1 + i % 28, i)));
        }
        List<String> pages = new java.util.ArrayList<>();
        for (int page = 1; page <= 3; page++) {
            Feed feed = atom("/feeds/search.atom?q=phan+trang" + (page == 1 ? "" : "&page=" + page));
            assertThat(feed.getEntries()).hasSize(page == 3 ? 5 : 20);
            feed.getEntries().forEach(e -> pages.add(e.getId()));
            assertThat(feed.getOtherLinks())
                    .filteredOn(l -> l.getRel().equals("next"))
                    .extracting(Link::getHref)
                    .containsExactlyElementsOf(
                            page == 3
                                    ? List.of()
                                    : List.of(server.baseUrl() + "/feeds/search.atom?q=phan+trang&page=" + (page + 1)));
        }
        // Every match once, newest first: by day, then by minute.
        List<String> newestFirst = java.util.stream.IntStream.rangeClosed(1, 45)
                .boxed()
                .sorted(java.util.Comparator.<Integer>comparingInt(i -> 1 + i % 28)
                        .thenComparingInt(i -> i)
                        .reversed())
                .map(i -> GUID + String.format("p-%02d", i))
                .toList();
        assertThat(pages).isEqualTo(newestFirst);
        assertThat(server.get("/feeds/search.atom?q=phan+trang&page=4").statusCode())
                .isEqualTo(404);
        assertThat(server.get("/feeds/search.atom?q=phan+trang&page=11").statusCode())
                .isEqualTo(400);
    }

    @Test
    void theSearchPageListsMatchesWithTheSearchFeedsAndAFormHoldingTheQuery() {
        HttpResponse<String> response = server.get("/search?q=" + encode("dân vận"));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        Document page = Jsoup.parse(response.body(), server.baseUrl());
        assertThat(page.select("ol.headlines li > a").eachText())
                .containsExactly("Hội nghị tổng kết năm", "Thực hiện hiệu quả công tác dân vận");
        assertThat(page.select("link[rel=alternate]").eachAttr("href"))
                .containsExactly(
                        server.baseUrl() + "/feeds/search.rss?q=d%C3%A2n+v%E1%BA%ADn",
                        server.baseUrl() + "/feeds/search.atom?q=d%C3%A2n+v%E1%BA%ADn",
                        server.baseUrl() + "/feeds/search.json?q=d%C3%A2n+v%E1%BA%ADn");
        assertThat(page.selectFirst("form[role=search] input[name=q]").attr("value"))
                .isEqualTo("dân vận");
        // The form alone without a query, and on the home page; the page's policy lets it be sent.
        HttpResponse<String> form = server.get("/search");
        assertThat(form.statusCode()).isEqualTo(200);
        assertThat(Jsoup.parse(form.body()).select("form[action=/search] input[name=q]"))
                .hasSize(1);
        assertThat(form.headers().firstValue("Content-Security-Policy"))
                .hasValueSatisfying(policy ->
                        assertThat(policy).contains("form-action 'self'").doesNotContain("form-action 'none'"));
        assertThat(Jsoup.parse(server.get("/").body()).select("form[action=/search] input[name=q]"))
                .hasSize(1);
    }

    @Test
    void aQueryIsTextOnThePageNeverMarkup() {
        String hostile = "<script>alert(1)</script> dan";
        HttpResponse<String> response = server.get("/search?q=" + encode(hostile));
        assertThat(response.statusCode()).isEqualTo(200);
        Document page = Jsoup.parse(response.body());
        assertThat(page.select("script")).isEmpty();
        // Cleaned as a title is: the query reaches feed titles too, which many readers read as HTML.
        assertThat(page.selectFirst("h1").text()).isEqualTo("Tìm kiếm: dan");
    }

    @Test
    void emptyAbsurdOrTooLongQueriesAreRefusedWithAProblem() {
        for (String path : List.of(
                "/feeds/search.atom",
                "/search?q=",
                "/feeds/search.rss?q=+++",
                "/feeds/search.json?q=" + encode("… — !!"),
                "/search?q=" + "a".repeat(201),
                "/feeds/search.atom?q=a+b+c+d+e+f+g+h+i+k+l",
                "/feeds/search.atom?q=dan&page=0",
                "/search?q=dan&page=x",
                "/feeds/search.atom?q=dan&page=99999999999")) {
            HttpResponse<String> response = server.get(path);
            assertThat(response.statusCode()).as(path).isEqualTo(400);
            if (path.startsWith("/search")) {
                // The search page is a browser's: it gets the problem as a page, a client asking for JSON as JSON.
                assertThat(response.headers().firstValue("Content-Type"))
                        .as(path)
                        .hasValue("text/html;charset=utf-8");
                Document page = Jsoup.parse(response.body());
                assertThat(page.selectFirst("h1").text()).as(path).isEqualTo("Lỗi 400");
                assertThat(page.select("form[action=/search] input[name=q]"))
                        .as(path)
                        .hasSize(1);
                response = server.send(
                        HttpRequest.newBuilder(server.uri(path)).header("Accept", "application/problem+json"));
                assertThat(response.statusCode()).as(path).isEqualTo(400);
            }
            assertThat(response.headers().firstValue("Content-Type")).as(path).hasValue("application/problem+json");
            assertThat(response.body()).as(path).contains("\"status\":400");
        }
        // Ten different words are a search; a word repeated counts once.
        assertThat(server.get("/feeds/search.atom?q=" + "a+b+c+d+e+f+g+h+i+k+a+a")
                        .statusCode())
                .isEqualTo(200);
        assertThat(server.get("/search?q=" + "dan+van+".repeat(25)).statusCode())
                .as("199 characters")
                .isEqualTo(200);
    }

    @Test
    void lettersAndDigitsOfEveryScriptAreWords() throws Exception {
        put("moskva", article("Đoàn đại biểu thăm Москва", "<p>Делегация прибыла в Москву.</p>"));
        put("zhongguo", article("Hợp tác khu vực", "<p>越南与中国合作。</p>"));
        put("strasse", article("Phố Đức", "<p>Straße des 17. Juni</p>"));
        put("full-width", article("Chữ rộng", "<p>Ｌｏａ２０２４ ＡＢＣ</p>"));

        for (String q : List.of("москва", "МОСКВА", "Москву")) {
            assertThat(ids("/feeds/search.atom?q=" + encode(q))).as(q).containsExactly(GUID + "moskva");
        }
        // Han is written without spaces: each character is a word, and a query finds articles holding all of them.
        assertThat(ids("/feeds/search.atom?q=" + encode("中国"))).containsExactly(GUID + "zhongguo");
        assertThat(ids("/feeds/search.atom?q=" + encode("国中"))).containsExactly(GUID + "zhongguo");
        assertThat(ids("/feeds/search.atom?q=" + encode("日本"))).isEmpty();
        for (String q : List.of("straße", "STRASSE", "strasse")) {
            assertThat(ids("/feeds/search.atom?q=" + encode(q))).as(q).containsExactly(GUID + "strasse");
        }
        // Full-width letters and digits are the ASCII ones (NFKC), in articles and queries alike.
        for (String q : List.of("loa2024", "ＬＯＡ２０２４", "abc")) {
            assertThat(ids("/feeds/search.atom?q=" + encode(q))).as(q).containsExactly(GUID + "full-width");
        }
        // Vietnamese folds as before.
        assertThat(ids("/feeds/search.atom?q=doan+dai+bieu")).containsExactly(GUID + "moskva");
    }

    @Test
    void aQueryIsMeasuredInCharactersNotUtf16Units() {
        // 150 emoji and one word: 155 characters, 304 UTF-16 units.
        String emoji = "\uD83D\uDE00".repeat(150);
        HttpResponse<String> found = server.get("/search?q=" + encode(emoji + " dan van"));
        assertThat(found.statusCode()).isEqualTo(200);
        assertThat(Jsoup.parse(found.body()).select("ol.headlines li a").eachText())
                .contains("Thực hiện hiệu quả công tác dân vận");
        HttpResponse<String> tooLong =
                server.get("/feeds/search.atom?q=" + encode("\uD83D\uDE00".repeat(195) + " dan van"));
        assertThat(tooLong.statusCode()).isEqualTo(400);
        assertThat(tooLong.body()).contains("q is 203 characters long; a search is at most 200.");
    }

    @Test
    void resultsFollowEveryWriteAndAreRevalidatedByTheirETag() throws Exception {
        String path = "/feeds/search.atom?q=dieu+chinh";
        HttpResponse<String> before = server.get(path);
        String etag = before.headers().firstValue("ETag").orElseThrow();
        assertThat(server.revalidate(path, etag).statusCode()).isEqualTo(304);
        assertThat(ids(path)).isEmpty();

        put("edit", Fixtures.article("Điều chỉnh quy hoạch", "thoi-su", "2024-10-01T08:00:00+07:00"));
        assertThat(ids(path)).containsExactly(GUID + "edit");
        assertThat(server.revalidate(path, etag).statusCode()).isEqualTo(200);

        put("edit", Fixtures.article("Quy hoạch mới", "thoi-su", "2024-10-01T08:00:00+07:00"));
        assertThat(ids(path)).isEmpty();
        assertThat(ids("/feeds/search.atom?q=quy+hoach+moi")).containsExactly(GUID + "edit");

        assertThat(server.delete("/api/articles/edit", token).statusCode()).isEqualTo(204);
        assertThat(ids("/feeds/search.atom?q=quy+hoach+moi")).isEmpty();
        assertThat(server.get("/search?q=quy+hoach+moi").body()).contains("Không tìm thấy bài viết nào.");

        // Scheduled: stored, not found until its time.
        put("later", Fixtures.article("Quy hoạch sắp công bố", "thoi-su", "2026-01-01T08:00:00+07:00"));
        assertThat(ids("/feeds/search.atom?q=sap+cong+bo")).isEmpty();
    }

    @Test
    void aScheduledArticleIsFoundFromItsTimeOnAndAWriteThroughAnyInstanceIsFoundThroughEvery() throws Exception {
        // The wall clock, so that the article's time comes during the test.
        Clock wall = Clock.systemUTC();
        try (TestServer a = ServerSetup.defaults().clock(wall).start();
                TestServer b =
                        ServerSetup.defaults().sharingDatabaseOf(a).clock(wall).start()) {
            String desk = a.token("desk");
            Instant soon = Instant.now().plusSeconds(3).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
            a.putArticle(
                    "soon",
                    Fixtures.article(
                            "Tin hẹn giờ về cảng Vũng Áng",
                            "thoi-su",
                            soon.atOffset(ZoneOffset.ofHours(7)).toString()),
                    desk);
            assertThat(ids(a, "/feeds/search.atom?q=vung+ang")).isEmpty();
            assertThat(ids(b, "/feeds/search.atom?q=vung+ang")).isEmpty();
            for (TestServer instance : List.of(a, b)) {
                await().until(() ->
                        !ids(instance, "/feeds/search.atom?q=vung+ang").isEmpty());
            }
            assertThat(Instant.now()).isAfterOrEqualTo(soon);
            // Written through a, found through b within about a second.
            a.putArticle(
                    "cang", Fixtures.article("Cảng Sơn Dương đón tàu", "thoi-su", "2025-01-01T08:00:00+07:00"), desk);
            assertThat(ids(a, "/feeds/search.atom?q=son+duong")).containsExactly(GUID + "cang");
            await().until(() -> ids(b, "/feeds/search.atom?q=son+duong").equals(List.of(GUID + "cang")));
            assertThat(b.delete("/api/articles/cang", desk).statusCode()).isEqualTo(204);
            await().until(() -> ids(a, "/feeds/search.atom?q=son+duong").isEmpty());
        }
    }

    @Test
    void articlesStoredBeforeSearchExistedAreFoundOnceAServerStarts() throws Exception {
        String url = TestDatabase.fresh();
        try {
            TestDatabase.migrateTo(url, "9");
            try (Connection db = DriverManager.getConnection(url, TestDatabase.user(), "")) {
                OffsetDateTime at = OffsetDateTime.parse("2024-06-01T01:00:00Z");
                try (PreparedStatement article = db.prepareStatement("INSERT INTO article (id, slug, title, body,"
                        + " language, published_at, updated_at, created_at, changed_at)"
                        + " VALUES ('old', 'bai-cu', 'Bài cũ', '<p>Đường lên Ngàn Trươi</p>', 'vi', ?, ?, ?, ?)")) {
                    for (int i = 1; i <= 4; i++) {
                        article.setObject(i, at);
                    }
                    article.execute();
                }
                try (PreparedStatement section = db.prepareStatement("INSERT INTO article_section (article_id,"
                        + " section, position, published_at) VALUES ('old', 'lich-su', 0, ?)")) {
                    section.setObject(1, at);
                    section.execute();
                }
            }
            try (TestServer started = ServerSetup.defaults().database(url).start()) {
                assertThat(ids(started, "/feeds/search.atom?q=ngan+truoi")).containsExactly(GUID + "old");
            }
        } finally {
            TestDatabase.drop(url);
        }
    }

    @Test
    void articlesWordedByAnOlderRuleAreWordedAnewWhenAServerStarts() throws Exception {
        String url = TestDatabase.fresh();
        try {
            // A database of the Loa before V18, holding what the first rule stored: it took a-z and 0-9 only.
            TestDatabase.migrateTo(url, "17");
            try (Connection db = DriverManager.getConnection(url, TestDatabase.user(), "")) {
                OffsetDateTime at = OffsetDateTime.parse("2024-06-01T01:00:00Z");
                try (PreparedStatement article = db.prepareStatement(
                        "INSERT INTO article (id, slug, title, body,"
                                + " language, published_at, updated_at, created_at, changed_at)"
                                + " VALUES ('moskva', 'moskva', 'Tin Москва', '<p>Делегация прибыла.</p>', 'vi', ?, ?, ?, ?)")) {
                    for (int i = 1; i <= 4; i++) {
                        article.setObject(i, at);
                    }
                    article.execute();
                }
                try (PreparedStatement section = db.prepareStatement("INSERT INTO article_section (article_id,"
                        + " section, position, published_at) VALUES ('moskva', 'lich-su', 0, ?)")) {
                    section.setObject(1, at);
                    section.execute();
                }
                try (PreparedStatement words = db.prepareStatement("INSERT INTO article_words (article_id, words,"
                        + " rule_version) VALUES ('moskva', 'tin tom tat', 1)")) {
                    words.execute();
                }
            }
            try (TestServer started = ServerSetup.defaults().database(url).start()) {
                for (String q : List.of("делегация", "москва tin")) {
                    assertThat(ids(started, "/feeds/search.atom?q=" + encode(q)))
                            .as(q)
                            .containsExactly(GUID + "moskva");
                }
            }
        } finally {
            TestDatabase.drop(url);
        }
    }

    private static ObjectNode article(String title, String body) {
        ObjectNode article = Fixtures.article(title, "thoi-su", "2024-11-01T08:00:00+07:00");
        article.put("body", body);
        return article;
    }

    private static void put(String id, ObjectNode article) {
        server.putArticle(id, article, token);
    }

    private static List<String> ids(String path) {
        return ids(server, path);
    }

    private static List<String> ids(TestServer on, String path) {
        HttpResponse<byte[]> response = on.getBytes(path);
        assertThat(response.statusCode()).as(path).isEqualTo(200);
        return TestServer.parse(response.body()).getEntries().stream()
                .map(SyndEntry::getUri)
                .toList();
    }

    private static Feed atom(String path) throws Exception {
        return (Feed) new WireFeedInput()
                .build(new InputSource(
                        new ByteArrayInputStream(server.getBytes(path).body())));
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
