package io.loa.fediverse;

import static io.loa.fediverse.ActorsTest.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.loa.Fixtures;
import io.loa.ServerPerClass;
import io.loa.ServerSetup;
import io.loa.TestServer;
import io.loa.config.FediverseConfig;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An article is an ActivityStreams object at its own page's URL, for clients that ask for one, and at
 * /ap/articles/{slug}; each account's outbox lists the Create activities of its feed's articles, newest first, 20 a
 * page. Nothing embargoed shows, and every answer tells caches what it varies by and what it holds.
 */
class ArticleObjectsTest {

    @RegisterExtension
    static final ServerPerClass loa = new ServerPerClass();

    static final String AP = "application/activity+json";
    static final String LD = "application/ld+json; profile=\"https://www.w3.org/ns/activitystreams\"";
    static final String BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

    @BeforeAll
    static void seed() {
        ObjectNode festival =
                ActorsTest.byAuthor("Lễ hội cầu ngư", "thoi-su", "2025-01-10T08:00:00+07:00", "Nguyễn Văn An");
        festival.withArray("sections").add("du-lich");
        festival.put("body", "<p>Xem <a href=\"/sections/du-lich\">Du lịch</a>.</p>");
        Fixtures.withTags(festival, "Biển Đông", "Giao thông");
        Fixtures.withImage(festival, "https://baohatinh.vn/images/le-hoi.jpg", "Thuyền trên biển");
        ((ObjectNode) festival.get("images").get(0)).put("caption", "Lễ hội năm nay");
        put("fest-1", festival);
        // An edit: dated now, after its publication.
        festival.put("summary", "Tóm tắt đã sửa");
        put("fest-1", festival);
        put("hen-1", Fixtures.article("Chưa đến giờ", "lich-su", "2025-06-01T08:00:00+07:00"));
        for (int day = 1; day <= 22; day++) {
            put(
                    "ls-" + day,
                    Fixtures.article("Trang sử " + day, "lich-su", "2025-01-%02dT08:00:00+07:00".formatted(day)));
        }
    }

    static void put(String id, ObjectNode article) {
        loa.server().putArticle(id, article, loa.token());
    }

    static HttpResponse<String> get(TestServer server, String path, String accept) {
        return server.send(HttpRequest.newBuilder(server.uri(path)).header("Accept", accept));
    }

    @Test
    void anArticleIsAnActivityStreamsArticleWithItsBodyImagesTagsAndAudience() {
        String base = loa.server().baseUrl();
        HttpResponse<String> response = get(loa.server(), "/ap/articles/le-hoi-cau-ngu", AP);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue(ActorsTest.AP);
        JsonNode object = json(response);
        assertThat(object.get("@context").get(0).asText()).isEqualTo("https://www.w3.org/ns/activitystreams");
        assertThat(object.get("id").asText()).isEqualTo(base + "/articles/le-hoi-cau-ngu");
        assertThat(object.get("type").asText()).isEqualTo("Article");
        assertThat(object.get("name").asText()).isEqualTo("Lễ hội cầu ngư");
        assertThat(object.get("summary").asText()).isEqualTo("Tóm tắt đã sửa");
        assertThat(object.get("content").asText())
                .isEqualTo("<p>Xem <a href=\"" + base + "/sections/du-lich\">Du lịch</a>.</p>");
        assertThat(object.get("url").asText()).isEqualTo(base + "/articles/le-hoi-cau-ngu");
        assertThat(object.get("published").asText()).isEqualTo("2025-01-10T01:00:00Z");
        assertThat(object.get("updated").asText()).as("edited").isEqualTo("2025-03-01T02:00:00Z");
        assertThat(object.get("attributedTo").asText()).isEqualTo(base + "/ap/authors/nguyen-van-an");
        assertThat(object.get("to"))
                .extracting(JsonNode::asText)
                .containsExactly("https://www.w3.org/ns/activitystreams#Public");
        assertThat(object.get("cc"))
                .extracting(JsonNode::asText)
                .containsExactly(
                        base + "/ap/site/followers",
                        base + "/ap/sections/thoi-su/followers",
                        base + "/ap/sections/du-lich/followers",
                        base + "/ap/authors/nguyen-van-an/followers");
        assertThat(object.get("audience"))
                .extracting(JsonNode::asText)
                .containsExactly(base + "/ap/sections/thoi-su", base + "/ap/sections/du-lich");
        JsonNode image = object.get("attachment").get(0);
        assertThat(image.get("type").asText()).isEqualTo("Image");
        assertThat(image.get("url").asText()).isEqualTo("https://baohatinh.vn/images/le-hoi.jpg");
        assertThat(image.get("mediaType").asText()).isEqualTo("image/jpeg");
        assertThat(image.get("name").asText()).isEqualTo("Lễ hội năm nay");
        assertThat(image.get("width").asInt()).isEqualTo(1200);
        assertThat(image.get("height").asInt()).isEqualTo(800);
        assertThat(object.get("tag")).hasSize(2);
        JsonNode tag = object.get("tag").get(0);
        assertThat(tag.get("type").asText()).isEqualTo("Hashtag");
        assertThat(tag.get("name").asText()).isEqualTo("#BiểnĐông");
        assertThat(tag.get("href").asText()).isEqualTo(base + "/tags/bien-dong");
        assertThat(loa.server().get("/tags/bien-dong").statusCode()).isEqualTo(200);
    }

