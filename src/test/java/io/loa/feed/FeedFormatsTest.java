package io.loa.feed;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.rometools.modules.mediarss.MediaEntryModule;
import com.rometools.modules.mediarss.MediaModule;
import com.rometools.modules.mediarss.types.MediaContent;
import com.rometools.rome.feed.synd.SyndEntry;
import com.rometools.rome.feed.synd.SyndFeed;
import io.loa.Fixtures;
import io.loa.ServerPerClass;
import io.loa.ServerSetup;
import io.loa.TestServer;
import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.jdom2.Document;
import org.jdom2.Element;
import org.jdom2.Namespace;
import org.jdom2.input.SAXBuilder;
import org.jsoup.Jsoup;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** JSON Feed, OPML, rich images, channel metadata and the pages that let readers discover all of it. */
class FeedFormatsTest {

    static final List<String> FEEDS = List.of(
            "all",
            "hoat-dong-lanh-dao-tinh",
            "bao-ve-nen-tang-tu-tuong",
            "xay-dung-dang",
            "thoi-su",
            "lich-su",
            "du-lich");

    @RegisterExtension
    static final ServerPerClass loa = new ServerPerClass(ServerSetup.defaults().demo());

    static TestServer server;

    @BeforeAll
    static void start() {
        server = loa.server();
    }

    @Test
    void theSectionListNamesEachSectionsFeedsInOneDeclaredOrder() throws Exception {
        HttpResponse<String> response = server.get("/api/sections");
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode sections = Fixtures.JSON.readTree(response.body());
        assertThat(sections).hasSize(FEEDS.size() - 1);
        for (JsonNode section : sections) {
            String slug = section.get("slug").asText();
            List<String> formats = new ArrayList<>();
            section.get("feeds").fieldNames().forEachRemaining(formats::add);
            // The order of the body itself, as a program reading it in order sees it.
            assertThat(formats).as(slug).containsExactly("rss", "atom", "json");
            for (String format : formats) {
                assertThat(section.get("feeds").get(format).asText())
                        .isEqualTo(server.baseUrl() + "/feeds/" + slug + "." + format);
            }
        }
    }

    @Test
    void theJsonFeedCarriesTheSameItemsWithTheSameIdsAsRssAndAtom() throws Exception {
        for (String feed : FEEDS) {
            HttpResponse<String> response = server.get("/feeds/" + feed + ".json");
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type")).contains("application/feed+json; charset=utf-8");
            JsonNode json = Fixtures.JSON.readTree(response.body());
            assertThat(json.get("version").asText()).isEqualTo("https://jsonfeed.org/version/1.1");
            assertThat(json.get("language").asText()).isEqualTo("vi");
            assertThat(json.get("home_page_url").asText())
                    .isEqualTo(server.baseUrl() + (feed.equals("all") ? "/" : "/sections/" + feed));
            assertThat(json.get("feed_url").asText()).isEqualTo(server.baseUrl() + "/feeds/" + feed + ".json");
            List<String> ids = new ArrayList<>();
            json.get("items").forEach(i -> ids.add(i.get("id").asText()));
            assertThat(ids)
                    .isNotEmpty()
                    .containsExactlyElementsOf(uris(server.feed("/feeds/" + feed + ".rss")))
                    .containsExactlyElementsOf(uris(server.feed("/feeds/" + feed + ".atom")));
        }
        JsonNode item = item("/feeds/hoat-dong-lanh-dao-tinh.json", "tag:baohatinh.vn,2023:article:dan-van-2023");
        assertThat(item.get("title").asText()).isEqualTo("Thực hiện toàn diện, đồng bộ và hiệu quả công tác dân vận");
        assertThat(item.get("date_published").asText()).isEqualTo("2023-12-27T08:30:00+07:00");
        assertThat(item.get("date_modified").asText()).isEqualTo("2023-12-27T10:00:00+07:00");
        assertThat(item.get("image").asText()).isEqualTo(server.baseUrl() + "/demo/images/dan-van-1.svg");
        assertThat(item.get("banner_image").asText()).isEqualTo(server.baseUrl() + "/demo/images/dan-van-2.svg");
        assertThat(item.get("tags"))
                .extracting(JsonNode::asText)
                .containsExactly(
                        "Hoạt động của lãnh đạo tỉnh",
                        "Bảo vệ nền tảng tư tưởng của Đảng",
                        "Dân vận khéo",
                        "Công tác dân vận");
        assertThat(item.get("authors").get(0).get("name").asText()).isEqualTo("Báo Hà Tĩnh");
        assertThat(item.get("authors").get(0).get("url").asText()).isEqualTo(server.baseUrl() + "/authors/bao-ha-tinh");
        assertThat(item.get("content_html").asText()).contains("<figcaption>Chủ trì hội nghị.</figcaption>");
    }

