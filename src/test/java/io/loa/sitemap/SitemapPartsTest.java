package io.loa.sitemap;

import static io.loa.db.schema.Tables.ARTICLE;
import static org.assertj.core.api.Assertions.assertThat;

import io.loa.TestServer;
import io.loa.db.Database;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.jooq.DSLContext;
import org.jooq.Row8;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

/**
 * A month of more than 50,000 articles is split into parts of at most 50,000 URLs, each valid and listed in the
 * index; the first part keeps the month's own name.
 */
class SitemapPartsTest {

    @Test
    void aMonthOfMoreThan50000ArticlesIsSplitIntoNumberedParts() {
        try (TestServer server = TestServer.start()) {
            try (Database db = server.database()) {
                // Written straight to the tables, as a large archive would be: the API would take minutes.
                insert(db.dsl(), Sitemaps.MAX_URLS + 1, OffsetDateTime.parse("2024-05-01T00:00:00+07:00"));
            }
            String base = server.env().get("LOA_BASE_URL");
            Document index = SitemapsTest.fetch(server, "/sitemap.xml", SitemapsTest.INDEX);
            assertThat(SitemapsTest.locs(index))
                    .containsExactly(
                            base + "/sitemaps/articles-2024-05.xml",
                            base + "/sitemaps/articles-2024-05-2.xml",
                            base + "/sitemaps/pages.xml");
            Document first = SitemapsTest.fetch(server, "/sitemaps/articles-2024-05.xml", SitemapsTest.URLSET);
            assertThat(SitemapsTest.children(first.getDocumentElement(), SitemapsTest.SITEMAP, "url"))
                    .hasSize(Sitemaps.MAX_URLS);
            Document second = SitemapsTest.fetch(server, "/sitemaps/articles-2024-05-2.xml", SitemapsTest.URLSET);
            assertThat(SitemapsTest.locs(second)).containsExactly(base + "/articles/bai-" + Sitemaps.MAX_URLS);
            assertThat(server.get("/sitemaps/articles-2024-05-3.xml").statusCode())
                    .isEqualTo(404);
        }
    }

    /** {@code count} live articles half a minute apart from {@code from}, ids and slugs {@code bai-0}, {@code bai-1} … */
    static void insert(DSLContext dsl, int count, OffsetDateTime from) {
        for (int start = 0; start < count; start += 5000) {
            List<Row8<String, String, String, String, OffsetDateTime, OffsetDateTime, OffsetDateTime, OffsetDateTime>>
                    rows = new ArrayList<>();
            for (int i = start; i < Math.min(count, start + 5000); i++) {
                OffsetDateTime at = from.plusSeconds(30L * i).withOffsetSameInstant(ZoneOffset.UTC);
                rows.add(DSL.row("bai-" + i, "bai-" + i, "Bài số " + i, "vi", at, at, at, at));
            }
            dsl.insertInto(
                            ARTICLE,
                            ARTICLE.ID,
                            ARTICLE.SLUG,
                            ARTICLE.TITLE,
                            ARTICLE.LANGUAGE,
                            ARTICLE.PUBLISHED_AT,
                            ARTICLE.UPDATED_AT,
                            ARTICLE.CREATED_AT,
                            ARTICLE.CHANGED_AT)
                    .valuesOfRows(rows)
                    .execute();
        }
    }
}
