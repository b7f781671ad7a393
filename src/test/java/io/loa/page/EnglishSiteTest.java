package io.loa.page;

import static org.assertj.core.api.Assertions.assertThat;

import com.rometools.rome.feed.synd.SyndFeed;
import io.loa.Fixtures;
import io.loa.ServerPerClass;
import io.loa.ServerSetup;
import io.loa.TestServer;
import java.net.http.HttpRequest;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A newsroom that publishes in English configures its language, and readers read English: no code changes. */
class EnglishSiteTest {

    static final String BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

    @RegisterExtension
    static final ServerPerClass loa = new ServerPerClass(ServerSetup.defaults().site(site -> site.language("en")));

    static TestServer server;

    @BeforeAll
    static void start() {
        server = loa.server();
        String token = server.token("desk");
        server.putArticle(
                "du-lich-1",
                Fixtures.withTags(Fixtures.article("Du lịch số 1", "du-lich", "2024-01-05T08:00:00+07:00"), "Biển"),
                token);
    }

    @Test
    void theHomePageAndASectionsPageAreInEnglish() {
        Document home = page("/");
        assertThat(home.selectFirst("html").attr("lang")).isEqualTo("en");
        assertThat(home.select("ul.sections h2").first().text()).isEqualTo("All topics");
        assertThat(home.select("ul.sections p.feeds").first().text()).startsWith("Feeds: RSS");
        assertThat(home.selectFirst("main > p:not(.lead)").text())
                .startsWith("Follow the news in a feed reader")
                .contains("the OPML list to follow the whole paper at once.");
        assertThat(home.selectFirst("label[for=q]").text()).isEqualTo("Search articles");
        assertThat(home.selectFirst("button").text()).isEqualTo("Search");
        assertThat(home.select("link[rel=alternate]").first().attr("title"))
                .isEqualTo("Báo Hà Tĩnh – all topics (RSS)");

        Document section = page("/sections/du-lich");
        assertThat(section.selectFirst("ol.headlines time").text()).isEqualTo("5 Jan 2024, 08:00");
        Document tag = page("/tags/bien");
        assertThat(tag.selectFirst("p.lead").text()).isEqualTo("Articles tagged “Biển”.");
    }

    @Test
    void anArticlesPageNamesItsTopicsInEnglish() {
        Document article = page("/articles/du-lich-so-1");
        assertThat(article.select("nav.topics h2")).extracting(Element::text).containsExactly("Topics", "Tags");
    }

    @Test
    void aFeedsPageAndTheFeedsOfSearchesAndOfEverySectionAreInEnglish() {
        Document feedPage = page("/feeds/du-lich.rss");
        assertThat(feedPage.title()).isEqualTo("Báo Hà Tĩnh – Du lịch – RSS feed");
        assertThat(feedPage.selectFirst(".note strong").text()).isEqualTo("This is a news feed in RSS format.");
        assertThat(feedPage.selectFirst("label[for=feed-url]").text())
                .isEqualTo("To follow it, copy this address and paste it into your feed reader:");
        assertThat(page("/feeds/all.atom").selectFirst("p.meta").text()).isEqualTo("Báo Hà Tĩnh › All topics");

        SyndFeed search = server.feed("/feeds/search.atom?q=du+lich");
        assertThat(search.getTitle()).isEqualTo("Báo Hà Tĩnh – Search: du lich");
        assertThat(search.getDescription()).isEqualTo("Articles with “du lich”, newest first.");
        assertThat(server.get("/feeds.opml").body()).contains("text=\"Báo Hà Tĩnh – all topics\"");
    }

    @Test
    void theSearchAndErrorPagesAreInEnglish() {
        Document search = page("/search?q=du+lich");
        assertThat(search.title()).isEqualTo("Search: du lich – Báo Hà Tĩnh");
        assertThat(search.select("p.meta").last().text()).isEqualTo("Articles found: 1, newest first.");
        assertThat(search.selectFirst("p.feeds").text()).startsWith("Follow this search: RSS");
        assertThat(page("/search?q=khong+co+gi").select("p.meta").last().text()).isEqualTo("No articles found.");

        Document missing = page("/sections/khong-co");
        assertThat(missing.title()).isEqualTo("Page not found – Báo Hà Tĩnh");
        assertThat(missing.selectFirst("p.lead").text()).isEqualTo("This page does not exist, or no longer does.");
    }

    private static Document page(String path) {
        return Jsoup.parse(server.send(HttpRequest.newBuilder(server.uri(path)).header("Accept", BROWSER))
                .body());
    }
}
