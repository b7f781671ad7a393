package io.loa.article;

import static io.loa.article.ArticleRows.*;
import static io.loa.db.schema.Tables.ARTICLE;
import static io.loa.db.schema.Tables.ARTICLE_DELETION;
import static org.jooq.Records.mapping;

import io.loa.db.schema.tables.records.ArticleRecord;
import io.loa.stream.ChangeKind;
import io.loa.stream.Outbox;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.InsertSetMoreStep;
import org.jooq.InsertSetStep;
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
        return restore(List.of(stored)).get(0);
    }

    /**
     * {@link #restore(StoredArticle)} of each article, in one transaction and a few statements for them all: what a
     * bulk load writes, so that a million articles are not a million commits. The ids must differ. Each article
     * gets its own entry on the change stream, as one by one.
     *
     * @return what each restore found, in the batch's order
     */
    public List<Restored> restore(List<StoredArticle> batch) {
        return dsl.transactionResult(tx -> restore(tx.dsl(), batch));
    }

    private static List<Restored> restore(DSLContext tx, List<StoredArticle> batch) {
        List<String> ids = batch.stream().map(s -> s.article().id()).toList();
        Map<String, StoredArticle> current = stored(tx, ARTICLE.ID.in(ids), ids.size()).stream()
                .collect(Collectors.toMap(s -> s.article().id(), s -> s));
        List<StoredArticle> changed = batch.stream()
                .filter(s -> !s.equals(current.get(s.article().id())))
                .toList();
        Set<String> changedIds =
                changed.stream().map(s -> s.article().id()).collect(Collectors.toCollection(LinkedHashSet::new));
        List<String> replaced = changedIds.stream().filter(current::containsKey).toList();
        Map<String, Set<String>> before = feedsById(tx, replaced);
        if (!replaced.isEmpty()) {
            tx.deleteFrom(ARTICLE).where(ARTICLE.ID.in(replaced)).execute();
        }
        if (!changed.isEmpty()) {
            InsertSetStep<ArticleRecord> insert = tx.insertInto(ARTICLE);
            InsertSetMoreStep<ArticleRecord> rows = null;
            for (StoredArticle stored : changed) {
                rows = (rows == null ? insert : rows.newRecord())
                        .set(columns(stored.article()))
                        .set(ARTICLE.SCHEDULED, stored.scheduled())
                        .set(ARTICLE.CREATED_AT, at(stored.created()))
                        .set(ARTICLE.CHANGED_AT, at(stored.changed()))
                        .set(ARTICLE.DELETED_AT, stored.deleted() == null ? null : at(stored.deleted()))
                        .set(ARTICLE.REVISION, NEXT_REVISION);
            }
            rows.execute();
            insertParts(tx, changed.stream().map(StoredArticle::article).toList());
            changed.stream()
                    .filter(stored -> stored.tombstone() != null)
                    .forEach(stored -> tombstone(tx, stored.article().id(), stored.tombstone()));
        }
        Map<String, Set<String>> after = feedsById(tx, changedIds);
        Map<String, ShownOn> shownOn = shownOn(tx, changedIds);
        List<Outbox.Entry> entries = new ArrayList<>();
        for (StoredArticle stored : changed) {
            Article a = stored.article();
            Set<String> feeds = new LinkedHashSet<>(before.getOrDefault(a.id(), Set.of()));
            feeds.addAll(after.getOrDefault(a.id(), Set.of()));
            ShownOn on = shownOn.getOrDefault(a.id(), ShownOn.NOWHERE);
            feeds.addAll(on.feeds());
            entries.add(new Outbox.Entry(ChangeKind.RESTORED, a.id(), a.slug(), feeds, on.slugs()));
        }
        Outbox.append(tx, entries, false);
        return batch.stream()
                .map(s -> !changedIds.contains(s.article().id())
                        ? Restored.UNCHANGED
                        : current.containsKey(s.article().id()) ? Restored.REPLACED : Restored.CREATED)
                .toList();
    }
}
