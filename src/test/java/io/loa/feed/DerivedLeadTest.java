package io.loa.feed;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.rometools.rome.feed.synd.SyndEntry;
import io.loa.Fixtures;
import io.loa.ServerPerClass;
import io.loa.TestServer;
import java.io.ByteArrayInputStream;
import java.util.List;
import org.jdom2.Element;
import org.jdom2.input.SAXBuilder;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An article sent without a summary still has a lead in every format, made of its body's opening sentences, while
 * the article as stored keeps no summary.
 */
class DerivedLeadTest {

    private static final String OPENING = "Sáng 27/12, Ban Dân vận Tỉnh ủy tổ chức hội nghị tổng kết. "
            + "Đồng chí Trần Thế Dũng chủ trì hội nghị. Hội nghị đánh giá công tác dân vận năm 2023.";
    private static final String BODY = "<figure><img src=\"https://baohatinh.vn/a.jpg\" alt=\"Hội nghị\">"
            + "<figcaption>Quang cảnh hội nghị.</figcaption></figure><p>Sáng 27/12, Ban Dân vận Tỉnh ủy tổ chức hội "
            + "nghị tổng kết. Đồng chí Trần Thế Dũng chủ trì hội nghị.</p><p>Hội nghị đánh giá công tác dân vận năm "
            + "2023.</p><p>Câu thứ tư không thuộc phần dẫn.</p>";
    /** One sentence of 500 characters: too long for a lead, so it is cut at a word. */
    private static final String LONG = "Người dân Hà Tĩnh ".repeat(27) + "vui mừng.";

    @RegisterExtension
    static final ServerPerClass loa = new ServerPerClass();

    static TestServer server;

    @BeforeAll
    static void start() {
        server = loa.server();
        String token = server.token("lead");
        server.putArticle("no-summary", withoutSummary("Không có tóm tắt", BODY, "2024-03-01T08:00:00+07:00"), token);
        server.putArticle(
                "long-sentence",
                withoutSummary("Một câu dài", "<p>" + LONG + "</p>", "2024-03-01T07:00:00+07:00"),
                token);
        server.putArticle(
                "with-summary", Fixtures.article("Có tóm tắt", "thoi-su", "2024-03-01T06:00:00+07:00"), token);
    }

    @Test
    void rssAtomAndJsonFeedCarryTheBodysOpeningSentencesAsTheLead() throws Exception {
        for (String format : List.of("rss", "atom")) {
            List<SyndEntry> entries = server.feed("/feeds/thoi-su." + format).getEntries();
            assertThat(entries)
                    .extracting(SyndEntry::getTitle)
                    .containsExactly("Không có tóm tắt", "Một câu dài", "Có tóm tắt");
            assertThat(entries.get(0).getDescription().getValue()).as(format).isEqualTo(OPENING);
            assertCutAtAWord(entries.get(1).getDescription().getValue());
            assertThat(entries.get(2).getDescription().getValue()).as(format).isEqualTo("Tóm tắt: Có tóm tắt");
        }
        JsonNode items =
                Fixtures.JSON.readTree(server.get("/feeds/thoi-su.json").body()).get("items");
        assertThat(items.get(0).get("summary").asText()).isEqualTo(OPENING);
        assertCutAtAWord(items.get(1).get("summary").asText());
        assertThat(items.get(2).get("summary").asText()).isEqualTo("Tóm tắt: Có tóm tắt");
    }

    @Test
    void everyRssItemHasADescriptionBeforeItsContent() throws Exception {
        Element channel = new SAXBuilder()
                .build(new ByteArrayInputStream(
                        server.getBytes("/feeds/thoi-su.rss").body()))
                .getRootElement()
                .getChild("channel");
        for (Element item : channel.getChildren("item")) {
            List<String> names =
                    item.getChildren().stream().map(Element::getQualifiedName).toList();
            assertThat(names).as(item.getChildText("title")).contains("description", "content:encoded");
            assertThat(names.indexOf("description")).isLessThan(names.indexOf("content:encoded"));
        }
    }

    @Test
    void pagesShowTheLeadBesideHeadlinesAndDescribeTheArticleWithIt() {
        Document section = Jsoup.parse(server.get("/sections/thoi-su").body());
        List<String> leads = section.select("ol.headlines li p").eachText();
        assertThat(leads).hasSize(3);
        assertThat(leads.get(0)).isEqualTo(OPENING);
        assertCutAtAWord(leads.get(1));
        assertThat(leads.get(2)).isEqualTo("Tóm tắt: Có tóm tắt");

        Document page = Jsoup.parse(server.get("/articles/khong-co-tom-tat").body());
        assertThat(page.select("meta[name=description]").attr("content")).isEqualTo(OPENING);
        // The lead above the body is the editor's alone: the body's opening is not shown twice.
        assertThat(page.select("p.lead")).isEmpty();
        Document summarised = Jsoup.parse(server.get("/articles/co-tom-tat").body());
        assertThat(summarised.select("p.lead").text()).isEqualTo("Tóm tắt: Có tóm tắt");
        assertThat(summarised.select("meta[name=description]").attr("content")).isEqualTo("Tóm tắt: Có tóm tắt");
    }

    @Test
    void theArticleAsStoredKeepsWhatTheEditorSent() throws Exception {
        JsonNode stored =
                Fixtures.JSON.readTree(server.get("/api/articles/no-summary").body());
        assertThat(stored.path("summary").isMissingNode()
                        || stored.path("summary").isNull())
                .as(stored.toString())
                .isTrue();
        assertThat(stored.get("body").asText()).contains("Câu thứ tư");
    }

    private static void assertCutAtAWord(String lead) {
        assertThat(lead).endsWith("…");
        String kept = lead.substring(0, lead.length() - 1);
        assertThat(kept.codePointCount(0, kept.length()))
                .isLessThanOrEqualTo(300)
                .isGreaterThan(250);
        assertThat(LONG).startsWith(kept + " ");
    }

    private static ObjectNode withoutSummary(String title, String body, String published) {
        ObjectNode article = Fixtures.article(title, "thoi-su", published);
        article.remove("summary");
        article.put("body", body);
        return article;
    }
}
