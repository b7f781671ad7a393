package io.loa.fediverse;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.loa.TestSite;
import io.loa.article.Article;
import io.loa.article.ArticleReads;
import io.loa.config.Site;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The activities that publish, change and withdraw an article: stable ids a receiver can tell apart and repeat
 * safely, sent by the article's author (else the site), public and copied to the followers of every account the
 * article comes from, the last a Tombstone.
 */
class ActivitiesTest {

    static final Site SITE = TestSite.project().site().withBaseUrl("https://baohatinh.vn");
    /** No query runs: an article's accounts are read from the article itself. */
    static final Actors ACTORS = new Actors(SITE, new ArticleReads(null));

    static final ArticleObjects OBJECTS = new ArticleObjects(SITE, ACTORS);
    static final Instant PUBLISHED = Instant.parse("2025-01-10T01:00:00Z");
    static final Instant EDITED = Instant.parse("2025-01-11T03:04:05.678Z");

    static Article article(String author, Instant updated) {
        return new Article(
                "a1",
                "le-hoi",
                "Lễ hội",
                "Tóm tắt",
                "<p>Thân bài</p>",
                author,
                null,
                null,
                "vi",
                PUBLISHED,
                updated,
                List.of("thoi-su", "khong-con"),
                List.of(),
                List.of(),
                List.of());
    }

    @Test
    void aCreateIsSentByTheAuthorWithTheObjectAndAStableId() {
        ObjectNode create = OBJECTS.create(article("Nguyễn Văn An", PUBLISHED));
        assertThat(create.get("@context").get(0).asText()).isEqualTo("https://www.w3.org/ns/activitystreams");
        assertThat(create.get("id").asText()).isEqualTo("https://baohatinh.vn/articles/le-hoi#create");
        assertThat(create.get("type").asText()).isEqualTo("Create");
        assertThat(create.get("actor").asText()).isEqualTo("https://baohatinh.vn/ap/authors/nguyen-van-an");
        assertThat(create.get("published").asText()).isEqualTo("2025-01-10T01:00:00Z");
        assertThat(create.get("object").get("id").asText()).isEqualTo("https://baohatinh.vn/articles/le-hoi");
        assertThat(create.get("object").has("updated")).as("never edited").isFalse();
        assertThat(create.get("object").has("@context")).isFalse();
        // A section no longer configured has no account to copy to.
        assertThat(create.get("cc"))
                .extracting(JsonNode::asText)
                .containsExactly(
                        "https://baohatinh.vn/ap/site/followers",
                        "https://baohatinh.vn/ap/sections/thoi-su/followers",
                        "https://baohatinh.vn/ap/authors/nguyen-van-an/followers");
        assertThat(create.get("to"))
                .extracting(JsonNode::asText)
                .containsExactly("https://www.w3.org/ns/activitystreams#Public");
        assertThat(ACTORS.actorsOf(article("Nguyễn Văn An", PUBLISHED)))
                .extracting(Actor::key)
                .containsExactly("site", "section:thoi-su", "author:nguyen-van-an");
    }

    @Test
    void eachEditIsAnUpdateOfItsOwnIdCarryingTheUpdatedObject() {
        ObjectNode update = OBJECTS.update(article(null, EDITED));
        assertThat(update.get("id").asText())
                .isEqualTo("https://baohatinh.vn/articles/le-hoi#update-" + EDITED.toEpochMilli());
        assertThat(update.get("type").asText()).isEqualTo("Update");
        assertThat(update.get("actor").asText()).as("no author: the site").isEqualTo("https://baohatinh.vn/ap/site");
        assertThat(update.get("object").get("updated").asText()).isEqualTo("2025-01-11T03:04:05Z");
        assertThat(update.get("object").get("attributedTo").asText()).isEqualTo("https://baohatinh.vn/ap/site");
    }

    @Test
    void aDeleteWithdrawsTheObjectAsATombstone() {
        Instant deleted = Instant.parse("2025-02-01T00:00:00Z");
        ObjectNode delete = OBJECTS.delete(article("Nguyễn Văn An", PUBLISHED), deleted);
        assertThat(delete.get("id").asText()).isEqualTo("https://baohatinh.vn/articles/le-hoi#delete");
        assertThat(delete.get("type").asText()).isEqualTo("Delete");
        assertThat(delete.get("actor").asText()).isEqualTo("https://baohatinh.vn/ap/authors/nguyen-van-an");
        JsonNode tombstone = delete.get("object");
        assertThat(tombstone.get("id").asText()).isEqualTo("https://baohatinh.vn/articles/le-hoi");
        assertThat(tombstone.get("type").asText()).isEqualTo("Tombstone");
        assertThat(tombstone.get("formerType").asText()).isEqualTo("Article");
        assertThat(tombstone.get("deleted").asText()).isEqualTo("2025-02-01T00:00:00Z");
        assertThat(delete.get("cc")).hasSize(3);
    }
}
