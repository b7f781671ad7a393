package io.loa.feed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.rometools.modules.mediarss.MediaEntryModule;
import com.rometools.modules.mediarss.MediaModule;
import com.rometools.modules.mediarss.types.MediaContent;
import com.rometools.rome.feed.atom.Entry;
import com.rometools.rome.feed.atom.Feed;
import com.rometools.rome.feed.synd.SyndCategory;
import com.rometools.rome.feed.synd.SyndEntry;
import com.rometools.rome.feed.synd.SyndFeed;
import com.rometools.rome.feed.synd.SyndLink;
import com.rometools.rome.io.WireFeedInput;
import io.loa.Fixtures;
import io.loa.ServerPerClass;
import io.loa.TestServer;
import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdom2.Document;
import org.jdom2.Element;
import org.jdom2.Namespace;
import org.jdom2.input.SAXBuilder;
import org.jsoup.parser.Parser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.xml.sax.InputSource;

/** An article posted over HTTP comes back out of every feed it belongs in, field by field. */
class FeedRoundTripTest {

    static final String SECTION_A = "hoat-dong-lanh-dao-tinh";
    static final String SECTION_B = "bao-ve-nen-tang-tu-tuong";
    static final String GUID = "tag:baohatinh.vn,2023:article:dan-van-2023";
    /** Every feed the sample article is in. */
    static final List<String> FEEDS =
            List.of(SECTION_A, SECTION_B, "all", "author/thu-phuong", "tag/dan-van-kheo", "tag/cong-tac-dan-van");

    static final Instant PUBLISHED = Instant.parse("2023-12-27T01:30:00Z");
    static final Instant UPDATED = Instant.parse("2023-12-27T03:00:00Z");

    @RegisterExtension
    static final ServerPerClass loa = new ServerPerClass();

    static TestServer server;
    static String token;
    static ObjectNode sample;

    @BeforeAll
    static void start() {
        server = loa.server();
        token = server.token("desk");
        sample = Fixtures.sampleArticle(server.baseUrl());
        HttpResponse<String> created = server.put("/api/articles/dan-van-2023", sample.toString(), token);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(created.headers().firstValue("Location")).contains("/api/articles/dan-van-2023");
    }

    @Test
    void theSampleArticleRoundTripsThroughTheRssFeedsOfBothItsSectionsItsAuthorAndItsTags() {
        for (String section : FEEDS) {
            SyndFeed feed = server.feed("/feeds/" + section + ".rss");
            SyndEntry item = entry(feed, GUID).orElseThrow();

            assertThat(item.getTitle()).isEqualTo("Thực hiện toàn diện, đồng bộ và hiệu quả công tác dân vận");
            assertThat(item.getLink()).isEqualTo(sample.get("url").asText());
            assertThat(Parser.unescapeEntities(item.getDescription().getValue(), false))
                    .isEqualTo(sample.get("summary").asText());
            assertThat(item.getContents()).hasSize(1);
            assertThat(item.getContents().get(0).getValue())
                    .contains("Sáng 27/12, Ban Dân vận Tỉnh ủy tổ chức hội nghị")
                    .contains("phong trào thi đua “Dân vận khéo\"".substring(1))
                    .contains("1.743 mô hình “Dân vận khéo”")
                    .contains("<figcaption>Chủ trì hội nghị.</figcaption>");
            assertThat(item.getAuthor()).isEqualTo("Thu Phương");
            assertThat(item.getCategories())
                    .extracting(SyndCategory::getName)
                    .containsExactly(
                            "Hoạt động của lãnh đạo tỉnh",
                            "Bảo vệ nền tảng tư tưởng của Đảng",
                            "Dân vận khéo",
                            "Công tác dân vận");
            assertThat(item.getPublishedDate().toInstant()).isEqualTo(PUBLISHED);
            assertLeadImage(item);
        }
    }

