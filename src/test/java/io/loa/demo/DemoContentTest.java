package io.loa.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.rometools.modules.mediarss.MediaEntryModule;
import com.rometools.modules.mediarss.MediaModule;
import com.rometools.rome.feed.synd.SyndEntry;
import com.rometools.rome.feed.synd.SyndFeed;
import io.loa.Fixtures;
import io.loa.ServerPerClass;
import io.loa.ServerSetup;
import io.loa.TestServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The demo content is the sample page, whole, and every feed it fills links only to things that resolve. */
class DemoContentTest {

    @RegisterExtension
    static final ServerPerClass loa = new ServerPerClass(ServerSetup.defaults().demo());

    static TestServer server;
    static List<String> lines;

    @BeforeAll
    static void start() throws IOException {
        server = loa.server();
        try (InputStream in = DemoContentTest.class.getResourceAsStream("/sample/article-dan-van-2023.txt")) {
            lines = Arrays.stream(new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n"))
                    .map(String::strip)
                    .filter(l -> !l.isEmpty())
                    .toList();
        }
    }

    @Test
    void theSampleArticleIsThereWholeWithItsLeadPhotosAndBothSections() throws Exception {
        JsonNode article =
                Fixtures.JSON.readTree(server.get("/api/articles/dan-van-2023").body());
        String title = lines.get(0);
        assertThat(article.get("title").asText()).isEqualTo(title);
        assertThat(article.get("summary").asText()).isEqualTo(lines.get(1).replace("(Baohatinh.vn) - ", ""));
        assertThat(article.get("source").asText()).isEqualTo("Baohatinh.vn");
        assertThat(article.get("published").asText()).isEqualTo("2023-12-27T08:30:00+07:00");
        assertThat(article.get("sections"))
                .extracting(JsonNode::asText)
                .containsExactly("hoat-dong-lanh-dao-tinh", "bao-ve-nen-tang-tu-tuong");

        List<String> paragraphs = new ArrayList<>();
        List<String> captions = new ArrayList<>();
        for (int i = 2; !lines.get(i).startsWith("Chủ đề"); i++) {
            if (lines.get(i).equals(title)) {
                captions.add(lines.get(++i));
            } else {
                paragraphs.add(lines.get(i));
            }
        }
        String body = org.jsoup.Jsoup.parse(article.get("body").asText()).text();
        assertThat(paragraphs).hasSize(17).allSatisfy(p -> assertThat(body).contains(p));
        assertThat(article.get("images"))
                .extracting(i -> i.get("caption").asText())
                .containsExactlyElementsOf(captions);
        assertThat(captions).hasSize(5);
        assertThat(article.get("related")).hasSize(9);
    }

    @Test
    void theNineReadMoreTeasersAreArticlesOfTheirOwn() {
        List<String> teaserTitles = new ArrayList<>();
        for (int i = lines.indexOf("Đọc thêm") + 1; i < lines.size(); i += 3) {
            teaserTitles.add(lines.get(i));
        }
        SyndFeed all = server.feed("/feeds/all.atom");
        assertThat(all.getEntries())
                .extracting(SyndEntry::getTitle)
                .containsAll(teaserTitles)
                .contains(lines.get(0))
                .hasSize(10);
        assertThat(teaserTitles).contains("Mỗi thanh niên Hà Tĩnh là một \"đại sứ\" du lịch");
    }

    @Test
    void everySectionFeedHasItemsAndEveryLinkInItResolves() {
        for (JsonNode section : read(server.get("/api/sections").body())) {
            for (String format : List.of("rss", "atom")) {
                SyndFeed feed = server.feed(section.get("feeds").get(format).asText());
                assertThat(feed.getEntries()).as(section.get("slug").asText()).isNotEmpty();
                for (SyndEntry entry : feed.getEntries()) {
                    assertThat(server.get(entry.getLink()).statusCode())
                            .as(entry.getLink())
                            .isEqualTo(200);
                    MediaEntryModule media = (MediaEntryModule) entry.getModule(MediaModule.URI);
                    if (media != null) {
                        String url = media.getMediaContents()[0].getReference().toString();
                        HttpResponse<byte[]> image = server.getBytes(url);
                        assertThat(image.statusCode()).as(url).isEqualTo(200);
                        assertThat(image.headers().firstValue("Content-Type"))
                                .get()
                                .asString()
                                .startsWith("image/svg+xml");
                    }
                }
            }
        }
    }

    @Test
    void theDemoIsLoadedOnlyIntoAnEmptyDatabase() {
        try (TestServer first = ServerSetup.defaults().demo().start()) {
            try (TestServer restarted =
                    ServerSetup.defaults().demo().sharingDatabaseOf(first).start()) {
                assertThat(restarted.feed("/feeds/all.rss").getEntries()).hasSize(10);
                assertThat(restarted.rowCounts().get("article")).isEqualTo(10);
            }
        }
    }

    @Test
    void theHomePageListsEverySectionWithItsFeeds() {
        HttpResponse<String> home = server.get("/");
        assertThat(home.statusCode()).isEqualTo(200);
        assertThat(home.body())
                .contains("Hoạt động của lãnh đạo tỉnh", "/feeds/du-lich.atom", "/feeds/all.rss", "rel=\"alternate\"");
    }

    private static JsonNode read(String json) {
        try {
            return Fixtures.JSON.readTree(json);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
