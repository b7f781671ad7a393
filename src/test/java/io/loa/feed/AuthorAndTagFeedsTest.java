package io.loa.feed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.rometools.rome.feed.atom.Category;
import com.rometools.rome.feed.atom.Entry;
import com.rometools.rome.feed.atom.Feed;
import com.rometools.rome.feed.rss.Channel;
import com.rometools.rome.feed.rss.Item;
import com.rometools.rome.feed.synd.SyndEntry;
import com.rometools.rome.feed.synd.SyndFeed;
import com.rometools.rome.io.WireFeedInput;
import io.loa.FeedCrawl;
import io.loa.Fixtures;
import io.loa.ServerPerClass;
import io.loa.ServerSetup;
import io.loa.TestDatabase;
import io.loa.TestServer;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdom2.Element;
import org.jdom2.Namespace;
import org.jdom2.input.SAXBuilder;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.xml.sax.InputSource;

/**
 * Every author and every tag has feeds of its own, in every format, paged and archived by month like a section's,
 * served and revalidated like every feed, and changed by exactly the writes that change what they hold.
 */
class AuthorAndTagFeedsTest {

    static final String AUTHOR = "/feeds/author/nguyen-van-a";
    static final String TAG = "/feeds/tag/bien-dong";
    static final String GUID = "tag:baohatinh.vn,2023:article:";
    static final Namespace ATOM = Namespace.getNamespace("http://www.w3.org/2005/Atom");
    static final Namespace HISTORY = Namespace.getNamespace("http://purl.org/syndication/history/1.0");
    /** Nguyễn Văn A's articles, oldest first: two a month from November 2024, one in January. */
    static final List<String> BY_A = List.of("a-1", "a-2", "a-3", "a-4", "a-5", "a-6", "a-7");

    static final List<String> DATES =
            List.of("2024-11-05", "2024-11-20", "2024-12-03", "2024-12-28", "2025-01-10", "2025-02-01", "2025-02-15");

    @RegisterExtension
    static final ServerPerClass loa = new ServerPerClass(shortFeeds());

    static TestServer server;
    static String token;

    /** Feeds of three items, so that paging shows. */
    static ServerSetup shortFeeds() {
        return ServerSetup.defaults().site(site -> site.itemsPerFeed(3));
    }

    @BeforeAll
    static void start() {
        // Three items a feed, so that seven articles make three pages.
        server = loa.server();
        token = server.token("desk");
        List<String> sections = List.of("thoi-su", "du-lich", "lich-su");
        for (int i = 0; i < BY_A.size(); i++) {
            ObjectNode article = Fixtures.article(
                    "Bài số " + (i + 1) + " của Nguyễn Văn A", sections.get(i % 3), DATES.get(i) + "T08:00:00+07:00");
            // The same author however the desk spells the name: one slug, one feed.
            article.put("author", i == 2 ? "NGUYỄN VĂN A" : "Nguyễn Văn A");
            Fixtures.withTags(article, "Biển Đông");
            if (i % 2 == 0) {
                Fixtures.withTags(article, "Ngư dân");
            }
            put(BY_A.get(i), article);
        }
        ObjectNode other = Fixtures.article("Ngư dân vươn khơi", "thoi-su", "2025-02-20T08:00:00+07:00");
        other.put("author", "Trần Thị B");
        Fixtures.withTags(other, "Ngư dân");
        put("b-1", other);
        put("c-1", Fixtures.article("Không tác giả, không từ khóa", "thoi-su", "2025-02-25T08:00:00+07:00"));
    }

