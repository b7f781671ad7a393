package io.loa.page;

import static io.loa.Fixtures.article;
import static io.loa.Fixtures.withImage;
import static io.loa.Fixtures.withRelated;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.loa.Fixtures;
import io.loa.ServerPerClass;
import io.loa.TestServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An article's own page shows what the publisher's page shows under the article: its topic sections ("Chủ đề")
 * and the related articles that exist ("Đọc thêm"), each with its title and lead image, and never a stale copy of
 * them.
 */
class ArticlePageTest {

    @RegisterExtension
    static final ServerPerClass loa = new ServerPerClass();

    static TestServer server;
    static String token;

    @BeforeAll
    static void start() {
        server = loa.server();
        token = server.token("desk");
    }

    @Test
    void thePageShowsItsSectionsAndItsRelatedArticlesInOrderWithTitlesAndLeadImages() {
        String canonical = "https://baohatinh.vn/moi-thanh-nien-ha-tinh-la-mot-dai-su-du-lich-post271234.html";
        ObjectNode youth = withImage(
                article("Mỗi thanh niên Hà Tĩnh là một \"đại sứ\" du lịch", "du-lich", "2024-07-20T08:00:00+07:00"),
                image(2),
                "Thanh niên Hà Tĩnh hướng dẫn du khách");
        youth.put("url", canonical);
        put("thanh-nien-dai-su", youth);
        put("vi-tuyen-17", article("Vì sao là Vĩ tuyến 17?", "lich-su", "2024-07-21T08:00:00+07:00"));
        ObjectNode main = withRelated(
                article(
                        "Thực hiện toàn diện, đồng bộ và hiệu quả công tác dân vận",
                        "hoat-dong-lanh-dao-tinh",
                        "2023-12-27T08:30:00+07:00"),
                "vi-tuyen-17",
                "chua-tung-co",
                "thanh-nien-dai-su");
        main.withArray("sections").add("bao-ve-nen-tang-tu-tuong");

        HttpResponse<String> response = server.get(put("dan-van", main));
        assertThat(response.statusCode()).isEqualTo(200);
        Document page = Jsoup.parse(response.body());

        assertThat(page.select("article nav.topics h2").text()).isEqualTo("Chủ đề");
        assertThat(page.select("nav.topics a"))
                .extracting(Element::text, a -> a.attr("href"))
                .containsExactly(
                        tuple("Hoạt động của lãnh đạo tỉnh", "/sections/hoat-dong-lanh-dao-tinh"),
                        tuple("Bảo vệ nền tảng tư tưởng của Đảng", "/sections/bao-ve-nen-tang-tu-tuong"));
        assertThat(page.select("aside.related h2").text()).isEqualTo("Đọc thêm");
        List<Element> related = page.select("aside.related li a");
        assertThat(related)
                .extracting(Element::text, a -> a.attr("href"))
                .containsExactly(
                        tuple("Vì sao là Vĩ tuyến 17?", server.baseUrl() + "/articles/vi-sao-la-vi-tuyen-17"),
                        tuple("Mỗi thanh niên Hà Tĩnh là một \"đại sứ\" du lịch", canonical));
        assertThat(related.get(0).select("img")).isEmpty();
        Element lead = related.get(1).selectFirst("img");
        assertThat(lead.attr("src")).isEqualTo(image(2));
        assertThat(lead.attr("alt")).isEqualTo("Thanh niên Hà Tĩnh hướng dẫn du khách");
        assertThat(lead.attr("width") + "x" + lead.attr("height")).isEqualTo("1200x800");
        // The page's policy refuses every style but its one hashed stylesheet.
        assertThat(page.select("[style]")).isEmpty();
        assertThat(response.headers().firstValue("Content-Security-Policy"))
                .get()
                .asString()
                .contains("img-src 'self' https: http:")
                .doesNotContain("unsafe-inline");
    }

    @Test
    void aRelatedIdThatNamesNoArticleIsLeftOutUntilThatArticleIsPosted() {
        String page = put(
                "cho-bai",
                withRelated(article("Chờ bài liên quan", "thoi-su", "2024-09-02T07:00:00+07:00"), "bai-den-sau"));
        HttpResponse<String> before = server.get(page);
        assertThat(Jsoup.parse(before.body()).select("aside.related"))
                .as("no block with nothing in it")
                .isEmpty();

        put("bai-den-sau", article("Bài đến sau", "du-lich", "2024-09-03T07:00:00+07:00"));

        assertThat(titles(server.get(page))).containsExactly("Bài đến sau");
        // Its Last-Modified moved too: a client that revalidates by date alone gets the new page, not a 304.
        String lastModified = before.headers().firstValue("Last-Modified").orElseThrow();
        HttpResponse<String> revalidated =
                server.send(HttpRequest.newBuilder(server.uri(page)).header("If-Modified-Since", lastModified));
        assertThat(revalidated.statusCode()).isEqualTo(200);
        assertThat(titles(revalidated)).containsExactly("Bài đến sau");
    }

