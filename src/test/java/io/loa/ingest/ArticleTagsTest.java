package io.loa.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.loa.Fixtures;
import io.loa.ServerPerClass;
import io.loa.article.ArticleBounds;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Articles carry tags beside their sections: sent as strings, given back as written and in order, one per slug,
 * bounded like every other field, and free of the sections a token is limited to.
 */
class ArticleTagsTest {

    @RegisterExtension
    static final ServerPerClass loa = new ServerPerClass();

    static ObjectNode tagged(String title, String section, String... tags) {
        return Fixtures.withTags(Fixtures.article(title, section, "2025-02-10T08:00:00+07:00"), tags);
    }

    @Test
    void tagsComeBackAsWrittenInOrderWithLabelsThatGiveOneSlugCollapsedIntoTheFirst() throws Exception {
        HttpResponse<String> created = put(
                "tags-1",
                tagged(
                        "Tàu cá Hà Tĩnh trên Biển Đông",
                        "thoi-su",
                        "Biển Đông",
                        "  Ngư   dân ",
                        "biển đông",
                        "BIỂN ĐÔNG",
                        "<b>Hà Tĩnh</b>"));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        List<String> expected = List.of("Biển Đông", "Ngư dân", "Hà Tĩnh");
        assertThat(tags(created.body())).containsExactlyElementsOf(expected);
        assertThat(tags(loa.server().get("/api/articles/tags-1").body())).containsExactlyElementsOf(expected);
    }

    @Test
    void anArticleWithoutTagsHasAnEmptyListAndAnEditCanTagItAndUntagIt() throws Exception {
        ObjectNode article = Fixtures.article("Chưa gắn từ khóa", "du-lich", "2025-02-11T08:00:00+07:00");
        assertThat(put("tags-2", article).statusCode()).isEqualTo(201);
        assertThat(tags(loa.server().get("/api/articles/tags-2").body())).isEmpty();

        article.putArray("tags").add("Du lịch biển");
        HttpResponse<String> tagged = put("tags-2", article);
        assertThat(tagged.statusCode()).isEqualTo(200);
        assertThat(tags(tagged.body())).containsExactly("Du lịch biển");

        article.putArray("tags");
        assertThat(tags(put("tags-2", article).body())).isEmpty();
    }

    @Test
    void theSameTagsAgainChangeNothingButTheirOrderIsAnEdit() {
        ObjectNode article = tagged("Thứ tự từ khóa", "lich-su", "Vĩ tuyến 17", "Hiền Lương");
        assertThat(put("tags-3", article).statusCode()).isEqualTo(201);
        String etag = loa.server()
                .get("/api/articles/tags-3")
                .headers()
                .firstValue("ETag")
                .orElseThrow();
        assertThat(put("tags-3", article).headers().firstValue("ETag")).contains(etag);
        HttpResponse<String> reordered =
                put("tags-3", tagged("Thứ tự từ khóa", "lich-su", "Hiền Lương", "Vĩ tuyến 17"));
        assertThat(reordered.headers().firstValue("ETag")).isPresent().get().isNotEqualTo(etag);
    }

    @Test
    void aTokenLimitedToOneSectionMayTagItsArticlesWithAnyTag() throws Exception {
        String desk = loa.server().token("du-lich-desk", "du-lich");
        HttpResponse<String> created = loa.server()
                .put(
                        "/api/articles/tags-4",
                        tagged("Biển Thiên Cầm", "du-lich", "Thời sự", "Lịch sử", "Biển Đông")
                                .toString(),
                        desk);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        HttpResponse<String> edited = loa.server()
                .put(
                        "/api/articles/tags-4",
                        tagged("Biển Thiên Cầm", "du-lich", "Xây dựng Đảng").toString(),
                        desk);
        assertThat(edited.statusCode()).as(edited.body()).isEqualTo(200);
        assertThat(tags(edited.body())).containsExactly("Xây dựng Đảng");
        // Tags grant nothing: its sections still bound what the token may write.
        assertThat(loa.server()
                        .put(
                                "/api/articles/tags-5",
                                tagged("Tin thời sự", "thoi-su", "Du lịch").toString(),
                                desk)
                        .statusCode())
                .isEqualTo(403);
        assertThat(loa.server().delete("/api/articles/tags-4", desk).statusCode())
                .isEqualTo(204);
    }

