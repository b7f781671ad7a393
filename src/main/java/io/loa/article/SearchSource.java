package io.loa.article;

import static io.loa.article.ArticleRows.*;
import static io.loa.db.schema.Tables.ARTICLE;
import static io.loa.db.schema.Tables.ARTICLE_WORDS;
import static org.jooq.Records.mapping;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.impl.DSL;

/** What a search index reads: each article's words while it is live, by revision or by id. */
public final class SearchSource {

    private final DSLContext dsl;

    public SearchSource(DSLContext dsl) {
        this.dsl = dsl;
    }

    /**
     * An article as a search index holds it.
     *
     * @param words its {@link ArticleWords} while it is live, else empty: readers may not find it
     */
    public record Searchable(String id, long revision, Instant published, String words) {

        public boolean live() {
            return !words.isEmpty();
        }
    }

    /** The articles written after {@code revision}, oldest write first, at most {@code limit}: loading an index. */
    public List<Searchable> searchableAfter(long revision, int limit) {
        return searchable(ARTICLE.REVISION.gt(revision), limit);
    }

    /** These articles, as they are now. */
    public List<Searchable> searchable(Collection<String> ids) {
        return searchable(ARTICLE.ID.in(ids), ids.size());
    }

    private List<Searchable> searchable(Condition which, int limit) {
        Field<String> words = DSL.when(live(), ARTICLE_WORDS.WORDS).otherwise("");
        return dsl.select(ARTICLE.ID, ARTICLE.REVISION, PUBLISHED, DSL.coalesce(words, ""))
                .from(ARTICLE)
                .leftJoin(ARTICLE_WORDS)
                .on(ARTICLE_WORDS.ARTICLE_ID.eq(ARTICLE.ID))
                .where(which)
                .orderBy(ARTICLE.REVISION)
                .limit(limit)
                .fetch(mapping(Searchable::new));
    }
}