    @Test
    void theSampleArticleRoundTripsThroughTheAtomFeedsOfBothItsSectionsItsAuthorAndItsTags() {
        for (String section : FEEDS) {
            SyndFeed feed = server.feed("/feeds/" + section + ".atom");
            SyndEntry entry = entry(feed, GUID).orElseThrow();

            assertThat(entry.getTitle()).isEqualTo("Thực hiện toàn diện, đồng bộ và hiệu quả công tác dân vận");
            assertThat(entry.getLink()).isEqualTo(sample.get("url").asText());
            assertThat(entry.getDescription().getValue())
                    .isEqualTo(sample.get("summary").asText());
            assertThat(entry.getContents()).singleElement().satisfies(c -> {
                assertThat(c.getType()).isEqualTo("html");
                assertThat(c.getValue())
                        .contains("1.743 mô hình “Dân vận khéo”")
                        .contains("<figcaption>Lãnh đạo tỉnh tham dự hội nghị.</figcaption>");
            });
            assertThat(entry.getAuthor()).isEqualTo("Thu Phương");
            assertThat(entry.getCategories())
                    .extracting(SyndCategory::getName)
                    .containsExactly(SECTION_A, SECTION_B, "dan-van-kheo", "cong-tac-dan-van");
            assertThat(entry.getPublishedDate().toInstant()).isEqualTo(PUBLISHED);
            assertThat(entry.getUpdatedDate().toInstant()).isEqualTo(UPDATED);
            assertLeadImage(entry);
        }
    }

    @Test
    void datesAreWrittenToTheSecondWithTheSiteOffset() throws Exception {
        Element rssItem = rawEntry("/feeds/" + SECTION_A + ".rss", Namespace.NO_NAMESPACE);
        assertThat(rssItem.getChildText("pubDate")).isEqualTo("Wed, 27 Dec 2023 08:30:00 +0700");
        assertThat(rssItem.getChildText("modified", Namespace.getNamespace("http://purl.org/dc/terms/")))
                .isEqualTo("2023-12-27T10:00:00+07:00");
        assertThat(rssItem.getChild("guid").getAttributeValue("isPermaLink")).isEqualTo("false");

        Namespace atom = Namespace.getNamespace("http://www.w3.org/2005/Atom");
        Element atomEntry = rawEntry("/feeds/" + SECTION_A + ".atom", atom);
        assertThat(atomEntry.getChildText("published", atom)).isEqualTo("2023-12-27T08:30:00+07:00");
        assertThat(atomEntry.getChildText("updated", atom)).isEqualTo("2023-12-27T10:00:00+07:00");
    }

    @Test
    void channelsCarryTitleLinkDescriptionLanguageSelfLinkAndBuildDate() throws Exception {
        SyndFeed rss = server.feed("/feeds/" + SECTION_A + ".rss");
        assertThat(rss.getTitle()).isEqualTo("Báo Hà Tĩnh – Hoạt động của lãnh đạo tỉnh");
        assertThat(rss.getLink()).isEqualTo(server.baseUrl() + "/sections/" + SECTION_A);
        assertThat(rss.getDescription()).isEqualTo("Hoạt động, chỉ đạo của lãnh đạo tỉnh Hà Tĩnh");
        assertThat(rss.getLanguage()).isEqualTo("vi");
        Element channel =
                document("/feeds/" + SECTION_A + ".rss").getRootElement().getChild("channel");
        Element self = channel.getChild("link", Namespace.getNamespace("http://www.w3.org/2005/Atom"));
        assertThat(self.getAttributeValue("rel")).isEqualTo("self");
        assertThat(self.getAttributeValue("href")).isEqualTo(server.baseUrl() + "/feeds/" + SECTION_A + ".rss");
        assertThat(channel.getChildText("lastBuildDate")).isNotBlank();

        SyndFeed atom = server.feed("/feeds/" + SECTION_A + ".atom");
        assertThat(atom.getTitle()).isEqualTo("Báo Hà Tĩnh – Hoạt động của lãnh đạo tỉnh");
        assertThat(document("/feeds/" + SECTION_A + ".atom")
                        .getRootElement()
                        .getAttributeValue("lang", Namespace.XML_NAMESPACE))
                .isEqualTo("vi");
        assertThat(atom.getUri()).isEqualTo("tag:baohatinh.vn,2023:feed:" + SECTION_A);
        assertThat(atom.getLinks()).anySatisfy(l -> {
            assertThat(l.getRel()).isEqualTo("self");
            assertThat(l.getHref()).isEqualTo(server.baseUrl() + "/feeds/" + SECTION_A + ".atom");
        });
        assertThat(atom.getPublishedDate()).isNotNull();
    }