    @Test
    void thePageAnswersFediverseServersWithTheObjectAndBrowsersWithHtmlVaryingByAccept() {
        String base = loa.server().baseUrl();
        JsonNode direct = json(get(loa.server(), "/ap/articles/le-hoi-cau-ngu", AP));
        for (String accept : List.of(
                AP,
                LD,
                "application/activity+json, application/ld+json; profile=\"https://www.w3.org/ns/activitystreams\", text/html;q=0.1")) {
            HttpResponse<String> response = get(loa.server(), "/articles/le-hoi-cau-ngu", accept);
            assertThat(response.statusCode()).as(accept).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type")).hasValue(ActorsTest.AP);
            assertThat(response.headers().firstValue("Vary"))
                    .hasValueSatisfying(v -> assertThat(v).contains("Accept"));
            assertThat(json(response)).as(accept).isEqualTo(direct);
        }
        for (String accept : List.of(BROWSER, "application/ld+json; profile=\"http://example.com/other\"", "*/*")) {
            HttpResponse<String> page = get(loa.server(), "/articles/le-hoi-cau-ngu", accept);
            assertThat(page.headers().firstValue("Content-Type")).as(accept).hasValue("text/html;charset=utf-8");
            assertThat(page.headers().firstValue("Vary"))
                    .hasValueSatisfying(v -> assertThat(v).contains("Accept"));
            Document html = Jsoup.parse(page.body());
            assertThat(html.select("link[rel=alternate][type=application/activity+json]")
                            .attr("href"))
                    .isEqualTo(base + "/ap/articles/le-hoi-cau-ngu");
            assertThat(html.select("meta[name=fediverse:creator]").attr("content"))
                    .isEqualTo("@nguyen-van-an@" + java.net.URI.create(base).getAuthority());
        }
        Document anonymous =
                Jsoup.parse(get(loa.server(), "/articles/trang-su-1", BROWSER).body());
        assertThat(anonymous.select("meta[name=fediverse:creator]"))
                .as("no author")
                .isEmpty();
    }

    @Test
    void objectsAndOutboxesNameTheArticleAndTheFeedTheyHoldForSharedCaches() {
        HttpResponse<String> object = get(loa.server(), "/articles/le-hoi-cau-ngu", AP);
        assertThat(object.headers().firstValue("xkey")).hasValue("article:fest-1");
        assertThat(get(loa.server(), "/ap/articles/le-hoi-cau-ngu", AP)
                        .headers()
                        .firstValue("Surrogate-Key"))
                .hasValue("article:fest-1");
        assertThat(get(loa.server(), "/ap/sections/lich-su/outbox", AP)
                        .headers()
                        .firstValue("xkey"))
                .hasValue("feed:lich-su");
        assertThat(get(loa.server(), "/ap/sections/lich-su/outbox?page=1", AP)
                        .headers()
                        .firstValue("xkey"))
                .hasValue("feed:lich-su");
        assertThat(get(loa.server(), "/ap/site/outbox", AP).headers().firstValue("xkey"))
                .hasValue("feed:all");
        assertThat(get(loa.server(), "/ap/authors/nguyen-van-an/outbox", AP)
                        .headers()
                        .firstValue("xkey"))
                .hasValue("feed:author/nguyen-van-an");
    }

