package io.loa.sitemap;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.loa.Fixtures;
import io.loa.ServerPerClass;
import io.loa.TestServer;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.Source;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * robots.txt and the sitemaps, end to end: each document valid against the published schemas (sitemaps.org 0.9,
 * Google's image 1.1 and news 0.9 extensions), read back field by field; months in the site's zone; scheduled and
 * deleted articles nowhere; a write reaching the month and the news at once; revalidation answered with 304.
 */
class SitemapsTest {

    static final String SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9";
    static final String IMAGE = "http://www.google.com/schemas/sitemap-image/1.1";
    static final String NEWS = "http://www.google.com/schemas/sitemap-news/0.9";

    /** Before Hà Tĩnh's midnight, after UTC's: in February by the site's zone, in January by UTC. */
    static final String FEBRUARY_FIRST = "2025-02-01T06:00:00+07:00";

    static final String CAPTION = "Lãnh đạo tỉnh & các đại biểu dự hội nghị";

    @RegisterExtension
    static final ServerPerClass loa = new ServerPerClass();

    static final Schema URLSET = schema("sitemap.xsd", "sitemap-image.xsd", "sitemap-news.xsd");
    static final Schema INDEX = schema("siteindex.xsd");

    static TestServer server;
    static String desk;

    @BeforeAll
    static void start() {
        server = loa.server();
        desk = loa.token();
        ObjectNode recent = Fixtures.article("Hội nghị dân vận", "thoi-su", "2025-02-28T08:30:00+07:00");
        recent.put("author", "Phạm Văn Bình");
        Fixtures.withTags(recent, "Dân vận");
        recent.putArray("images")
                .add(Fixtures.JSON
                        .createObjectNode()
                        .put("url", "https://baohatinh.vn/ảnh/hội-nghị-1.jpg")
                        .put("caption", CAPTION))
                .add(Fixtures.JSON.createObjectNode().put("url", "https://baohatinh.vn/anh/2.jpg"));
        server.putArticle("gan-day", recent, desk);
        server.putArticle("dau-thang", Fixtures.article("Đầu tháng hai", "du-lich", FEBRUARY_FIRST), desk);
        ObjectNode elsewhere = Fixtures.article("Tin ở báo giấy", "thoi-su", "2024-09-02T08:00:00+07:00");
        elsewhere.put("url", "https://baohatinh.vn/tin-tức/bài-một.html?a=1&b=2");
        server.putArticle("noi-khac", elsewhere, desk);
        server.putArticle("bi-mat", Fixtures.article("Bí mật chưa đăng", "thoi-su", "2031-01-01T08:00:00+07:00"), desk);
        server.putArticle("da-go", Fixtures.article("Tin đã gỡ", "thoi-su", "2025-02-28T09:00:00+07:00"), desk);
        assertThat(server.delete("/api/articles/da-go", desk).statusCode()).isEqualTo(204);
    }

    @Test
    void robotsTxtNamesTheSitemapsAndKeepsCrawlersOutOfTheApi() {
        HttpResponse<String> robots = server.get("/robots.txt");
        assertThat(robots.statusCode()).isEqualTo(200);
        assertThat(robots.headers().firstValue("Content-Type")).hasValue("text/plain;charset=utf-8");
        String base = server.env().get("LOA_BASE_URL");
        assertThat(robots.body().lines())
                .contains(
                        "User-agent: *",
                        "Allow: /",
                        "Disallow: /api/",
                        "Disallow: /metrics",
                        "Disallow: /search?",
                        "Sitemap: " + base + "/sitemap.xml",
                        "Sitemap: " + base + "/sitemaps/news.xml");
    }

    @Test
    void theIndexListsEachMonthByTheSitesZoneAndThePages() {
        Document index = fetch("/sitemap.xml", INDEX);
        String base = server.env().get("LOA_BASE_URL");
        assertThat(index.getDocumentElement().getLocalName()).isEqualTo("sitemapindex");
        assertThat(locs(index))
                .containsExactly(
                        base + "/sitemaps/articles-2024-09.xml",
                        base + "/sitemaps/articles-2025-02.xml",
                        base + "/sitemaps/pages.xml");
        // Every article was written at the server's "now", 09:00 in Hà Tĩnh.
        assertThat(children(index.getDocumentElement(), SITEMAP, "sitemap"))
                .extracting(sitemap -> text(sitemap, SITEMAP, "lastmod"))
                .containsOnly("2025-03-01T09:00:00+07:00");
    }

    @Test
    void aMonthListsItsArticlesWithTheirDatesImagesAndCaptions() {
        Document month = fetch("/sitemaps/articles-2025-02.xml", URLSET);
        List<Element> urls = children(month.getDocumentElement(), SITEMAP, "url");
        String base = server.env().get("LOA_BASE_URL");
        assertThat(locs(month)).containsExactly(base + "/articles/dau-thang-hai", base + "/articles/hoi-nghi-dan-van");
        assertThat(text(urls.get(0), SITEMAP, "lastmod")).isEqualTo("2025-02-01T06:00:00+07:00");
        assertThat(text(urls.get(1), SITEMAP, "lastmod")).isEqualTo("2025-02-28T08:30:00+07:00");
        List<Element> images = children(urls.get(1), IMAGE, "image");
        assertThat(images)
                .extracting(image -> text(image, IMAGE, "loc"))
                .containsExactly(
                        "https://baohatinh.vn/%E1%BA%A3nh/h%E1%BB%99i-ngh%E1%BB%8B-1.jpg",
                        "https://baohatinh.vn/anh/2.jpg");
        assertThat(text(images.get(0), IMAGE, "caption")).isEqualTo(CAPTION);
        assertThat(children(images.get(1), IMAGE, "caption")).isEmpty();
        assertThat(new String(server.getBytes("/sitemaps/articles-2025-02.xml").body(), StandardCharsets.UTF_8))
                .contains("<image:caption>Lãnh đạo tỉnh &amp; các đại biểu dự hội nghị</image:caption>");
        assertThat(children(urls.get(0), IMAGE, "image")).isEmpty();
    }

    @Test
    void anArticleWithACanonicalUrlElsewhereIsListedThereEscaped() {
        Document month = fetch("/sitemaps/articles-2024-09.xml", URLSET);
        assertThat(locs(month))
                .containsExactly("https://baohatinh.vn/tin-t%E1%BB%A9c/b%C3%A0i-m%E1%BB%99t.html?a=1&b=2");
        String raw =
                new String(server.getBytes("/sitemaps/articles-2024-09.xml").body(), StandardCharsets.UTF_8);
        assertThat(raw).contains("?a=1&amp;b=2</loc>");
    }

    @Test
    void theNewsSitemapHoldsTheLastTwoDaysWithThePublicationsNameAndLanguage() {
        Document news = fetch("/sitemaps/news.xml", URLSET);
        List<Element> urls = children(news.getDocumentElement(), SITEMAP, "url");
        String base = server.env().get("LOA_BASE_URL");
        assertThat(locs(news)).containsExactly(base + "/articles/hoi-nghi-dan-van");
        Element item = children(urls.get(0), NEWS, "news").get(0);
        Element publication = children(item, NEWS, "publication").get(0);
        assertThat(text(publication, NEWS, "name")).isEqualTo("Báo Hà Tĩnh");
        assertThat(text(publication, NEWS, "language")).isEqualTo("vi");
        assertThat(text(item, NEWS, "publication_date")).isEqualTo("2025-02-28T08:30:00+07:00");
        assertThat(text(item, NEWS, "title")).isEqualTo("Hội nghị dân vận");
    }

    @Test
    void thePagesSitemapListsTheHomeSectionsAuthorsAndTagsWithArticles() {
        Document pages = fetch("/sitemaps/pages.xml", URLSET);
        String base = server.env().get("LOA_BASE_URL");
        assertThat(locs(pages))
                .containsExactly(
                        base + "/",
                        base + "/sections/thoi-su",
                        base + "/sections/du-lich",
                        base + "/authors/pham-van-binh",
                        base + "/tags/dan-van");
    }

    @Test
    void scheduledAndDeletedArticlesAreInNoSitemap() {
        for (String path : List.of(
                "/sitemap.xml",
                "/sitemaps/pages.xml",
                "/sitemaps/news.xml",
                "/sitemaps/articles-2025-02.xml",
                "/sitemaps/articles-2024-09.xml")) {
            assertThat(server.get(path).body())
                    .as(path)
                    .doesNotContain("bi-mat")
                    .doesNotContain("da-go")
                    .doesNotContain("tin-da-go")
                    .doesNotContain("2031");
        }
        assertThat(server.get("/sitemaps/articles-2031-01.xml").statusCode()).isEqualTo(404);
    }

    @Test
    void namesNoSitemapHasAre404() {
        for (String path : List.of(
                "/sitemaps/articles-2025-01.xml",
                "/sitemaps/articles-2025-02-1.xml",
                "/sitemaps/articles-2025-02-2.xml",
                "/sitemaps/articles-2025-13.xml",
                "/sitemaps/articles-0001-01.xml",
                "/sitemaps/khong-co.xml",
                "/sitemaps/news.xml/")) {
            assertThat(server.get(path).statusCode()).as(path).isEqualTo(404);
        }
    }

    @Test
    void aWriteReachesItsMonthAndTheNewsAtOnceAndRevalidationIs304() {
        String month = "/sitemaps/articles-2025-02.xml";
        HttpResponse<String> before = server.get(month);
        String etag = before.headers().firstValue("ETag").orElseThrow();
        assertThat(before.headers().firstValue("Last-Modified")).isPresent();
        HttpResponse<String> again = server.revalidate(month, etag);
        assertThat(again.statusCode()).isEqualTo(304);
        assertThat(again.body()).isEmpty();
        String newsEtag =
                server.get("/sitemaps/news.xml").headers().firstValue("ETag").orElseThrow();
        assertThat(server.revalidate("/sitemaps/news.xml", newsEtag).statusCode())
                .isEqualTo(304);

        server.putArticle("moi-viet", Fixtures.article("Bài mới viết", "thoi-su", "2025-02-28T20:00:00+07:00"), desk);

        assertThat(server.revalidate(month, etag).statusCode()).isEqualTo(200);
        assertThat(locs(fetch(month, URLSET))).contains(server.env().get("LOA_BASE_URL") + "/articles/bai-moi-viet");
        assertThat(locs(fetch("/sitemaps/news.xml", URLSET)))
                .first()
                .isEqualTo(server.env().get("LOA_BASE_URL") + "/articles/bai-moi-viet");
        assertThat(server.delete("/api/articles/moi-viet", desk).statusCode()).isEqualTo(204);
        assertThat(server.get(month).body()).doesNotContain("bai-moi-viet");
        assertThat(server.get("/sitemaps/news.xml").body()).doesNotContain("bai-moi-viet");
    }

    @Test
    void sitemapsAreServedGzippedAndToHead() throws Exception {
        HttpResponse<byte[]> plain = server.getBytes("/sitemap.xml");
        HttpResponse<byte[]> gzipped = server.sendBytes(
                HttpRequest.newBuilder(server.uri("/sitemap.xml")).header("Accept-Encoding", "gzip"));
        assertThat(gzipped.headers().firstValue("Content-Encoding")).hasValue("gzip");
        assertThat(gzipped.headers().firstValue("Vary")).hasValue("Accept-Encoding");
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gzipped.body()))) {
            assertThat(in.readAllBytes()).isEqualTo(plain.body());
        }
        HttpResponse<byte[]> head = server.sendBytes(
                HttpRequest.newBuilder(server.uri("/sitemap.xml")).method("HEAD", HttpRequest.BodyPublishers.noBody()));
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
        assertThat(head.headers().firstValue("Content-Length")).hasValue(String.valueOf(plain.body().length));
        assertThat(plain.headers().firstValue("Content-Type")).hasValue("application/xml;charset=utf-8");
    }

    @Test
    void everySitemapCarriesTheSitemapsSurrogateKeySoAnyWritePurgesIt() {
        for (String path : List.of(
                "/sitemap.xml", "/sitemaps/pages.xml", "/sitemaps/news.xml", "/sitemaps/articles-2025-02.xml")) {
            assertThat(server.get(path).headers().allValues("Surrogate-Key"))
                    .as(path)
                    .containsExactly("sitemaps");
        }
    }

    /** GETs the document, checks it is 200 and valid against the schema, and parses it. */
    static Document fetch(String path, Schema schema) {
        return fetch(server, path, schema);
    }

    static Document fetch(TestServer server, String path, Schema schema) {
        HttpResponse<byte[]> response = server.getBytes(path);
        assertThat(response.statusCode()).as(path).isEqualTo(200);
        try {
            schema.newValidator().validate(new StreamSource(new ByteArrayInputStream(response.body())));
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            return factory.newDocumentBuilder().parse(new ByteArrayInputStream(response.body()));
        } catch (Exception e) {
            throw new AssertionError(path + " is not a valid sitemap: " + e.getMessage(), e);
        }
    }

    static Schema schema(String... files) {
        try {
            SchemaFactory factory = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
            factory.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            List<Source> sources = new ArrayList<>();
            for (String file : files) {
                sources.add(new StreamSource(
                        SitemapsTest.class.getResource("/sitemaps/" + file).toExternalForm()));
            }
            return factory.newSchema(sources.toArray(Source[]::new));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The locations a sitemap lists, in its order: of its {@code url} entries, or an index's {@code sitemap}s. */
    static List<String> locs(Document doc) {
        Element root = doc.getDocumentElement();
        String entry = root.getLocalName().equals("sitemapindex") ? "sitemap" : "url";
        return children(root, SITEMAP, entry).stream()
                .map(e -> text(e, SITEMAP, "loc"))
                .toList();
    }

    static List<Element> children(Element parent, String namespace, String name) {
        List<Element> found = new ArrayList<>();
        NodeList nodes = parent.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            if (nodes.item(i) instanceof Element e
                    && namespace.equals(e.getNamespaceURI())
                    && name.equals(e.getLocalName())) {
                found.add(e);
            }
        }
        return found;
    }

    static String text(Element parent, String namespace, String name) {
        List<Element> found = children(parent, namespace, name);
        assertThat(found).as(name + " in " + parent.getLocalName()).hasSize(1);
        return found.get(0).getTextContent();
    }
}