    @Test
    void asManyTagsAsAllowedOfTheLongestLabelAreAccepted() throws Exception {
        String[] tags = Stream.iterate(1, i -> i + 1)
                .limit(ArticleBounds.TAGS)
                .map(i -> i + " "
                        + "đ".repeat(ArticleBounds.TAG - String.valueOf(i).length() - 1))
                .toArray(String[]::new);
        HttpResponse<String> created = put("tags-6", tagged("Từ khóa dài nhất", "thoi-su", tags));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(tags(created.body())).containsExactly(tags);
    }

    static Stream<Arguments> invalidTags() {
        return Stream.of(
                Arguments.of("an empty tag", (Consumer<ArrayNode>) t -> t.add(""), "tags[0]", "must not be empty"),
                Arguments.of(
                        "a tag of markup alone",
                        (Consumer<ArrayNode>) t -> t.add("x").add("<i> </i>"),
                        "tags[1]",
                        "must not be empty"),
                Arguments.of("a null tag", (Consumer<ArrayNode>) t -> t.addNull(), "tags[0]", "is required"),
                Arguments.of(
                        "a tag one character too long",
                        (Consumer<ArrayNode>) t -> t.add("a".repeat(ArticleBounds.TAG + 1)),
                        "tags[0]",
                        "longer than " + ArticleBounds.TAG),
                Arguments.of(
                        "a tag without a letter or digit",
                        (Consumer<ArrayNode>) t -> t.add("Hà Tĩnh").add("— ?!"),
                        "tags[1]",
                        "no letter or digit"),
                Arguments.of(
                        "a tag no slug can name",
                        (Consumer<ArrayNode>) t -> t.add("中国"),
                        "tags[0]",
                        "no letter or digit"),
                Arguments.of(
                        "one tag too many",
                        (Consumer<ArrayNode>) t -> Stream.iterate(0, i -> i + 1)
                                .limit(ArticleBounds.TAGS + 1)
                                .forEach(i -> t.add("Từ khóa " + i)),
                        "tags",
                        "at most " + ArticleBounds.TAGS));
    }

    @ParameterizedTest(name = "{0} is refused")
    @MethodSource("invalidTags")
    void invalidTagsAreRefusedWithAProblemNamingTheTagAndNothingIsStored(
            String what, Consumer<ArrayNode> tags, String field, String detail) throws Exception {
        ObjectNode article = Fixtures.article("Từ khóa sai", "thoi-su", "2025-02-12T08:00:00+07:00");
        tags.accept(article.putArray("tags"));
        Map<String, Integer> before = loa.server().rowCounts();
        HttpResponse<String> response = put("tags-invalid", article);
        assertProblem(response, field, detail);
        assertThat(loa.server().rowCounts()).isEqualTo(before);
    }

    @Test
    void tagsThatAreNotAListOfStringsAreRefused() throws Exception {
        ObjectNode article = Fixtures.article("Từ khóa sai kiểu", "thoi-su", "2025-02-12T08:00:00+07:00");
        article.put("tags", "Biển Đông");
        assertProblem(put("tags-type", article), "tags", "");
        article.putArray("tags").addObject().put("label", "Biển Đông");
        assertThat(put("tags-type", article).statusCode()).isEqualTo(422);
    }

    private static HttpResponse<String> put(String id, ObjectNode article) {
        return loa.server().put("/api/articles/" + id, article.toString(), loa.token());
    }

    private static void assertProblem(HttpResponse<String> response, String field, String detail) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(422);
        assertThat(response.headers().firstValue("Content-Type"))
                .get()
                .asString()
                .startsWith("application/problem+json");
        JsonNode problem = Fixtures.JSON.readTree(response.body());
        assertThat(problem.get("status").asInt()).isEqualTo(422);
        assertThat(problem.get("field").asText()).isEqualTo(field);
        assertThat(problem.get("detail").asText()).contains(field).contains(detail);
    }

    private static List<String> tags(String articleJson) throws Exception {
        List<String> labels = new ArrayList<>();
        Fixtures.JSON.readTree(articleJson).get("tags").forEach(tag -> labels.add(tag.asText()));
        return labels;
    }
}