    @Test
    void aDeletedRelatedArticleLeavesTheCachedPageAtOnce() {
        put("sap-bi-xoa", article("Sắp bị xóa", "thoi-su", "2024-09-04T07:00:00+07:00"));
        put("van-con", withImage(article("Vẫn còn", "lich-su", "2024-09-05T07:00:00+07:00"), image(3), "Vẫn còn ảnh"));
        String page = put(
                "co-hai-bai",
                withRelated(
                        article("Có hai bài liên quan", "du-lich", "2024-09-06T07:00:00+07:00"),
                        "sap-bi-xoa",
                        "van-con"));
        HttpResponse<String> before = server.get(page);
        assertThat(titles(before)).containsExactly("Sắp bị xóa", "Vẫn còn");
        long renders = server.cache().renders();
        assertThat(server.get(page).body()).isEqualTo(before.body());
        assertThat(server.cache().renders()).as("served from the cache").isEqualTo(renders);

        assertThat(server.delete("/api/articles/sap-bi-xoa", token).statusCode())
                .isEqualTo(204);

        HttpResponse<String> after = server.get(page);
        assertThat(titles(after)).containsExactly("Vẫn còn");
        assertThat(after.headers().firstValue("ETag"))
                .isNotEqualTo(before.headers().firstValue("ETag"));
    }

    @Test
    void anEditedRelatedArticleShowsItsNewTitleAndLeadImage() {
        put("se-sua", withImage(article("Tiêu đề cũ", "thoi-su", "2024-09-07T07:00:00+07:00"), image(4), "Ảnh cũ"));
        String page = put(
                "theo-doi", withRelated(article("Theo dõi bài sửa", "lich-su", "2024-09-08T07:00:00+07:00"), "se-sua"));
        assertThat(Jsoup.parse(server.get(page).body())
                        .select("aside.related img")
                        .attr("src"))
                .isEqualTo(image(4));

        put("se-sua", withImage(article("Tiêu đề mới", "thoi-su", "2024-09-07T07:00:00+07:00"), image(5), "Ảnh mới"));

        HttpResponse<String> after = server.get(page);
        assertThat(titles(after)).containsExactly("Tiêu đề mới");
        Element lead = Jsoup.parse(after.body()).selectFirst("aside.related img");
        assertThat(lead.attr("src")).isEqualTo(image(5));
        assertThat(lead.attr("alt")).isEqualTo("Ảnh mới");
    }

    @Test
    void aWriteOfAnArticleThePageDoesNotShowLeavesThePageCached() {
        put("mot-bai", article("Một bài", "thoi-su", "2024-09-09T07:00:00+07:00"));
        String page =
                put("ben-canh", withRelated(article("Bên cạnh", "thoi-su", "2024-09-10T07:00:00+07:00"), "mot-bai"));
        server.get(page);
        long renders = server.cache().renders();

        put("khac-han", article("Khác hẳn", "thoi-su", "2024-09-11T07:00:00+07:00"));

        assertThat(titles(server.get(page))).containsExactly("Một bài");
        assertThat(server.cache().renders()).isEqualTo(renders);
    }

    /** Puts the article and returns its link, its page on Loa unless it has a canonical URL. */
    private static String put(String id, ObjectNode article) {
        HttpResponse<String> response = server.put("/api/articles/" + id, article.toString(), token);
        assertThat(response.statusCode()).as(response.body()).isIn(200, 201);
        try {
            return Fixtures.JSON.readTree(response.body()).get("link").asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The titles under "Đọc thêm", in order. */
    private static List<String> titles(HttpResponse<String> page) {
        assertThat(page.statusCode()).isEqualTo(200);
        return Jsoup.parse(page.body()).select("aside.related li span").eachText();
    }

    /** One of the pictures Loa serves for its demo, dan-van-1.svg to dan-van-5.svg. */
    private static String image(int n) {
        return server.baseUrl() + "/demo/images/dan-van-" + n + ".svg";
    }
}
