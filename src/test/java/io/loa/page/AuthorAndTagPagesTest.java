package io.loa.page;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.loa.Fixtures;
import io.loa.ServerPerClass;
import java.net.http.HttpResponse;
import java.util.List;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An author and a tag each have a page of their latest articles with their feeds, and an article's page links to
 * the page of its author and of each of its tags.
 */
class AuthorAndTagPagesTest {

    @RegisterExtension
    static final ServerPerClass loa = new ServerPerClass();

    @BeforeAll
    static void seed() {
        put(
                "ha-1",
                article(
                        "Đường ven biển Hà Tĩnh",
                        "thoi-su",
                        "2025-01-10T08:00:00+07:00",
                        "Nguyễn Văn A",
                        "Giao thông",
                        "Biển Đông"));
        put("ha-2", article("Cầu Cửa Hội", "du-lich", "2025-01-12T08:00:00+07:00", "nguyễn văn a", "Giao thông"));
        put("ha-3", article("Không ai viết", "lich-su", "2025-01-11T08:00:00+07:00", null, "Giao thông"));
    }

    @Test
    void anAuthorsPageListsTheirArticlesNewestFirstAndNamesTheirFeeds() {
        HttpResponse<String> response = loa.server().get("/authors/nguyen-van-a");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Security-Policy")).isPresent();
        Document page = Jsoup.parse(response.body());
        // Named as its newest article writes it.
        assertThat(page.title()).isEqualTo("nguyễn văn a – Báo Hà Tĩnh");
        assertThat(page.select("h1").text()).isEqualTo("nguyễn văn a");
        assertThat(page.select("ol.headlines li > a"))
                .extracting(Element::text)
                .containsExactly("Cầu Cửa Hội", "Đường ven biển Hà Tĩnh");
        assertFeeds(page, "/feeds/author/nguyen-van-a", "Báo Hà Tĩnh – nguyễn văn a");
    }

    @Test
    void aTagsPageListsItsArticlesNewestFirstAndNamesItsFeeds() {
        Document page = Jsoup.parse(loa.server().get("/tags/giao-thong").body());
        assertThat(page.select("h1").text()).isEqualTo("Giao thông");
        assertThat(page.select("p.lead").text()).contains("Giao thông");
        assertThat(page.select("ol.headlines li > a"))
                .extracting(Element::text)
                .containsExactly("Cầu Cửa Hội", "Không ai viết", "Đường ven biển Hà Tĩnh");
        assertFeeds(page, "/feeds/tag/giao-thong", "Báo Hà Tĩnh – Giao thông");
    }

    @Test
    void anArticlesPageLinksToItsAuthorsPageAndToThePageOfEachOfItsTags() {
        Document page =
                Jsoup.parse(loa.server().get("/articles/duong-ven-bien-ha-tinh").body());
        assertThat(page.select("article p.meta a[rel=author]"))
                .extracting(Element::text, a -> a.attr("href"))
                .containsExactly(tuple("Nguyễn Văn A", "/authors/nguyen-van-a"));
        assertThat(page.select("nav.tags h2").text()).isEqualTo("Từ khóa");
        assertThat(page.select("nav.tags a"))
                .extracting(Element::text, a -> a.attr("href"))
                .containsExactly(tuple("Giao thông", "/tags/giao-thong"), tuple("Biển Đông", "/tags/bien-dong"));
        for (Element link : page.select("nav.tags a, a[rel=author]")) {
            assertThat(loa.server().get(link.attr("href")).statusCode())
                    .as(link.attr("href"))
                    .isEqualTo(200);
        }

        Document anonymous =
                Jsoup.parse(loa.server().get("/articles/khong-ai-viet").body());
        assertThat(anonymous.select("a[rel=author]")).isEmpty();
        ObjectNode untagged = Fixtures.article("Không từ khóa", "thoi-su", "2025-01-13T08:00:00+07:00");
        untagged.put("author", "— —");
        put("ha-4", untagged);
        Document plain = Jsoup.parse(loa.server().get("/articles/khong-tu-khoa").body());
        assertThat(plain.select("nav.tags")).isEmpty();
        assertThat(plain.select("a[rel=author]")).isEmpty();
        assertThat(plain.select("article p.meta").text()).contains("— —");
    }