    @Test
    void anEmbargoedArticleHasNoObjectAnywhere() {
        for (String path : List.of("/ap/articles/chua-den-gio", "/articles/chua-den-gio")) {
            HttpResponse<String> response = get(loa.server(), path, AP);
            assertThat(response.statusCode()).as(path).isEqualTo(404);
        }
        List<String> ids = new ArrayList<>();
        for (int page = 1; page <= 2; page++) {
            json(get(loa.server(), "/ap/sections/lich-su/outbox?page=" + page, AP))
                    .get("orderedItems")
                    .forEach(item -> ids.add(item.get("object").get("id").asText()));
        }
        assertThat(ids).hasSize(22).noneMatch(id -> id.endsWith("/chua-den-gio"));
    }

    @Test
    void anOutboxListsItsFeedsCreateActivitiesNewestFirstTwentyAPage() {
        String base = loa.server().baseUrl();
        String outbox = base + "/ap/sections/lich-su/outbox";
        JsonNode collection = json(get(loa.server(), "/ap/sections/lich-su/outbox", AP));
        assertThat(collection.get("id").asText()).isEqualTo(outbox);
        assertThat(collection.get("type").asText()).isEqualTo("OrderedCollection");
        assertThat(collection.get("totalItems").asInt()).isEqualTo(22);
        assertThat(collection.get("first").asText()).isEqualTo(outbox + "?page=1");
        assertThat(collection.get("last").asText()).isEqualTo(outbox + "?page=2");

        JsonNode first = json(get(loa.server(), collection.get("first").asText(), AP));
        assertThat(first.get("id").asText()).isEqualTo(outbox + "?page=1");
        assertThat(first.get("type").asText()).isEqualTo("OrderedCollectionPage");
        assertThat(first.get("partOf").asText()).isEqualTo(outbox);
        assertThat(first.get("next").asText()).isEqualTo(outbox + "?page=2");
        assertThat(first.has("prev")).isFalse();
        assertThat(first.get("orderedItems")).hasSize(20);
        JsonNode newest = first.get("orderedItems").get(0);
        assertThat(newest.get("type").asText()).isEqualTo("Create");
        assertThat(newest.get("id").asText()).isEqualTo(base + "/articles/trang-su-22#create");
        assertThat(newest.get("actor").asText()).as("no author: the site").isEqualTo(base + "/ap/site");
        assertThat(newest.get("object").get("id").asText()).isEqualTo(base + "/articles/trang-su-22");
        assertThat(newest.get("object").get("name").asText()).isEqualTo("Trang sử 22");
        assertThat(newest.get("object").has("@context")).isFalse();

        JsonNode second = json(get(loa.server(), first.get("next").asText(), AP));
        assertThat(second.get("prev").asText()).isEqualTo(outbox + "?page=1");
        assertThat(second.has("next")).isFalse();
        assertThat(second.get("orderedItems"))
                .extracting(item -> item.get("object").get("name").asText())
                .containsExactly("Trang sử 2", "Trang sử 1");

        for (String page : List.of("3", "0", "x")) {
            HttpResponse<String> past = get(loa.server(), "/ap/sections/lich-su/outbox?page=" + page, AP);
            assertThat(past.statusCode()).as(page).isEqualTo(400);
            assertThat(past.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        }
        assertThat(json(get(loa.server(), "/ap/site/outbox", AP))
                        .get("totalItems")
                        .asInt())
                .isEqualTo(23);
    }

    @Test
    void asANoteAnArticleIsItsTitleLeadAndLinkWithNoSummaryForMastodonToHideItBehind() {
        try (TestServer notes = ServerSetup.defaults()
                .site(site -> site.fediverse(
                        new FediverseConfig(true, Optional.empty(), Optional.empty(), FediverseConfig.ObjectType.NOTE)))
                .start()) {
            notes.putArticle(
                    "n-1", Fixtures.article("Tin ngắn", "thoi-su", "2025-01-10T08:00:00+07:00"), notes.token("desk"));
            String url = notes.baseUrl() + "/articles/tin-ngan";
            JsonNode note = json(get(notes, "/articles/tin-ngan", AP));
            assertThat(note.get("type").asText()).isEqualTo("Note");
            assertThat(note.has("summary")).isFalse();
            assertThat(note.has("name")).isFalse();
            Document content = Jsoup.parseBodyFragment(note.get("content").asText());
            assertThat(content.select("p").eachText()).containsExactly("Tin ngắn", "Tóm tắt: Tin ngắn", url);
            assertThat(content.select("a").attr("href")).isEqualTo(url);
        }
    }
}
