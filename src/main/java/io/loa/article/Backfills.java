package io.loa.article;

import static io.loa.article.ArticleRows.NEXT_REVISION;
import static io.loa.article.ArticleRows.insertWords;
import static io.loa.article.ArticleRows.selectArticles;
import static io.loa.db.schema.Tables.ARTICLE;
import static io.loa.db.schema.Tables.ARTICLE_WORDS;
import static org.jooq.Records.mapping;

import java.util.List;
import java.util.Optional;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Record2;

/**
 * What the schema's Java migrations compute for articles stored before a column existed, which only Java can fill.
 * Each runs inside its migration's transaction.
 */
public final class Backfills {

    private static final int BATCH = 100;

    private Backfills() {}

    /**
     * Gives the articles stored before authors had feeds their author's slug; returns how many it gave one.
     * Authors whose name has no letter or digit have none.
     */
    public static int authorSlugs(DSLContext tx) {
        int filled = 0;
        for (Record2<String, String> r : tx.select(ARTICLE.ID, ARTICLE.AUTHOR)
                .from(ARTICLE)
                .where(ARTICLE.AUTHOR.isNotNull().and(ARTICLE.AUTHOR_SLUG.isNull()))
                .fetch()) {
            Optional<String> slug = Slugs.ofName(r.value2());
            if (slug.isPresent()) {
                filled += tx.update(ARTICLE)
                        .set(ARTICLE.AUTHOR_SLUG, slug.get())
                        .where(ARTICLE.ID.eq(r.value1()))
                        .execute();
            }
        }
        return filled;
    }

    /**
     * Words anew the articles stored before search existed, or whose words an older rule made
     * ({@link ArticleWords#RULE}), and gives each the next revision; returns how many.
     */
    public static int words(DSLContext tx) {
        Condition stale = ARTICLE_WORDS.ARTICLE_ID.isNull().or(ARTICLE_WORDS.RULE_VERSION.lt(ArticleWords.RULE));
        int filled = 0;
        List<String> missing;
        do {
            missing = tx.select(ARTICLE.ID)
                    .from(ARTICLE)
                    .leftJoin(ARTICLE_WORDS)
                    .on(ARTICLE_WORDS.ARTICLE_ID.eq(ARTICLE.ID))
                    .where(stale)
                    .limit(BATCH)
                    .fetch(ARTICLE.ID);
            for (String id : missing) {
                Article article = selectArticles(tx)
                        .from(ARTICLE)
                        .where(ARTICLE.ID.eq(id))
                        .fetchSingle(mapping(Article::new));
                tx.deleteFrom(ARTICLE_WORDS)
                        .where(ARTICLE_WORDS.ARTICLE_ID.eq(id))
                        .execute();
                insertWords(tx, article);
                tx.update(ARTICLE)
                        .set(ARTICLE.REVISION, NEXT_REVISION)
                        .where(ARTICLE.ID.eq(id))
                        .execute();
                filled++;
            }
        } while (!missing.isEmpty());
        return filled;
    }
}