    @Test
    void authorAndTagFeedsHoldTheirArticlesNewestFirstInEveryFormatCalledByTheirName() throws Exception {
        for (String feed : List.of(AUTHOR, TAG)) {
            String name = feed.equals(AUTHOR) ? "Nguyễn Văn A" : "Biển Đông";
            for (String format : List.of("rss", "atom")) {
                SyndFeed parsed = server.feed(feed + "." + format);
                assertThat(parsed.getTitle()).as(feed).isEqualTo("Báo Hà Tĩnh – " + name);
                assertThat(parsed.getEntries())
                        .extracting(SyndEntry::getUri)
                        .containsExactly(GUID + "a-7", GUID + "a-6", GUID + "a-5");
            }
            JsonNode json = Fixtures.JSON.readTree(server.get(feed + ".json").body());
            assertThat(json.get("title").asText()).isEqualTo("Báo Hà Tĩnh – " + name);
            assertThat(json.get("feed_url").asText()).isEqualTo(server.baseUrl() + feed + ".json");
            assertThat(json.get("items").findValuesAsText("id"))
                    .containsExactly(GUID + "a-7", GUID + "a-6", GUID + "a-5");
        }
        Channel rss = channel(TAG + ".rss");
        assertThat(rss.getDescription()).isEqualTo("Báo Hà Tĩnh – Biển Đông");
        Feed atom = atom(AUTHOR + ".atom");
        assertThat(atom.getId()).isEqualTo("tag:baohatinh.vn,2023:feed:author/nguyen-van-a");
        assertThat(atom.getOtherLinks())
                .filteredOn(l -> l.getRel().equals("self"))
                .extracting("href")
                .containsExactly(server.baseUrl() + AUTHOR + ".atom");
        assertThat(server.feed("/feeds/tag/ngu-dan.atom").getEntries())
                .extracting(SyndEntry::getUri)
                .containsExactly(GUID + "b-1", GUID + "a-7", GUID + "a-5");
        assertThat(server.feed("/feeds/author/tran-thi-b.rss").getEntries())
                .extracting(SyndEntry::getUri)
                .containsExactly(GUID + "b-1");
    }

    @Test
    void tagsAreCategoriesOfASchemeOfTheirOwnBesideTheSectionsInEveryFeed() throws Exception {
        String base = server.baseUrl();
        for (String feed : List.of(TAG, "/feeds/thoi-su", "/feeds/all")) {
            Entry entry = atom(feed + ".atom").getEntries().stream()
                    .filter(e -> e.getId().equals(GUID + "a-7"))
                    .findFirst()
                    .orElseThrow();
            assertThat(entry.getCategories())
                    .extracting(Category::getScheme, Category::getTerm, Category::getLabel)
                    .as(feed)
                    .containsExactly(
                            tuple(base + "/feeds/", "thoi-su", "Thời sự"),
                            tuple(base + "/tags/", "bien-dong", "Biển Đông"),
                            tuple(base + "/tags/", "ngu-dan", "Ngư dân"));
            assertThat(entry.getAuthors()).singleElement().satisfies(author -> {
                assertThat(author.getName()).isEqualTo("Nguyễn Văn A");
                assertThat(author.getUri()).isEqualTo(base + "/authors/nguyen-van-a");
            });

            Item item = channel(feed + ".rss").getItems().stream()
                    .filter(i -> i.getGuid().getValue().equals(GUID + "a-7"))
                    .findFirst()
                    .orElseThrow();
            assertThat(item.getCategories())
                    .extracting(c -> c.getDomain(), c -> c.getValue())
                    .as(feed)
                    .containsExactly(
                            tuple(base + "/feeds/thoi-su.rss", "Thời sự"),
                            tuple(base + "/tags/", "Biển Đông"),
                            tuple(base + "/tags/", "Ngư dân"));
        }
        // However the author's name is spelled, the link is to the one page of that author.
        Entry spelled = atom(AUTHOR + "/archive/2024-12.atom").getEntries().stream()
                .filter(e -> e.getId().equals(GUID + "a-3"))
                .findFirst()
                .orElseThrow();
        assertThat(spelled.getAuthors())
                .extracting("name", "uri")
                .containsExactly(tuple("NGUYỄN VĂN A", base + "/authors/nguyen-van-a"));
        JsonNode item = Fixtures.JSON
                .readTree(server.get(TAG + ".json").body())
                .get("items")
                .get(2);
        assertThat(item.get("id").asText()).isEqualTo(GUID + "a-5");
        assertThat(item.get("tags")).extracting(JsonNode::asText).containsExactly("Du lịch", "Biển Đông", "Ngư dân");
        assertThat(item.at("/authors/0/name").asText()).isEqualTo("Nguyễn Văn A");
        assertThat(item.at("/authors/0/url").asText()).isEqualTo(base + "/authors/nguyen-van-a");
        JsonNode untagged = Fixtures.JSON
                .readTree(server.get("/feeds/all.json").body())
                .get("items")
                .get(0);
        assertThat(untagged.get("id").asText()).isEqualTo(GUID + "c-1");
        assertThat(untagged.get("tags")).extracting(JsonNode::asText).containsExactly("Thời sự");
        assertThat(untagged.has("authors")).isFalse();
    }