    @Test
    void everyImageIsInMediaRssWithCaptionCreditAndTheLeadAsThumbnail() {
        for (String format : List.of("rss", "atom")) {
            SyndEntry entry = FeedRoundTripTest.entry(
                            server.feed("/feeds/hoat-dong-lanh-dao-tinh." + format),
                            "tag:baohatinh.vn,2023:article:dan-van-2023")
                    .orElseThrow();
            MediaEntryModule media = (MediaEntryModule) entry.getModule(MediaModule.URI);
            MediaContent[] contents = media.getMediaContents();
            assertThat(contents).hasSize(5);
            assertThat(contents)
                    .extracting(c -> c.getMetadata().getDescription())
                    .containsExactly(
                            "Chủ trì hội nghị.",
                            "Lãnh đạo tỉnh tham dự hội nghị.",
                            "Bí thư Thị ủy Kỳ Anh Đặng Văn Thành phát biểu tại hội nghị.",
                            "Phó Bí thư Thường trực Tỉnh ủy Trần Thế Dũng phát biểu chỉ đạo hội nghị.",
                            "Phó Bí thư Thường trực Tỉnh ủy Trần Thế Dũng và Trưởng ban Dân vận Tỉnh ủy Trương Thanh Huyền "
                                    + "trao giấy khen của Ban Dân vận Tỉnh ủy cho các đơn vị.");
            assertThat(contents).allSatisfy(c -> {
                assertThat(c.getReference().toString()).startsWith(server.baseUrl() + "/demo/images/");
                assertThat(c.getType()).isEqualTo("image/svg+xml");
                assertThat(c.getWidth()).isEqualTo(1200);
                assertThat(c.getHeight()).isEqualTo(800);
                assertThat(c.getMetadata().getCredits()[0].getName()).isEqualTo("Báo Hà Tĩnh");
            });
            assertThat(media.getMetadata().getThumbnail()[0].getUrl().toString())
                    .isEqualTo(server.baseUrl() + "/demo/images/dan-van-1.svg");
        }
    }

    @Test
    void channelsCarryIconLogoTtlUpdatePeriodGeneratorRightsAndLanguage() throws Exception {
        Element channel = xml("/feeds/thoi-su.rss").getRootElement().getChild("channel");
        assertThat(channel.getChildText("ttl")).isEqualTo("2"); // thoi-su's maxAge is 120 s
        Namespace sy = Namespace.getNamespace("http://purl.org/rss/1.0/modules/syndication/");
        assertThat(channel.getChildText("updatePeriod", sy)).isEqualTo("hourly");
        assertThat(channel.getChildText("updateFrequency", sy)).isEqualTo("30");
        assertThat(channel.getChildText("generator")).isEqualTo("Loa");
        assertThat(channel.getChildText("copyright")).isEqualTo("© Báo Hà Tĩnh");
        assertThat(channel.getChildText("language")).isEqualTo("vi");
        assertThat(channel.getChild("image").getChildText("url")).isEqualTo(server.baseUrl() + "/assets/logo.png");
        assertThat(server.get("/feeds/thoi-su.rss").headers().firstValue("Cache-Control"))
                .contains("public, max-age=120");

        Element feed = xml("/feeds/thoi-su.atom").getRootElement();
        Namespace atom = feed.getNamespace();
        assertThat(feed.getAttributeValue("lang", Namespace.XML_NAMESPACE)).isEqualTo("vi");
        assertThat(feed.getChildText("icon", atom)).isEqualTo(server.baseUrl() + "/assets/icon.png");
        assertThat(feed.getChildText("logo", atom)).isEqualTo(server.baseUrl() + "/assets/logo.png");
        assertThat(feed.getChildText("rights", atom)).isEqualTo("© Báo Hà Tĩnh");
        assertThat(feed.getChildText("generator", atom)).isEqualTo("Loa");
        for (String image : List.of("/assets/icon.png", "/assets/logo.png")) {
            HttpResponse<byte[]> response = server.getBytes(image);
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type")).contains("image/png");
        }
    }