    @Test
    void feedsAnswerWithTheirMediaTypesAndALength() {
        HttpResponse<byte[]> rss = server.getBytes("/feeds/" + SECTION_A + ".rss");
        assertThat(rss.headers().firstValue("Content-Type")).contains("application/rss+xml; charset=utf-8");
        assertThat(rss.headers().firstValue("Content-Length")).contains(String.valueOf(rss.body().length));
        HttpResponse<byte[]> atom = server.getBytes("/feeds/" + SECTION_A + ".atom");
        assertThat(atom.headers().firstValue("Content-Type")).contains("application/atom+xml; charset=utf-8");
    }

    @Test
    void anUnknownSectionOrFormatIsNotFound() {
        for (String path :
                List.of("/feeds/khong-co.rss", "/feeds/khong-co.atom", "/feeds/thoi-su.xml", "/feeds/thoi-su")) {
            HttpResponse<String> response = server.get(path);
            assertThat(response.statusCode()).as(path).isEqualTo(404);
            assertThat(response.headers().firstValue("Content-Type")).contains("application/problem+json");
        }
    }

    @Test
    void editingKeepsTheGuidAndMovesTheUpdatedDate() {
        ObjectNode article = Fixtures.article("Bản tin sáng", "thoi-su", "2024-08-01T07:00:00+07:00");
        assertThat(server.put("/api/articles/edit-me", article.toString(), token)
                        .statusCode())
                .isEqualTo(201);
        String guid = "tag:baohatinh.vn,2023:article:edit-me";
        SyndEntry before = entry(server.feed("/feeds/thoi-su.atom"), guid).orElseThrow();
        assertThat(before.getUpdatedDate().toInstant()).isEqualTo(Instant.parse("2024-08-01T00:00:00Z"));

        article.put("title", "Bản tin sáng (cập nhật)");
        HttpResponse<String> edited = server.put("/api/articles/edit-me", article.toString(), token);
        assertThat(edited.statusCode()).isEqualTo(200);

        SyndEntry after = entry(server.feed("/feeds/thoi-su.atom"), guid).orElseThrow();
        assertThat(after.getTitle()).isEqualTo("Bản tin sáng (cập nhật)");
        assertThat(after.getPublishedDate()).isEqualTo(before.getPublishedDate());
        assertThat(after.getUpdatedDate().toInstant()).isEqualTo(TestServer.NOW);
        assertThat(entry(server.feed("/feeds/thoi-su.rss"), guid))
                .get()
                .extracting(SyndEntry::getTitle)
                .isEqualTo("Bản tin sáng (cập nhật)");
    }

    @Test
    void theSameRequestTwiceLeavesOneUnchangedArticle() {
        ObjectNode article = Fixtures.article("Hai lần như một", "lich-su", "2024-08-02T07:00:00+07:00");
        assertThat(server.put("/api/articles/twice", article.toString(), token).statusCode())
                .isEqualTo(201);
        var counts = server.rowCounts();
        HttpResponse<String> again = server.put("/api/articles/twice", article.toString(), token);
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(server.rowCounts()).isEqualTo(counts);
        JsonNode stored = read(server.get("/api/articles/twice").body());
        assertThat(stored.get("updated").asText()).isEqualTo("2024-08-02T07:00:00+07:00");
    }