    @Test
    void pagesAndMonthlyArchivesReachEveryArticleOfAnAuthorOrATagExactlyOnce() throws Exception {
        List<String> all = BY_A.stream().map(id -> GUID + id).toList();
        for (String feed : List.of(AUTHOR, TAG)) {
            for (String format : List.of("rss", "atom")) {
                List<String> seen = new ArrayList<>();
                String next = feed + "." + format;
                int pages = 0;
                while (next != null) {
                    byte[] bytes = server.getBytes(next).body();
                    pages++;
                    TestServer.parse(bytes).getEntries().forEach(e -> seen.add(e.getUri()));
                    next = link(xml(bytes), "next").orElse(null);
                }
                assertThat(pages).isEqualTo(3);
                assertThat(seen).as(feed + "." + format).containsExactlyInAnyOrderElementsOf(all);
            }
            List<String> seen = new ArrayList<>();
            String next = feed + ".json";
            while (next != null) {
                JsonNode page = Fixtures.JSON.readTree(server.get(next).body());
                page.get("items").forEach(i -> seen.add(i.get("id").asText()));
                next = page.has("next_url") ? page.get("next_url").asText() : null;
            }
            assertThat(seen).containsExactlyInAnyOrderElementsOf(all);

            List<String> archived = new ArrayList<>();
            List<String> months = new ArrayList<>();
            Optional<String> archive = link(xml(server.getBytes(feed + ".atom").body()), "prev-archive");
            while (archive.isPresent()) {
                Element doc = xml(server.getBytes(archive.get()).body());
                assertThat(doc.getChild("archive", HISTORY)).isNotNull();
                assertThat(link(doc, "current")).contains(server.baseUrl() + feed + ".atom");
                months.add(archive.get().substring(archive.get().lastIndexOf('/') + 1));
                doc.getChildren("entry", ATOM).forEach(e -> archived.add(e.getChildText("id", ATOM)));
                archive = link(doc, "prev-archive");
            }
            assertThat(months).containsExactly("2025-02.atom", "2025-01.atom", "2024-12.atom", "2024-11.atom");
            assertThat(archived).containsExactlyInAnyOrderElementsOf(all);
        }
        assertThat(server.feed(AUTHOR + "/archive/2024-12.rss").getEntries())
                .extracting(SyndEntry::getUri)
                .containsExactly(GUID + "a-4", GUID + "a-3");
        assertThat(server.get(TAG + ".atom?page=4").statusCode()).isEqualTo(404);
    }