    @Test
    void theOpmlListsEveryFeedOfEverySectionInEveryFormat() throws Exception {
        HttpResponse<String> response = server.get("/feeds.opml");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type"))
                .get()
                .asString()
                .startsWith("text/x-opml");
        Element opml = new SAXBuilder()
                .build(new ByteArrayInputStream(response.body().getBytes("UTF-8")))
                .getRootElement();
        assertThat(opml.getAttributeValue("version")).isEqualTo("2.0");
        Set<String> urls = new java.util.HashSet<>();
        for (Element outline : opml.getChild("body").getDescendants(org.jdom2.filter.Filters.element("outline"))) {
            if (outline.getAttributeValue("xmlUrl") != null) {
                urls.add(outline.getAttributeValue("xmlUrl"));
            }
        }
        Set<String> expected = FEEDS.stream()
                .flatMap(f -> java.util.stream.Stream.of("rss", "atom", "json")
                        .map(ext -> server.baseUrl() + "/feeds/" + f + "." + ext))
                .collect(Collectors.toSet());
        assertThat(urls).isEqualTo(expected);
        for (String url : urls) {
            assertThat(server.getBytes(url).statusCode()).as(url).isEqualTo(200);
        }
    }

    @Test
    void theHomeAndSectionPagesLinkEveryFeedForAutodiscovery() {
        org.jsoup.nodes.Document home = Jsoup.parse(server.get("/").body());
        assertThat(home.select("html").attr("lang")).isEqualTo("vi");
        assertThat(home.select("link[rel=alternate]")).hasSize(FEEDS.size() * 3);
        assertThat(home.select("main h2"))
                .extracting(org.jsoup.nodes.Element::text)
                .contains("Thời sự", "Du lịch");
        assertThat(home.select("script")).isEmpty();
        assertDiscoveryLinksAnswer(home);

        HttpResponse<String> page = server.get("/sections/thoi-su");
        assertThat(page.statusCode()).isEqualTo(200);
        org.jsoup.nodes.Document section = Jsoup.parse(page.body());
        assertThat(section.select("h1").text()).isEqualTo("Thời sự");
        assertThat(section.select("link[rel=alternate]"))
                .extracting(e -> e.attr("href"))
                .containsExactly(
                        server.baseUrl() + "/feeds/thoi-su.rss",
                        server.baseUrl() + "/feeds/thoi-su.atom",
                        server.baseUrl() + "/feeds/thoi-su.json");
        assertThat(section.select("ol.headlines li a"))
                .extracting(org.jsoup.nodes.Element::text)
                .contains("Danh sách Ban Lễ tang Tổng Bí thư Nguyễn Phú Trọng");
        assertDiscoveryLinksAnswer(section);
        assertThat(server.get("/sections/khong-co").statusCode()).isEqualTo(404);
    }

    private static void assertDiscoveryLinksAnswer(org.jsoup.nodes.Document page) {
        for (org.jsoup.nodes.Element link : page.select("link[rel=alternate]")) {
            HttpResponse<byte[]> feed = server.getBytes(link.attr("href"));
            assertThat(feed.statusCode()).as(link.attr("href")).isEqualTo(200);
            assertThat(feed.headers().firstValue("Content-Type"))
                    .get()
                    .asString()
                    .startsWith(link.attr("type"));
        }
    }

    private static JsonNode item(String feed, String id) throws Exception {
        for (JsonNode item : Fixtures.JSON.readTree(server.get(feed).body()).get("items")) {
            if (item.get("id").asText().equals(id)) {
                return item;
            }
        }
        throw new AssertionError(id + " is not in " + feed);
    }

    private static List<String> uris(SyndFeed feed) {
        return feed.getEntries().stream().map(SyndEntry::getUri).toList();
    }

    private static Document xml(String path) throws Exception {
        return new SAXBuilder()
                .build(new ByteArrayInputStream(server.getBytes(path).body()));
    }
}