    @Test
    void unknownAuthorsAndTagsAreNotFound() {
        for (String path : List.of(
                "/authors/khong-ai",
                "/tags/khong-co",
                "/tags/Giao-Thong",
                "/authors/a--b",
                "/tags/" + "a".repeat(81))) {
            HttpResponse<String> response = loa.server().get(path);
            assertThat(response.statusCode()).as(path).isEqualTo(404);
            assertThat(response.headers().firstValue("Content-Type"))
                    .as(path)
                    .get()
                    .asString()
                    .startsWith("text/html")
                    .containsIgnoringCase("charset=utf-8");
        }
    }

    @Test
    void aTagsPageFollowsTheArticlesThatComeAndGoAndRevalidatesToNotModifiedMeanwhile() {
        put("cang-1", article("Cảng Sơn Dương", "thoi-su", "2025-01-14T08:00:00+07:00", null, "Cảng biển"));
        HttpResponse<String> first = loa.server().get("/tags/cang-bien");
        String etag = first.headers().firstValue("ETag").orElseThrow();
        assertThat(loa.server().revalidate("/tags/cang-bien", etag).statusCode())
                .isEqualTo(304);
        put("elsewhere", Fixtures.article("Nơi khác", "thoi-su", "2025-01-15T08:00:00+07:00"));
        assertThat(loa.server().revalidate("/tags/cang-bien", etag).statusCode())
                .isEqualTo(304);

        put("cang-2", article("Cảng Vũng Áng", "thoi-su", "2025-01-16T08:00:00+07:00", null, "Cảng biển"));
        HttpResponse<String> grown = loa.server().revalidate("/tags/cang-bien", etag);
        assertThat(grown.statusCode()).isEqualTo(200);
        assertThat(Jsoup.parse(grown.body()).select("ol.headlines li > a"))
                .extracting(Element::text)
                .containsExactly("Cảng Vũng Áng", "Cảng Sơn Dương");

        put("cang-2", article("Cảng Vũng Áng", "thoi-su", "2025-01-16T08:00:00+07:00", null));
        assertThat(Jsoup.parse(loa.server().get("/tags/cang-bien").body()).select("ol.headlines li > a"))
                .extracting(Element::text)
                .containsExactly("Cảng Sơn Dương");
        assertThat(loa.server().delete("/api/articles/cang-1", loa.token()).statusCode())
                .isEqualTo(204);
        assertThat(loa.server().get("/tags/cang-bien").statusCode()).isEqualTo(404);
    }

    private static void assertFeeds(Document page, String feed, String title) {
        assertThat(page.select("link[rel=alternate]"))
                .extracting(l -> l.attr("href"), l -> l.attr("title"))
                .containsExactly(
                        tuple(loa.server().baseUrl() + feed + ".rss", title + " (RSS)"),
                        tuple(loa.server().baseUrl() + feed + ".atom", title + " (Atom)"),
                        tuple(loa.server().baseUrl() + feed + ".json", title + " (JSON Feed)"));
        assertThat(page.select("p.feeds a"))
                .extracting(a -> a.attr("href"))
                .containsExactly(feed + ".rss", feed + ".atom", feed + ".json");
    }

    private static ObjectNode article(String title, String section, String published, String author, String... tags) {
        ObjectNode article = Fixtures.withTags(Fixtures.article(title, section, published), tags);
        if (author != null) {
            article.put("author", author);
        }
        return article;
    }

    private static void put(String id, ObjectNode article) {
        loa.server().putArticle(id, article, loa.token());
    }
}