    @Test
    void unknownAuthorsAndTagsAndNamesThatAreNoSlugsAreNotFound() throws Exception {
        for (String path : List.of(
                "/feeds/author/khong-ai.atom",
                "/feeds/tag/khong-co.json",
                "/feeds/tag/Bien-Dong.rss",
                "/feeds/tag/bien--dong.rss",
                "/feeds/tag/bien-dong.txt",
                "/feeds/tag/bien-dong",
                "/feeds/author/khong-ai/archive/2024-11.atom",
                "/feeds/tag/bien-dong/archive/2019-01.atom",
                "/feeds/tag/bien-dong/archive/2024-11.json",
                "/feeds/tag/a/b.atom",
                "/feeds/author/.atom")) {
            HttpResponse<String> response = server.get(path);
            assertThat(response.statusCode()).as(path).isEqualTo(404);
            assertThat(response.headers().firstValue("Content-Type"))
                    .as(path)
                    .get()
                    .asString()
                    .startsWith("application/problem+json");
            assertThat(response.headers().firstValue("Link")).as(path).isEmpty();
        }
        assertThat(Fixtures.JSON
                        .readTree(server.get("/feeds/author/khong-ai.atom").body())
                        .get("detail")
                        .asText())
                .contains("khong-ai");
        HttpResponse<String> head = server.send(HttpRequest.newBuilder(server.uri("/feeds/tag/khong-co.atom"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()));
        assertThat(head.statusCode()).isEqualTo(404);
    }

    @Test
    void aTagFeedIsCachedAndRevalidatedLikeEveryFeedUntilAWriteChangesWhatItHolds() throws Exception {
        String feed = "/feeds/tag/cua-hoi.atom";
        put("hoi-1", tagged("Cầu Cửa Hội thông xe", "thoi-su", "2025-01-05T08:00:00+07:00", "Cửa Hội"));
        HttpResponse<byte[]> first = server.getBytes(feed);
        assertThat(first.statusCode()).isEqualTo(200);
        String etag = first.headers().firstValue("ETag").orElseThrow();
        assertThat(first.headers().firstValue("Last-Modified")).contains("Sat, 01 Mar 2025 02:00:00 GMT");
        assertThat(first.headers().firstValue("Vary")).contains("Accept, Accept-Encoding");
        assertThat(first.headers().firstValue("Cache-Control")).contains("public, max-age=300");
        assertThat(first.headers().firstValue("Link"))
                .contains("<" + server.baseUrl() + "/websub>; rel=\"hub\", <" + server.baseUrl() + feed
                        + ">; rel=\"self\"");

        long renders = server.cache().renders();
        assertThat(server.revalidate(feed, etag).statusCode()).isEqualTo(304);
        HttpResponse<byte[]> gzip =
                server.sendBytes(HttpRequest.newBuilder(server.uri(feed)).header("Accept-Encoding", "gzip"));
        assertThat(gzip.headers().firstValue("Content-Encoding")).contains("gzip");
        HttpResponse<byte[]> head = server.sendBytes(
                HttpRequest.newBuilder(server.uri(feed)).method("HEAD", HttpRequest.BodyPublishers.noBody()));
        assertThat(head.body()).isEmpty();
        assertThat(head.headers().firstValue("Content-Length")).contains(String.valueOf(first.body().length));
        // Writes elsewhere leave the tag's feed as it is: it is neither rendered again nor changed.
        put("elsewhere", Fixtures.article("Ở nơi khác", "thoi-su", "2025-01-06T08:00:00+07:00"));
        assertThat(server.revalidate(feed, etag).statusCode()).isEqualTo(304);
        assertThat(server.cache().renders()).isEqualTo(renders);

        put("hoi-2", tagged("Cửa Hội vào mùa", "du-lich", "2025-01-07T08:00:00+07:00", "cửa hội"));
        HttpResponse<String> changed = server.revalidate(feed, etag);
        assertThat(changed.statusCode()).isEqualTo(200);
        assertThat(changed.headers().firstValue("ETag")).get().isNotEqualTo(etag);
        assertThat(TestServer.parse(changed.body().getBytes(java.nio.charset.StandardCharsets.UTF_8))
                        .getEntries())
                .extracting(SyndEntry::getUri)
                .containsExactly(GUID + "hoi-2", GUID + "hoi-1");
    }

    @Test
    void anEditThatRemovesATagDropsTheArticleFromThatTagsFeedsAtOnceAndTheLastOneEndsThem() throws Exception {
        put("ang-1", tagged("Cảng Vũng Áng đón tàu", "thoi-su", "2025-01-08T08:00:00+07:00", "Vũng Áng", "Cảng biển"));
        put("ang-2", tagged("Vũng Áng mở rộng", "thoi-su", "2025-01-09T08:00:00+07:00", "Vũng Áng"));
        String etag = server.getBytes("/feeds/tag/vung-ang.atom")
                .headers()
                .firstValue("ETag")
                .orElseThrow();
        String jsonEtag = server.getBytes("/feeds/tag/vung-ang.json")
                .headers()
                .firstValue("ETag")
                .orElseThrow();
        server.getBytes("/feeds/tag/vung-ang/archive/2025-01.atom");

        put("ang-2", tagged("Vũng Áng mở rộng", "thoi-su", "2025-01-09T08:00:00+07:00", "Cảng biển"));
        HttpResponse<String> atom = server.revalidate("/feeds/tag/vung-ang.atom", etag);
        assertThat(atom.statusCode()).isEqualTo(200);
        assertThat(TestServer.parse(atom.body().getBytes(java.nio.charset.StandardCharsets.UTF_8))
                        .getEntries())
                .extracting(SyndEntry::getUri)
                .containsExactly(GUID + "ang-1");
        assertThat(server.revalidate("/feeds/tag/vung-ang.json", jsonEtag).statusCode())
                .isEqualTo(200);
        assertThat(server.feed("/feeds/tag/vung-ang/archive/2025-01.atom").getEntries())
                .extracting(SyndEntry::getUri)
                .containsExactly(GUID + "ang-1");
        assertThat(server.feed("/feeds/tag/cang-bien.rss").getEntries())
                .extracting(SyndEntry::getUri)
                .containsExactly(GUID + "ang-2", GUID + "ang-1");

        put("ang-1", tagged("Cảng Vũng Áng đón tàu", "thoi-su", "2025-01-08T08:00:00+07:00", "Cảng biển"));
        assertThat(server.get("/feeds/tag/vung-ang.atom").statusCode()).isEqualTo(404);
        assertThat(server.get("/feeds/tag/vung-ang/archive/2025-01.atom").statusCode())
                .isEqualTo(404);
    }

    @Test
    void anEditThatChangesTheAuthorMovesTheArticleFromOneAuthorsFeedToTheOther() {
        ObjectNode article = Fixtures.article("Đổi tác giả", "lich-su", "2025-01-11T08:00:00+07:00");
        article.put("author", "Lê Văn Cường");
        put("doi-tac-gia", article);
        assertThat(server.feed("/feeds/author/le-van-cuong.atom").getEntries()).hasSize(1);
        article.put("author", "Phạm Thị Dung");
        put("doi-tac-gia", article);
        assertThat(server.get("/feeds/author/le-van-cuong.atom").statusCode()).isEqualTo(404);
        assertThat(server.feed("/feeds/author/pham-thi-dung.atom").getEntries())
                .extracting(SyndEntry::getUri)
                .containsExactly(GUID + "doi-tac-gia");
        article.remove("author");
        put("doi-tac-gia", article);
        assertThat(server.get("/feeds/author/pham-thi-dung.rss").statusCode()).isEqualTo(404);
    }

    @Test
    void aDeletedArticleIsAnnouncedInItsTagsAndAuthorsAtomFeeds() throws Exception {
        ObjectNode kept = tagged("Tin giữ lại", "thoi-su", "2025-01-12T08:00:00+07:00", "Tin xóa");
        kept.put("author", "Hoàng Văn Em");
        put("giu-lai", kept);
        ObjectNode gone = tagged("Tin bị xóa", "thoi-su", "2025-01-13T08:00:00+07:00", "Tin xóa");
        gone.put("author", "Hoàng Văn Em");
        put("bi-xoa", gone);
        server.getBytes("/feeds/tag/tin-xoa.atom");
        assertThat(server.delete("/api/articles/bi-xoa", token).statusCode()).isEqualTo(204);
        for (String feed : List.of("/feeds/tag/tin-xoa.atom", "/feeds/author/hoang-van-em.atom")) {
            Element atom = xml(server.getBytes(feed).body());
            assertThat(atom.getChildren("entry", ATOM))
                    .extracting(e -> e.getChildText("id", ATOM))
                    .containsExactly(GUID + "giu-lai");
            assertThat(atom.getChildren(
                            "deleted-entry", Namespace.getNamespace("http://purl.org/atompub/tombstones/1.0")))
                    .extracting(e -> e.getAttributeValue("ref"))
                    .as(feed)
                    .containsExactly(GUID + "bi-xoa");
        }
    }

    @Test
    void aBrowserGetsTheTagFeedAsAPageThatLinksToTheTagsPage() {
        HttpResponse<String> response = server.send(HttpRequest.newBuilder(server.uri(TAG + ".rss"))
                .header("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type"))
                .get()
                .asString()
                .startsWith("text/html");
        Document page = Jsoup.parse(response.body());
        assertThat(page.select("h1").text()).isEqualTo("Báo Hà Tĩnh – Biển Đông");
        assertThat(page.select("main > p.meta a"))
                .extracting(a -> a.attr("href"), org.jsoup.nodes.Element::text)
                .containsExactly(tuple("/", "Báo Hà Tĩnh"), tuple("/tags/bien-dong", "Biển Đông"));
        assertThat(page.selectFirst("#feed-url").attr("value")).isEqualTo(server.baseUrl() + TAG + ".rss");
        assertThat(page.select("link[rel=alternate]"))
                .extracting(l -> l.attr("href"))
                .containsExactly(
                        server.baseUrl() + TAG + ".rss",
                        server.baseUrl() + TAG + ".atom",
                        server.baseUrl() + TAG + ".json");
        assertThat(page.select("ol.headlines h2 a"))
                .extracting(org.jsoup.nodes.Element::text)
                .containsExactly("Bài số 7 của Nguyễn Văn A", "Bài số 6 của Nguyễn Văn A", "Bài số 5 của Nguyễn Văn A");
        Document author = Jsoup.parse(server.send(HttpRequest.newBuilder(server.uri(AUTHOR + "/archive/2024-11.atom"))
                        .header("Accept", "text/html"))
                .body());
        assertThat(author.select("main > p.meta a").last().attr("href")).isEqualTo("/authors/nguyen-van-a");
    }

    @Test
    void anotherInstanceOnTheDatabaseDropsItsCopyOfATagFeedThatAWriteHereChanged() throws Exception {
        put("xa-1", tagged("Nông thôn mới ở Cẩm Xuyên", "thoi-su", "2025-01-14T08:00:00+07:00", "Nông thôn mới"));
        try (TestServer other = shortFeeds()
                .sharingDatabaseOf(server)
                .setting("LOA_SYNC_MILLIS", "50")
                .start()) {
            String feed = "/feeds/tag/nong-thon-moi.atom";
            assertThat(other.feed(feed).getEntries()).hasSize(1);
            put("xa-2", tagged("Nông thôn mới nâng cao", "thoi-su", "2025-01-15T08:00:00+07:00", "Nông thôn mới"));
            await().until(() -> other.feed(feed).getEntries().size() == 2);
        }
    }

    @Test
    void articlesStoredBeforeAuthorsHadFeedsAreInTheirAuthorsFeedOnceAServerStarts() throws Exception {
        String url = TestDatabase.fresh();
        try {
            TestDatabase.migrateTo(url, "7");
            try (Connection db = DriverManager.getConnection(url, TestDatabase.user(), "")) {
                OffsetDateTime at = OffsetDateTime.parse("2024-06-01T01:00:00Z");
                try (PreparedStatement article = db.prepareStatement("INSERT INTO article (id, slug, title, author,"
                        + " body, language, published_at, updated_at, created_at, changed_at)"
                        + " VALUES (?, ?, ?, ?, '', 'vi', ?, ?, ?, ?)")) {
                    for (String[] row : new String[][] {
                        {"old-1", "bai-cu", "Bài cũ", "Đặng Văn Hùng"}, {"old-2", "khong-ten", "Không tên", "—"}
                    }) {
                        for (int i = 0; i < row.length; i++) {
                            article.setString(i + 1, row[i]);
                        }
                        for (int i = 5; i <= 8; i++) {
                            article.setObject(i, at);
                        }
                        article.execute();
                    }
                }
                try (PreparedStatement section = db.prepareStatement("INSERT INTO article_section (article_id, section,"
                        + " position, published_at) VALUES (?, 'lich-su', 0, ?)")) {
                    for (String id : List.of("old-1", "old-2")) {
                        section.setString(1, id);
                        section.setObject(2, at);
                        section.execute();
                    }
                }
            }
            try (TestServer started = ServerSetup.defaults().database(url).start()) {
                assertThat(started.feed("/feeds/author/dang-van-hung.atom").getEntries())
                        .extracting(SyndEntry::getUri)
                        .containsExactly(GUID + "old-1");
                assertThat(started.feed("/feeds/lich-su.atom").getEntries()).hasSize(2);
                // Its next edit names the author's feed among those it changed, as any write does.
                ObjectNode edit = Fixtures.article("Bài cũ", "lich-su", "2024-06-01T08:00:00+07:00");
                edit.put("author", "Đặng Thị Hoa");
                assertThat(started.put("/api/articles/old-1", edit.toString(), started.token("desk"))
                                .statusCode())
                        .isEqualTo(200);
                assertThat(started.get("/feeds/author/dang-van-hung.atom").statusCode())
                        .isEqualTo(404);
                assertThat(started.feed("/feeds/author/dang-thi-hoa.atom").getEntries())
                        .hasSize(1);
            }
        } finally {
            TestDatabase.drop(url);
        }
    }

    private static ObjectNode tagged(String title, String section, String published, String... tags) {
        return Fixtures.withTags(Fixtures.article(title, section, published), tags);
    }

    @Test
    void everyFeedLinksToItsOwnPageInEveryFormat() throws Exception {
        Map<String, String> pages = Map.of(
                "/feeds/thoi-su",
                "/sections/thoi-su",
                AUTHOR,
                "/authors/nguyen-van-a",
                TAG,
                "/tags/bien-dong",
                "/feeds/all",
                "/");
        for (Map.Entry<String, String> feed : pages.entrySet()) {
            String page = server.baseUrl() + feed.getValue();
            assertThat(channel(feed.getKey() + ".rss").getLink())
                    .as(feed.getKey())
                    .isEqualTo(page);
            assertThat(atom(feed.getKey() + ".atom").getAlternateLinks())
                    .as(feed.getKey())
                    .extracting("rel", "href", "type")
                    .containsExactly(tuple("alternate", page, "text/html"));
            assertThat(Fixtures.JSON
                            .readTree(server.get(feed.getKey() + ".json").body())
                            .get("home_page_url")
                            .asText())
                    .as(feed.getKey())
                    .isEqualTo(page);
            assertThat(server.get(page).statusCode()).as(page).isEqualTo(200);
        }
    }

    @Test
    void anAuthorNamedAsTheSiteIsCalledByThatNameOnce() throws Exception {
        ObjectNode article = Fixtures.article("Tin của tòa soạn", "du-lich", "2019-05-01T08:00:00+07:00");
        article.put("author", "Báo Hà Tĩnh");
        put("toa-soan", article);
        String feed = "/feeds/author/bao-ha-tinh";
        assertThat(server.feed(feed + ".rss").getTitle()).isEqualTo("Báo Hà Tĩnh");
        assertThat(server.feed(feed + ".atom").getTitle()).isEqualTo("Báo Hà Tĩnh");
        assertThat(Fixtures.JSON
                        .readTree(server.get(feed + ".json").body())
                        .get("title")
                        .asText())
                .isEqualTo("Báo Hà Tĩnh");
        Document page = Jsoup.parse(server.get("/authors/bao-ha-tinh").body());
        assertThat(page.title()).isEqualTo("Báo Hà Tĩnh");
        assertThat(page.select("link[rel=alternate]").eachAttr("title"))
                .hasSize(3)
                .allMatch(title -> title.matches("Báo Hà Tĩnh \\([^)]+\\)"));
    }

    private static void put(String id, ObjectNode article) {
        server.putArticle(id, article, token);
    }

    private static Channel channel(String path) throws Exception {
        return (Channel) new WireFeedInput()
                .build(new InputSource(
                        new ByteArrayInputStream(server.getBytes(path).body())));
    }

    private static Feed atom(String path) throws Exception {
        return (Feed) new WireFeedInput()
                .build(new InputSource(
                        new ByteArrayInputStream(server.getBytes(path).body())));
    }

    private static Element xml(byte[] body) throws Exception {
        return new SAXBuilder().build(new ByteArrayInputStream(body)).getRootElement();
    }

    private static Optional<String> link(Element feed, String rel) {
        return FeedCrawl.link(feed, rel);
    }
}