    @Test
    void movingAnArticleToAnotherSectionTakesItOutOfTheOldFeed() {
        ObjectNode article = Fixtures.article("Chuyển mục", "lich-su", "2024-08-03T07:00:00+07:00");
        server.put("/api/articles/mover", article.toString(), token);
        String guid = "tag:baohatinh.vn,2023:article:mover";
        assertThat(entry(server.feed("/feeds/lich-su.rss"), guid)).isPresent();

        article.putArray("sections").add("du-lich");
        assertThat(server.put("/api/articles/mover", article.toString(), token).statusCode())
                .isEqualTo(200);
        assertThat(entry(server.feed("/feeds/lich-su.rss"), guid)).isEmpty();
        assertThat(entry(server.feed("/feeds/du-lich.rss"), guid)).isPresent();
    }

    @Test
    void deletingRemovesTheArticleFromEveryFeed() {
        ObjectNode article = Fixtures.article("Sẽ bị xóa", "thoi-su", "2024-08-04T07:00:00+07:00");
        article.withArray("sections").add("xay-dung-dang");
        server.put("/api/articles/doomed", article.toString(), token);
        String guid = "tag:baohatinh.vn,2023:article:doomed";
        List<String> feeds = List.of(
                "/feeds/thoi-su.rss",
                "/feeds/thoi-su.atom",
                "/feeds/xay-dung-dang.rss",
                "/feeds/xay-dung-dang.atom",
                "/feeds/all.rss",
                "/feeds/all.atom");
        feeds.forEach(f -> assertThat(entry(server.feed(f), guid)).as(f).isPresent());

        assertThat(server.delete("/api/articles/doomed", token).statusCode()).isEqualTo(204);

        feeds.forEach(f -> assertThat(entry(server.feed(f), guid)).as(f).isEmpty());
        assertThat(server.get("/api/articles/doomed").statusCode()).isEqualTo(410);
        assertThat(server.delete("/api/articles/doomed", token).statusCode()).isEqualTo(410);
    }

    @Test
    void anArticleWithoutACanonicalUrlLinksToItsOwnPageOnLoa() {
        ObjectNode article = Fixtures.article("Đường về Hà Tĩnh", "du-lich", "2024-08-05T07:00:00+07:00");
        server.put("/api/articles/own-page", article.toString(), token);
        SyndEntry entry = entry(server.feed("/feeds/du-lich.rss"), "tag:baohatinh.vn,2023:article:own-page")
                .orElseThrow();
        assertThat(entry.getLink()).isEqualTo(server.baseUrl() + "/articles/duong-ve-ha-tinh");

        HttpResponse<String> page = server.get(entry.getLink());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type").orElseThrow().replace(" ", ""))
                .isEqualToIgnoringCase("text/html;charset=utf-8");
        assertThat(page.body()).contains("<h1>Đường về Hà Tĩnh</h1>");
    }

    @Test
    void anAtomEntryLinksToTheRelatedArticlesThatExistInOrderAndFollowsThem() throws Exception {
        String canonical = "https://baohatinh.vn/thang-loi-to-lon-tren-con-duong-bao-ve-nen-doc-lap-post271111.html";
        ObjectNode geneva = Fixtures.article(
                "Thắng lợi to lớn trên con đường bảo vệ nền độc lập dân tộc", "du-lich", "2024-08-10T07:00:00+07:00");
        geneva.put("url", canonical);
        server.put("/api/articles/geneva", geneva.toString(), token);
        server.put(
                "/api/articles/le-tang",
                Fixtures.article("Danh sách Ban Lễ tang", "thoi-su", "2024-08-11T07:00:00+07:00")
                        .toString(),
                token);
        ObjectNode article = Fixtures.withRelated(
                Fixtures.article("Có đọc thêm", "lich-su", "2024-08-12T07:00:00+07:00"),
                "le-tang",
                "chua-dang",
                "geneva");
        server.put("/api/articles/doc-them", article.toString(), token);
        String guid = "tag:baohatinh.vn,2023:article:doc-them";
        String funeral = server.baseUrl() + "/articles/danh-sach-ban-le-tang";

        assertThat(relatedLinks(guid)).containsExactly(funeral, canonical);
        Entry atom = ((Feed) new WireFeedInput()
                        .build(new InputSource(new ByteArrayInputStream(
                                server.getBytes("/feeds/lich-su.atom").body()))))
                .getEntries().stream()
                        .filter(e -> guid.equals(e.getId()))
                        .findFirst()
                        .orElseThrow();
        assertThat(atom.getOtherLinks())
                .extracting(com.rometools.rome.feed.atom.Link::getRel, com.rometools.rome.feed.atom.Link::getHref)
                .containsExactly(tuple("related", funeral), tuple("related", canonical));

        // Writes in other sections change which links the lich-su feed carries: the cached document follows them.
        assertThat(server.delete("/api/articles/le-tang", token).statusCode()).isEqualTo(204);
        assertThat(relatedLinks(guid)).containsExactly(canonical);
        server.put(
                "/api/articles/chua-dang",
                Fixtures.article("Bài đăng sau", "thoi-su", "2024-08-13T07:00:00+07:00")
                        .toString(),
                token);
        assertThat(relatedLinks(guid)).containsExactly(server.baseUrl() + "/articles/bai-dang-sau", canonical);
        // RSS 2.0 and JSON Feed have no standard place for related links.
        assertThat(entry(server.feed("/feeds/lich-su.rss"), guid).orElseThrow().getLinks())
                .noneMatch(l -> "related".equals(l.getRel()));
    }

