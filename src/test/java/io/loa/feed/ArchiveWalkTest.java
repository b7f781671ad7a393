package io.loa.feed;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.rometools.rome.feed.synd.SyndEntry;
import io.loa.FeedCrawl;
import io.loa.Fixtures;
import io.loa.ServerPerClass;
import io.loa.TestServer;
import java.io.ByteArrayInputStream;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jdom2.Element;
import org.jdom2.Namespace;
import org.jdom2.input.SAXBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** An aggregator can fetch every article a section ever published, by pages or by monthly archives (RFC 5005). */
class ArchiveWalkTest {

    static final int ARTICLES = 300;
    static final Namespace ATOM = Namespace.getNamespace("http://www.w3.org/2005/Atom");
    static final Namespace HISTORY = Namespace.getNamespace("http://purl.org/syndication/history/1.0");

    @RegisterExtension
    static final ServerPerClass loa = new ServerPerClass();

    static TestServer server;
    static final Set<String> published = new HashSet<>();

    @BeforeAll
    static void start() {
        server = loa.server();
        String token = server.token("history");
        Instant first = Instant.parse("2019-01-03T01:00:00Z");
        for (int i = 0; i < ARTICLES; i++) {
            // Every six days or so, across more than four years of months.
            String when = first.plus(6L * i, ChronoUnit.DAYS)
                    .plus(i % 7, ChronoUnit.HOURS)
                    .toString();
            String id = "history-" + i;
            assertThat(server.put(
                                    "/api/articles/" + id,
                                    Fixtures.article("Lịch sử số " + i, "lich-su", when)
                                            .toString(),
                                    token)
                            .statusCode())
                    .isEqualTo(201);
            published.add("tag:baohatinh.vn,2023:article:" + id);
        }
        server.put(
                "/api/articles/elsewhere",
                Fixtures.article("Ở mục khác", "du-lich", "2022-05-05T08:00:00+07:00")
                        .toString(),
                token);
    }

    @Test
    void walkingTheArchivesBackFromTheCurrentFeedFetchesEveryArticleExactlyOnce() throws Exception {
        List<String> seen = new ArrayList<>();
        Element current = xml("/feeds/lich-su.atom");
        Optional<String> next = link(current, "prev-archive");
        int documents = 0;
        while (next.isPresent()) {
            Element archive = xml(next.get());
            documents++;
            assertThat(archive.getChild("archive", HISTORY))
                    .as(next.get() + " is marked fh:archive")
                    .isNotNull();
            assertThat(link(archive, "current")).contains(server.baseUrl() + "/feeds/lich-su.atom");
            for (Element entry : archive.getChildren("entry", ATOM)) {
                seen.add(entry.getChildText("id", ATOM));
            }
            Optional<String> older = link(archive, "prev-archive");
            older.ifPresent(o -> assertThat(link(xmlUnchecked(o), "next-archive"))
                    .contains(server.uri(archivePathOf(archive)).toString()));
            next = older;
        }
        assertThat(seen).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(published);
        assertThat(documents).isGreaterThan(40);
    }

    @Test
    void followingNextPagesFetchesEveryArticleExactlyOnceInEachFormat() throws Exception {
        for (String format : List.of("rss", "atom")) {
            List<String> seen = new ArrayList<>();
            String next = "/feeds/lich-su." + format;
            while (next != null) {
                byte[] bytes = server.getBytes(next).body();
                TestServer.parse(bytes).getEntries().forEach(e -> seen.add(e.getUri()));
                next = link(
                                new SAXBuilder()
                                        .build(new ByteArrayInputStream(bytes))
                                        .getRootElement(),
                                "next")
                        .orElse(null);
            }
            assertThat(seen).as(format).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(published);
        }
        List<String> seen = new ArrayList<>();
        String next = "/feeds/lich-su.json";
        while (next != null) {
            JsonNode page = Fixtures.JSON.readTree(server.get(next).body());
            page.get("items").forEach(i -> seen.add(i.get("id").asText()));
            next = page.has("next_url") ? page.get("next_url").asText() : null;
        }
        assertThat(seen).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(published);
        assertThat(server.get("/feeds/lich-su.rss?page=999").statusCode()).isEqualTo(404);
        assertThat(server.get("/feeds/lich-su.rss?page=0").statusCode()).isEqualTo(400);
        assertThat(server.get("/feeds/lich-su.rss?page=abc").statusCode()).isEqualTo(400);
    }

    @Test
    void archivesAreLongLivedAndOnlyExistForMonthsWithArticles() {
        var response = server.getBytes("/feeds/lich-su/archive/2019-01.atom");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Cache-Control")).contains("public, max-age=86400");
        assertThat(server.feed("/feeds/lich-su/archive/2019-01.rss").getEntries())
                .extracting(SyndEntry::getTitle)
                .contains("Lịch sử số 0");
        assertThat(server.get("/feeds/lich-su/archive/2018-12.atom").statusCode())
                .isEqualTo(404);
        assertThat(server.get("/feeds/lich-su/archive/2019-13.atom").statusCode())
                .isEqualTo(404);
        assertThat(server.get("/feeds/lich-su/archive/2019-01.json").statusCode())
                .isEqualTo(404);
        assertThat(server.get("/feeds/khong-co/archive/2019-01.atom").statusCode())
                .isEqualTo(404);
        assertThat(server.feed("/feeds/all/archive/2022-05.atom").getEntries())
                .extracting(SyndEntry::getTitle)
                .contains("Ở mục khác");
    }

    private static String stripBase(String base, String url) {
        return url.startsWith(base) ? url.substring(base.length()) : url;
    }

    private static String archivePathOf(Element feed) {
        return stripBase(server.baseUrl(), link(feed, "self").orElseThrow());
    }

    private static Optional<String> link(Element feed, String rel) {
        return FeedCrawl.link(feed, rel);
    }

    private static Element xml(String path) throws Exception {
        var response = server.getBytes(path);
        assertThat(response.statusCode()).as(path).isEqualTo(200);
        return new SAXBuilder().build(new ByteArrayInputStream(response.body())).getRootElement();
    }

    private static Element xmlUnchecked(String path) {
        try {
            return xml(path);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
