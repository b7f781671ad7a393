package io.loa.article;

import static io.loa.article.ArticleRows.*;
import static io.loa.db.schema.Tables.ARTICLE;
import static io.loa.db.schema.Tables.ARTICLE_DELETION;
import static org.jooq.Records.mapping;

import io.loa.stream.ChangeKind;
import io.loa.stream.Outbox;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/** Backup and restore: every stored article as it is (deleted ones too), and writing one back exactly. */
public final class ArticleBackup {

    private final DSLContext dsl;
    private final Clock clock;

    /** @param clock dates a restore's entry on the change stream */
    public ArticleBackup(DSLContext dsl, Clock clock) {
        this.dsl = dsl;
        this.clock = clock;
    }

    /**
     * Every stored article, deleted ones too, in id order after {@code afterId} ({@code null}: from the first):
     * a backup reads them a page at a time.
     */
    public List<StoredArticle> storedAfter(String afterId, int limit) {
        return stored(dsl, afterId == null ? DSL.noCondition() : ARTICLE.ID.gt(afterId), limit);
    }

    private static List<StoredArticle> stored(DSLContext ctx, Condition where, int limit) {
        List<Article> articles = selectArticles(ctx)
                .from(ARTICLE)
                .where(where)
                .orderBy(ARTICLE.ID)
                .limit(limit)
                .fetch(mapping(Article::new));
        Map<String, StoredState> states = ctx.select(
                        ARTICLE.ID,
                        ARTICLE.SCHEDULED,
                        instant(ARTICLE.CREATED_AT),
                        instant(ARTICLE.CHANGED_AT),
                        instant(ARTICLE.DELETED_AT),
                        instant(ARTICLE_DELETION.DELETED_AT))
                .from(ARTICLE)
                .leftJoin(ARTICLE_DELETION)
                .on(ARTICLE_DELETION.ARTICLE_ID.eq(ARTICLE.ID))
                .where(ARTICLE.ID.in(articles.stream().map(Article::id).toList()))
                .fetchMap(ARTICLE.ID, r -> new StoredState(r.value2(), r.value3(), r.value4(), r.value5(), r.value6()));
        return articles.stream().map(a -> states.get(a.id()).of(a)).toList();
    }

    private record StoredState(
            boolean scheduled, Instant created, Instant changed, Instant deleted, Instant tombstone) {

        StoredArticle of(Article article) {
            return new StoredArticle(article, scheduled, created, changed, deleted, tombstone);
        }
    }

    /** What a restore found under the article's id: nothing, something else, or exactly the backed-up article. */
    public enum Restored {
        CREATED,
        REPLACED,
        UNCHANGED
    }

    /**
     * Writes a backed-up article back exactly as it was (slug, dates, deletion), replacing what the id holds, and
     * puts it on the change stream with the feeds it left and those it is in. Restores are a bulk load's: WebSub
     * hears of them from {@link io.loa.stream.FeedChanges#announce}.
     */
    public Restored restore(StoredArticle stored) {
        return dsl.transactionResult(tx -> {
            Article a = stored.article();
            List<StoredArticle> current = stored(tx.dsl(), ARTICLE.ID.eq(a.id()), 1);
            if (current.equals(List.of(stored))) {
                return Restored.UNCHANGED;
            }
            Set<String> feeds = feedsOf(tx.dsl(), a.id());
            tx.dsl().deleteFrom(ARTICLE).where(ARTICLE.ID.eq(a.id())).execute();
            tx.dsl()
                    .insertInto(ARTICLE)
                    .set(columns(a))
                    .set(ARTICLE.SCHEDULED, stored.scheduled())
                    .set(ARTICLE.CREATED_AT, at(stored.created()))
                    .set(ARTICLE.CHANGED_AT, at(stored.changed()))
                    .set(ARTICLE.DELETED_AT, stored.deleted() == null ? null : at(stored.deleted()))
                    .set(ARTICLE.REVISION, NEXT_REVISION)
                    .execute();
            insertParts(tx.dsl(), a);
            // The tombstone as it was, not one for every deletion: an article deleted before its time never showed.
            if (stored.tombstone() != null) {
                tombstone(tx.dsl(), a.id(), stored.tombstone());
            }
            feeds.addAll(feedsOf(tx.dsl(), a.id()));
            ShownOn shownOn = shownOn(tx.dsl(), a.id());
            feeds.addAll(shownOn.feeds());
            Outbox.append(tx.dsl(), ChangeKind.RESTORED, a.id(), a.slug(), feeds, shownOn.slugs(), false);
            return current.isEmpty() ? Restored.CREATED : Restored.REPLACED;
        });
    }
}