    private static List<String> relatedLinks(String guid) {
        return entry(server.feed("/feeds/lich-su.atom"), guid).orElseThrow().getLinks().stream()
                .filter(l -> "related".equals(l.getRel()))
                .map(SyndLink::getHref)
                .toList();
    }

    @Test
    void aFeedHoldsTheConfiguredNumberOfItemsNewestFirst() {
        for (int day = 1; day <= 55; day++) {
            String published = Instant.parse("2022-01-01T01:00:00Z")
                    .plusSeconds(3600L * day)
                    .toString();
            ObjectNode article = Fixtures.article("Tin số " + day, "xay-dung-dang", published);
            assertThat(server.put("/api/articles/bulk-" + day, article.toString(), token)
                            .statusCode())
                    .isEqualTo(201);
        }
        List<SyndEntry> items = server.feed("/feeds/xay-dung-dang.rss").getEntries();
        assertThat(items).hasSize(50);
        assertThat(items)
                .extracting(e -> e.getPublishedDate().toInstant())
                .isSortedAccordingTo((a, b) -> b.compareTo(a));
    }

    private static void assertLeadImage(SyndEntry entry) {
        MediaEntryModule media = (MediaEntryModule) entry.getModule(MediaModule.URI);
        assertThat(media).as("Media RSS module").isNotNull();
        MediaContent content = media.getMediaContents()[0];
        assertThat(content.getReference().toString()).isEqualTo(server.baseUrl() + "/demo/images/dan-van-1.svg");
        assertThat(content.getMedium()).isEqualTo("image");
        assertThat(content.getWidth()).isEqualTo(1200);
        assertThat(content.getMetadata().getDescription()).isEqualTo("Chủ trì hội nghị.");
    }

    static Optional<SyndEntry> entry(SyndFeed feed, String guid) {
        return feed.getEntries().stream().filter(e -> guid.equals(e.getUri())).findFirst();
    }

    private static Element rawEntry(String path, Namespace ns) throws Exception {
        Element root = document(path).getRootElement();
        List<Element> entries = ns == Namespace.NO_NAMESPACE
                ? root.getChild("channel").getChildren("item")
                : root.getChildren("entry", ns);
        return entries.stream()
                .filter(e ->
                        GUID.equals(ns == Namespace.NO_NAMESPACE ? e.getChildText("guid") : e.getChildText("id", ns)))
                .findFirst()
                .orElseThrow();
    }

    private static Document document(String path) throws Exception {
        SAXBuilder builder = new SAXBuilder();
        builder.setExpandEntities(false);
        return builder.build(new ByteArrayInputStream(server.getBytes(path).body()));
    }

    private static JsonNode read(String json) {
        try {
            return Fixtures.JSON.readTree(json);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
