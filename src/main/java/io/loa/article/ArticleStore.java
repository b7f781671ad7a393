package io.loa.article;

import static io.loa.db.schema.Tables.ARTICLE;
import static io.loa.db.schema.Tables.ARTICLE_DELETION;
import static io.loa.db.schema.Tables.ARTICLE_IMAGE;
import static io.loa.db.schema.Tables.ARTICLE_RELATED;
import static io.loa.db.schema.Tables.ARTICLE_SECTION;
import static io.loa.db.schema.Tables.ARTICLE_TAG;
import static io.loa.db.schema.Tables.ARTICLE_WORDS;
import static io.loa.db.schema.Tables.FEED_CHANGE;
import static org.jooq.Records.mapping;
import static org.jooq.impl.DSL.multiset;
import static org.jooq.impl.DSL.row;
import static org.jooq.impl.DSL.select;
import static org.jooq.impl.DSL.selectOne;

import io.loa.db.schema.Sequences;
import io.loa.db.schema.tables.ArticleImage;
import io.loa.db.schema.tables.records.ArticleRecord;
import io.loa.fault.PreconditionFailed;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record1;
import org.jooq.Record2;
import org.jooq.Record15;
import org.jooq.SelectField;
import org.jooq.SelectSelectStep;
import org.jooq.exception.SQLStateClass;
import org.jooq.SortField;
import org.jooq.Table;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;

/**
 * Where articles live: one transaction per write (the article with its sections, tags, images and related links, or
 * nothing), and the reads that feeds and pages need. Announces every committed change to {@link ArticleChanges}.
 */
public final class ArticleStore {

    private static final int WRITE_ATTEMPTS = 5;
    private static final int RELEASE_BATCH = 100;

    private final DSLContext dsl;
    private final Clock clock;
    private final ArticleChanges changes;
    /** Whether the WebSub hub hears of each write, or only of what {@link #notifyChanged} names. */
    private final boolean notifyEachWrite;

    public ArticleStore(DSLContext dsl, Clock clock, ArticleChanges changes) {
        this(dsl, clock, changes, true);
    }

    private ArticleStore(DSLContext dsl, Clock clock, ArticleChanges changes, boolean notifyEachWrite) {
        this.dsl = dsl;
        this.clock = clock;
        this.changes = changes;
        this.notifyEachWrite = notifyEachWrite;
    }

    /**
     * A store for a bulk load beside the server: its writes reach every instance's cache as usual, but WebSub
     * subscribers hear of them only through {@link #notifyChanged}, once per feed, instead of once per article.
     */
    public static ArticleStore forBulkLoad(DSLContext dsl, Clock clock) {
        return new ArticleStore(dsl, clock, change -> {}, false);
    }

    /**
     * What a put did: {@code created} when no live article had the id, {@code changed} unless it was a no-op.
     *
     * @param sections the feeds it changed, by name ({@link FeedName}): sections', authors', tags'
     * @param shownOn the slugs of the live articles whose pages show this one among their related articles
     */
    public record Write(Article article, boolean created, boolean changed, Set<String> sections,
                        Set<String> shownOn, Set<Long> changeIds) {}

    /** Creates or replaces the article with the draft's id; the same draft twice changes nothing the second time. */
    public Write put(Article draft) {
        return put(draft, WriteCheck.ANY);
    }

    /**
     * The same, if {@code check} passes on the article as it is once locked; otherwise nothing is written and
     * {@link SectionsRefused} or {@link PreconditionFailed} is thrown.
     */
    public Write put(Article draft, WriteCheck check) {
        for (int attempt = 1; ; attempt++) {
            try {
                Write write = dsl.transactionResult(tx -> put(tx.dsl(), draft, check));
                if (write.changed()) {
                    changes.changed(new Change(write.article().id(), write.article().slug(), write.sections(),
                            write.shownOn(), write.changeIds()));
                }
                return write;
            } catch (DataAccessException e) {
                // Two editors creating one id, or taking one slug, at the same moment: the loser tries again.
                if (attempt == WRITE_ATTEMPTS || e.sqlStateClass() != SQLStateClass.C23_INTEGRITY_CONSTRAINT_VIOLATION) {
                    throw e;
                }
            }
        }
    }

    private Write put(DSLContext tx, Article draft, WriteCheck check) {
        Instant now = now();
        ArticleRecord row = tx.selectFrom(ARTICLE).where(ARTICLE.ID.eq(draft.id())).forUpdate().fetchOne();
        Optional<Article> current = row == null || row.getDeletedAt() != null ? Optional.empty() : find(tx, draft.id());
        boolean shownBefore = current.isPresent() && !row.getScheduled();
        boolean scheduled = draft.published().isAfter(now);
        // A deleted article's sections count too: putting it again erases their tombstone.
        Set<String> touched = new LinkedHashSet<>(draft.sections());
        touched.addAll(storedSections(tx, draft.id()));
        if (!check.sections().test(touched)) {
            throw new SectionsRefused(touched);
        }
        if (!check.version().test(current)) {
            throw new PreconditionFailed(current.isEmpty() ? "There is no article \"" + draft.id() + "\" to replace."
                    : "Article \"" + draft.id() + "\" is not the version the request expected.");
        }
        String slug = row != null ? row.getSlug() : freeSlug(tx, Slugs.of(draft.title()));
        Instant updated = draft.updated() != null ? draft.updated()
                : current.map(Article::updated).orElse(draft.published());
        Article article = draft.with(slug, updated);
        if (current.isPresent() && current.get().equals(article)) {
            return new Write(article, false, false, Set.of(), Set.of(), Set.of());
        }
        if (current.isPresent() && draft.updated() == null) {
            Instant edited = now.isAfter(draft.published()) ? now : draft.published();
            article = draft.with(slug, edited);
        }
        // The feeds it was in change as much as those it goes to: read before the write replaces what is stored.
        Set<String> feeds = feedsOf(tx, article.id());
        if (row == null) {
            tx.insertInto(ARTICLE).set(columns(article)).set(ARTICLE.SCHEDULED, scheduled)
                    .set(ARTICLE.CREATED_AT, at(now)).set(ARTICLE.CHANGED_AT, at(now))
                    .set(ARTICLE.REVISION, NEXT_REVISION).execute();
        } else {
            tx.update(ARTICLE).set(columns(article)).set(ARTICLE.SCHEDULED, scheduled).setNull(ARTICLE.DELETED_AT)
                    .set(ARTICLE.CHANGED_AT, at(now)).set(ARTICLE.REVISION, NEXT_REVISION)
                    .where(ARTICLE.ID.eq(article.id())).execute();
            if (!scheduled) {
                // Shown again: its tombstone goes. A scheduled article keeps it until its release.
                tx.deleteFrom(ARTICLE_DELETION).where(ARTICLE_DELETION.ARTICLE_ID.eq(article.id())).execute();
            }
            tx.deleteFrom(ARTICLE_SECTION).where(ARTICLE_SECTION.ARTICLE_ID.eq(article.id())).execute();
            tx.deleteFrom(ARTICLE_TAG).where(ARTICLE_TAG.ARTICLE_ID.eq(article.id())).execute();
            tx.deleteFrom(ARTICLE_IMAGE).where(ARTICLE_IMAGE.ARTICLE_ID.eq(article.id())).execute();
            tx.deleteFrom(ARTICLE_RELATED).where(ARTICLE_RELATED.ARTICLE_ID.eq(article.id())).execute();
            tx.deleteFrom(ARTICLE_WORDS).where(ARTICLE_WORDS.ARTICLE_ID.eq(article.id())).execute();
        }
        insertParts(tx, article);
        if (scheduled && !shownBefore) {
            // Nothing readers see changes until the release, but for a tombstone it stands under (withdrawn or
            // deleted once shown): that shows in the feeds the article is in, so moving it changes both sides.
            Set<String> moved = tombstoneMoves(tx, article.id(), feeds);
            return new Write(article, current.isEmpty(), true, moved, Set.of(), recordFeedChanges(tx, moved, now));
        }
        if (scheduled) {
            // Moved to a later date: withdrawn until then, like a deletion.
            tombstone(tx, article.id(), now);
        }
        feeds.addAll(feedsOf(tx, article.id()));
        ShownOn shownOn = shownOn(tx, article.id());
        // The editor's sections were checked against the article's own: the feeds of articles linking to it
        // change as a consequence of the write, not by the editor's hand.
        if (!shownBefore || scheduled || !Objects.equals(current.get().url(), article.url())) {
            feeds.addAll(shownOn.feeds());
        }
        Set<Long> changeIds = recordFeedChanges(tx, feeds, now);
        return new Write(article, current.isEmpty(), true, feeds, shownOn.slugs(), changeIds);
    }

    /** The feeds whose tombstones change when an article that has one moves from {@code before} to its feeds now. */
    private static Set<String> tombstoneMoves(DSLContext tx, String id, Set<String> before) {
        if (!tx.fetchExists(ARTICLE_DELETION, ARTICLE_DELETION.ARTICLE_ID.eq(id))) {
            return Set.of();
        }
        Set<String> after = feedsOf(tx, id);
        Set<String> moved = new LinkedHashSet<>(before);
        moved.addAll(after);
        moved.removeIf(feed -> before.contains(feed) && after.contains(feed));
        return moved;
    }

    private static void tombstone(DSLContext tx, String id, Instant now) {
        tx.deleteFrom(ARTICLE_DELETION).where(ARTICLE_DELETION.ARTICLE_ID.eq(id)).execute();
        tx.insertInto(ARTICLE_DELETION)
                .set(ARTICLE_DELETION.ARTICLE_ID, id)
                .set(ARTICLE_DELETION.DELETED_AT, at(now))
                .execute();
    }

    /** True when an article with this publication date, written now, would wait for it: what scheduled means. */
    public boolean isScheduled(Article article) {
        return article.published().isAfter(now());
    }

    /**
     * Shows the scheduled articles whose time has come, each in a transaction of its own that logs its feeds'
     * changes, as a write would. Every instance calls this; the row lock lets one of them release each article.
     *
     * @return how many articles this call released
     */
    public int releaseDue() {
        List<String> due = dsl.select(ARTICLE.ID).from(ARTICLE)
                .where(ARTICLE.SCHEDULED.isTrue().and(ARTICLE.PUBLISHED_AT.le(at(now()))))
                .orderBy(ARTICLE.SCHEDULED, ARTICLE.PUBLISHED_AT, ARTICLE.ID)
                .limit(RELEASE_BATCH)
                .fetch(ARTICLE.ID);
        int released = 0;
        for (String id : due) {
            Optional<Change> change = dsl.transactionResult(tx -> release(tx.dsl(), id));
            if (change.isPresent()) {
                changes.changed(change.get());
                released++;
            }
        }
        return released;
    }

    private Optional<Change> release(DSLContext tx, String id) {
        ArticleRecord row = tx.selectFrom(ARTICLE).where(ARTICLE.ID.eq(id).and(ARTICLE.SCHEDULED.isTrue()))
                .forUpdate().fetchOne();
        // Dated when it happens, once the row is held, not when the round began: a release waiting on a lock
        // while other writes went through would otherwise log a change older than theirs, after theirs.
        Instant now = now();
        if (row == null || row.getPublishedAt().toInstant().isAfter(now)) {
            return Optional.empty(); // released by another instance, or edited since
        }
        tx.update(ARTICLE).set(ARTICLE.SCHEDULED, false).set(ARTICLE.CHANGED_AT, at(now))
                .set(ARTICLE.REVISION, NEXT_REVISION).where(ARTICLE.ID.eq(id)).execute();
        tx.deleteFrom(ARTICLE_DELETION).where(ARTICLE_DELETION.ARTICLE_ID.eq(id)).execute();
        Set<String> feeds = feedsOf(tx, id);
        ShownOn shownOn = shownOn(tx, id);
        feeds.addAll(shownOn.feeds());
        Set<Long> changeIds = recordFeedChanges(tx, feeds, now);
        return Optional.of(new Change(id, row.getSlug(), feeds, shownOn.slugs(), changeIds));
    }

    /**
     * Every stored article, deleted ones too, in id order after {@code afterId} ({@code null}: from the first):
     * a backup reads them a page at a time.
     */
    public List<StoredArticle> storedAfter(String afterId, int limit) {
        return stored(dsl, afterId == null ? DSL.noCondition() : ARTICLE.ID.gt(afterId), limit);
    }

    private static List<StoredArticle> stored(DSLContext ctx, Condition where, int limit) {
        List<Article> articles = selectArticles(ctx).from(ARTICLE).where(where).orderBy(ARTICLE.ID).limit(limit)
                .fetch(mapping(Article::new));
        Map<String, StoredState> states = ctx.select(ARTICLE.ID, ARTICLE.SCHEDULED, instant(ARTICLE.CREATED_AT),
                        instant(ARTICLE.CHANGED_AT), instant(ARTICLE.DELETED_AT), instant(ARTICLE_DELETION.DELETED_AT))
                .from(ARTICLE).leftJoin(ARTICLE_DELETION).on(ARTICLE_DELETION.ARTICLE_ID.eq(ARTICLE.ID))
                .where(ARTICLE.ID.in(articles.stream().map(Article::id).toList()))
                .fetchMap(ARTICLE.ID, r -> new StoredState(r.value2(), r.value3(), r.value4(), r.value5(), r.value6()));
        return articles.stream().map(a -> states.get(a.id()).of(a)).toList();
    }

    private record StoredState(boolean scheduled, Instant created, Instant changed, Instant deleted,
                               Instant tombstone) {

        StoredArticle of(Article article) {
            return new StoredArticle(article, scheduled, created, changed, deleted, tombstone);
        }
    }

    /** When each feed last changed, by the change log: what a backup keeps so a restore dates feeds alike. */
    public Map<String, Instant> feedChangeTimes() {
        Map<String, Instant> times = new LinkedHashMap<>();
        dsl.select(FEED_CHANGE.SECTION, DSL.max(FEED_CHANGE.CHANGED_AT)).from(FEED_CHANGE)
                .groupBy(FEED_CHANGE.SECTION).orderBy(DSL.max(FEED_CHANGE.CHANGED_AT), FEED_CHANGE.SECTION)
                .forEach(r -> times.put(r.value1(), r.value2().toInstant()));
        return times;
    }

    /** What a restore found under the article's id: nothing, something else, or exactly the backed-up article. */
    public enum Restored { CREATED, REPLACED, UNCHANGED }

    /** Writes a backed-up article back exactly as it was (slug, dates, deletion), replacing what the id holds. */
    public Restored restore(StoredArticle stored) {
        return dsl.transactionResult(tx -> {
            Article a = stored.article();
            List<StoredArticle> current = stored(tx.dsl(), ARTICLE.ID.eq(a.id()), 1);
            if (current.equals(List.of(stored))) {
                return Restored.UNCHANGED;
            }
            tx.dsl().deleteFrom(ARTICLE).where(ARTICLE.ID.eq(a.id())).execute();
            tx.dsl().insertInto(ARTICLE).set(columns(a)).set(ARTICLE.SCHEDULED, stored.scheduled())
                    .set(ARTICLE.CREATED_AT, at(stored.created())).set(ARTICLE.CHANGED_AT, at(stored.changed()))
                    .set(ARTICLE.DELETED_AT, stored.deleted() == null ? null : at(stored.deleted()))
                    .set(ARTICLE.REVISION, NEXT_REVISION)
                    .execute();
            insertParts(tx.dsl(), a);
            // The tombstone as it was, not one for every deletion: an article deleted before its time never showed.
            if (stored.tombstone() != null) {
                tombstone(tx.dsl(), a.id(), stored.tombstone());
            }
            return current.isEmpty() ? Restored.CREATED : Restored.REPLACED;
        });
    }

    /** Logs that these feeds last changed at these times, oldest first, each to be told to WebSub subscribers once. */
    public void restoreFeedChanges(Map<String, Instant> times) {
        dsl.transaction(tx -> times.entrySet().stream().sorted(Map.Entry.comparingByValue())
                .forEach(e -> logFeedChanges(tx.dsl(), Set.of(e.getKey()), e.getValue(), false)));
    }

    /**
     * The articles waiting for their publication date, soonest first: of those, the ones whose every section is
     * {@code within} (every one when it is empty), as a token limited to those sections may read them.
     */
    public List<Article> scheduled(Set<String> within, int limit) {
        Condition outside = within.isEmpty() ? DSL.falseCondition() : DSL.exists(DSL.selectOne().from(ARTICLE_SECTION)
                .where(ARTICLE_SECTION.ARTICLE_ID.eq(ARTICLE.ID).and(ARTICLE_SECTION.SECTION.notIn(within))));
        return selectArticles(dsl).from(ARTICLE).where(ARTICLE.SCHEDULED.isTrue().and(stored()).andNot(outside))
                .orderBy(ARTICLE.SCHEDULED, ARTICLE.PUBLISHED_AT, ARTICLE.ID)
                .limit(limit)
                .fetch(mapping(Article::new));
    }

    private static Map<Field<?>, Object> columns(Article a) {
        Map<Field<?>, Object> values = new LinkedHashMap<>();
        values.put(ARTICLE.ID, a.id());
        values.put(ARTICLE.SLUG, a.slug());
        values.put(ARTICLE.TITLE, a.title());
        values.put(ARTICLE.SUMMARY, a.summary());
        values.put(ARTICLE.BODY, a.body());
        values.put(ARTICLE.AUTHOR, a.author());
        values.put(ARTICLE.AUTHOR_SLUG, a.authorSlug().orElse(null));
        values.put(ARTICLE.SOURCE, a.source());
        values.put(ARTICLE.URL, a.url());
        values.put(ARTICLE.LANGUAGE, a.language());
        values.put(ARTICLE.PUBLISHED_AT, at(a.published()));
        values.put(ARTICLE.UPDATED_AT, at(a.updated()));
        return values;
    }

    private static void insertParts(DSLContext tx, Article a) {
        insertWords(tx, a);
        for (int i = 0; i < a.sections().size(); i++) {
            tx.insertInto(ARTICLE_SECTION)
                    .set(ARTICLE_SECTION.ARTICLE_ID, a.id())
                    .set(ARTICLE_SECTION.SECTION, a.sections().get(i))
                    .set(ARTICLE_SECTION.POSITION, i)
                    .set(ARTICLE_SECTION.PUBLISHED_AT, at(a.published()))
                    .execute();
        }
        for (int i = 0; i < a.tags().size(); i++) {
            tx.insertInto(ARTICLE_TAG)
                    .set(ARTICLE_TAG.ARTICLE_ID, a.id())
                    .set(ARTICLE_TAG.TAG, a.tags().get(i).slug())
                    .set(ARTICLE_TAG.LABEL, a.tags().get(i).label())
                    .set(ARTICLE_TAG.POSITION, i)
                    .set(ARTICLE_TAG.PUBLISHED_AT, at(a.published()))
                    .execute();
        }
        for (int i = 0; i < a.images().size(); i++) {
            Image image = a.images().get(i);
            tx.insertInto(ARTICLE_IMAGE)
                    .set(ARTICLE_IMAGE.ARTICLE_ID, a.id())
                    .set(ARTICLE_IMAGE.POSITION, i)
                    .set(ARTICLE_IMAGE.URL, image.url())
                    .set(ARTICLE_IMAGE.CAPTION, image.caption())
                    .set(ARTICLE_IMAGE.ALT, image.alt())
                    .set(ARTICLE_IMAGE.CREDIT, image.credit())
                    .set(ARTICLE_IMAGE.WIDTH, image.width())
                    .set(ARTICLE_IMAGE.HEIGHT, image.height())
                    .set(ARTICLE_IMAGE.MEDIA_TYPE, image.type())
                    .execute();
        }
        for (int i = 0; i < a.related().size(); i++) {
            tx.insertInto(ARTICLE_RELATED)
                    .set(ARTICLE_RELATED.ARTICLE_ID, a.id())
                    .set(ARTICLE_RELATED.POSITION, i)
                    .set(ARTICLE_RELATED.RELATED_ID, a.related().get(i))
                    .execute();
        }
    }

    private static String freeSlug(DSLContext tx, String base) {
        for (int n = 1; ; n++) {
            String candidate = Slugs.numbered(base, n);
            if (!tx.fetchExists(ARTICLE, ARTICLE.SLUG.eq(candidate))) {
                return candidate;
            }
        }
    }

    /** Marks the article deleted; empty when there was no live article with the id. */
    public Optional<Change> delete(String id) {
        return delete(id, WriteCheck.ANY);
    }

    /** The same, if {@code check} passes on the live article once locked; else {@link SectionsRefused} or {@link PreconditionFailed}. */
    public Optional<Change> delete(String id, WriteCheck check) {
        Optional<Change> change = dsl.transactionResult(tx -> {
            Instant now = now();
            ArticleRecord row = tx.dsl().selectFrom(ARTICLE).where(ARTICLE.ID.eq(id).and(ARTICLE.DELETED_AT.isNull()))
                    .forUpdate().fetchOne();
            if (row == null) {
                return Optional.empty();
            }
            Set<String> sections = storedSections(tx.dsl(), id);
            if (!check.sections().test(sections)) {
                throw new SectionsRefused(sections);
            }
            if (!check.version().test(find(tx.dsl(), id))) {
                throw new PreconditionFailed("Article \"" + id + "\" is not the version the request expected.");
            }
            if (row.getScheduled()) {
                // Never shown (or already withdrawn, its tombstone standing): no feed changes.
                tx.dsl().update(ARTICLE).set(ARTICLE.DELETED_AT, at(now)).set(ARTICLE.SCHEDULED, false)
                        .set(ARTICLE.CHANGED_AT, at(now)).set(ARTICLE.REVISION, NEXT_REVISION)
                        .where(ARTICLE.ID.eq(id)).execute();
                return Optional.of(new Change(id, row.getSlug(), Set.of(), Set.of(), Set.of()));
            }
            tx.dsl().update(ARTICLE)
                    .set(ARTICLE.DELETED_AT, at(now))
                    .set(ARTICLE.CHANGED_AT, at(now))
                    .set(ARTICLE.REVISION, NEXT_REVISION)
                    .where(ARTICLE.ID.eq(id))
                    .execute();
            tombstone(tx.dsl(), id, now);
            ShownOn shownOn = shownOn(tx.dsl(), id);
            Set<String> feeds = feedsOf(tx.dsl(), id);
            feeds.addAll(shownOn.feeds());
            Set<Long> changeIds = recordFeedChanges(tx.dsl(), feeds, now);
            return Optional.of(new Change(id, row.getSlug(), feeds, shownOn.slugs(), changeIds));
        });
        change.ifPresent(changes::changed);
        return change;
    }

    /** The sections the stored article, live or deleted, is in. */
    private static Set<String> storedSections(DSLContext tx, String id) {
        return new LinkedHashSet<>(tx.select(ARTICLE_SECTION.SECTION).from(ARTICLE_SECTION)
                .where(ARTICLE_SECTION.ARTICLE_ID.eq(id)).orderBy(ARTICLE_SECTION.POSITION)
                .fetch(ARTICLE_SECTION.SECTION));
    }

    /**
     * The live articles that name this one as related: their pages show its title, lead image and link, and their
     * feeds' Atom entries its link (which changes only when the article appears, goes, or moves to another URL).
     */
    private record ShownOn(Set<String> slugs, Set<String> feeds) {}

    private static ShownOn shownOn(DSLContext tx, String id) {
        Map<String, String> slugsById = tx.select(ARTICLE.ID, ARTICLE.SLUG).from(ARTICLE_RELATED)
                .join(ARTICLE).on(ARTICLE.ID.eq(ARTICLE_RELATED.ARTICLE_ID))
                .where(ARTICLE_RELATED.RELATED_ID.eq(id).and(live()))
                .fetchMap(ARTICLE.ID, ARTICLE.SLUG);
        return new ShownOn(new LinkedHashSet<>(slugsById.values()), feedsOf(tx, slugsById.keySet()));
    }

    /**
     * The feeds that hold these articles as they are stored, live or deleted (a deleted article's feeds still
     * announce its deletion): their sections', their authors' and their tags', by name ({@link FeedName}). What a
     * write of an article changes, before and after it, and what it changes of the articles that link to it.
     */
    private static Set<String> feedsOf(DSLContext tx, Collection<String> articleIds) {
        if (articleIds.isEmpty()) {
            return new LinkedHashSet<>();
        }
        return new LinkedHashSet<>(tx.select(ARTICLE_SECTION.SECTION).from(ARTICLE_SECTION)
                .where(ARTICLE_SECTION.ARTICLE_ID.in(articleIds))
                .unionAll(select(feedName(FeedName.Kind.AUTHOR, ARTICLE.AUTHOR_SLUG)).from(ARTICLE)
                        .where(ARTICLE.ID.in(articleIds).and(ARTICLE.AUTHOR_SLUG.isNotNull())))
                .unionAll(select(feedName(FeedName.Kind.TAG, ARTICLE_TAG.TAG)).from(ARTICLE_TAG)
                        .where(ARTICLE_TAG.ARTICLE_ID.in(articleIds)))
                .fetch(0, String.class));
    }

    private static Set<String> feedsOf(DSLContext tx, String articleId) {
        return feedsOf(tx, List.of(articleId));
    }

    private static Field<String> feedName(FeedName.Kind kind, Field<String> slug) {
        return DSL.inline(kind.prefix()).concat(slug);
    }

    /** Logs a change of each feed (by name), in the write's own transaction; returns the log entries' ids. */
    private Set<Long> recordFeedChanges(DSLContext tx, Set<String> sections, Instant now) {
        return logFeedChanges(tx, sections, now, !notifyEachWrite);
    }

    private static Set<Long> logFeedChanges(DSLContext tx, Set<String> sections, Instant at, boolean notified) {
        Set<Long> ids = new HashSet<>();
        for (String section : sections) {
            ids.add(tx.insertInto(FEED_CHANGE)
                    .set(FEED_CHANGE.SECTION, section)
                    .set(FEED_CHANGE.CHANGED_AT, at(at))
                    .set(FEED_CHANGE.NOTIFIED, notified)
                    .returningResult(FEED_CHANGE.ID)
                    .fetchOne(Record1::value1));
        }
        return ids;
    }

    /** Tells the WebSub hub, once per feed, that these feeds changed: the end of a bulk load. */
    public void notifyChanged(Set<String> sections) {
        Instant now = now();
        dsl.transaction(tx -> logFeedChanges(tx.dsl(), sections, now, false));
    }

    /** When a write last changed any of these feeds, by name (any feed when {@code sections} is empty). */
    public Optional<Instant> lastChange(Set<String> sections) {
        if (sections.isEmpty()) {
            // The latest time in the log, as for one feed, not its newest entry: writes commit in any order, so the
            // highest id may carry an older time (and a backup keeps each feed's latest time, not the log's order).
            return Optional.ofNullable(dsl.select(DSL.max(FEED_CHANGE.CHANGED_AT)).from(FEED_CHANGE)
                    .fetchOne(0, OffsetDateTime.class)).map(OffsetDateTime::toInstant);
        }
        // One direction for every column, so the (section, changed_at) index answers without a sort.
        return dsl.select(FEED_CHANGE.CHANGED_AT).from(FEED_CHANGE).where(FEED_CHANGE.SECTION.in(sections))
                .orderBy(FEED_CHANGE.SECTION.desc(), FEED_CHANGE.CHANGED_AT.desc()).limit(1)
                .fetchOptional(FEED_CHANGE.CHANGED_AT).map(OffsetDateTime::toInstant);
    }

    /**
     * Gives the articles stored before authors had feeds their author's slug, which only Java computes; returns how
     * many it gave one. Authors whose name has no letter or digit have none, and are looked at again each time.
     */
    public int fillAuthorSlugs() {
        int filled = 0;
        for (Record2<String, String> r : dsl.select(ARTICLE.ID, ARTICLE.AUTHOR).from(ARTICLE)
                .where(ARTICLE.AUTHOR.isNotNull().and(ARTICLE.AUTHOR_SLUG.isNull())).fetch()) {
            Optional<String> slug = Slugs.ofName(r.value2());
            if (slug.isPresent()) {
                // Only if no write changed the author meanwhile: that write set the slug itself.
                filled += dsl.update(ARTICLE).set(ARTICLE.AUTHOR_SLUG, slug.get())
                        .where(ARTICLE.ID.eq(r.value1()).and(ARTICLE.AUTHOR.eq(r.value2()))).execute();
            }
        }
        return filled;
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

    /** The revision of each article written after {@code revision}, oldest write first, at most {@code limit}. */
    public Map<String, Long> revisedAfter(long revision, int limit) {
        return dsl.select(ARTICLE.ID, ARTICLE.REVISION).from(ARTICLE).where(ARTICLE.REVISION.gt(revision))
                .orderBy(ARTICLE.REVISION).limit(limit).fetchMap(ARTICLE.ID, ARTICLE.REVISION);
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
        return dsl.select(ARTICLE.ID, ARTICLE.REVISION, PUBLISHED, DSL.coalesce(words, "")).from(ARTICLE)
                .leftJoin(ARTICLE_WORDS).on(ARTICLE_WORDS.ARTICLE_ID.eq(ARTICLE.ID))
                .where(which).orderBy(ARTICLE.REVISION).limit(limit)
                .fetch(mapping(Searchable::new));
    }

    /**
     * Words anew the articles stored before search existed, or whose words an older rule made
     * ({@link ArticleWords#RULE}), and gives each the next revision, so that every instance's index reads them
     * again; returns how many. Each in a transaction of its own, like a write, so a large archive is not held in one.
     */
    public int fillWords() {
        Condition stale = ARTICLE_WORDS.ARTICLE_ID.isNull().or(ARTICLE_WORDS.RULE_VERSION.lt(ArticleWords.RULE));
        int filled = 0;
        List<String> missing;
        do {
            missing = dsl.select(ARTICLE.ID).from(ARTICLE).leftJoin(ARTICLE_WORDS).on(ARTICLE_WORDS.ARTICLE_ID.eq(ARTICLE.ID))
                    .where(stale).limit(RELEASE_BATCH).fetch(ARTICLE.ID);
            for (String id : missing) {
                filled += dsl.transactionResult(tx -> {
                    // Locked as a write locks it, so that a write meanwhile is either seen here or waits.
                    tx.dsl().select(ARTICLE.ID).from(ARTICLE).where(ARTICLE.ID.eq(id)).forUpdate().fetch();
                    Optional<Article> article = selectArticles(tx.dsl()).from(ARTICLE).where(ARTICLE.ID.eq(id))
                            .fetchOptional(mapping(Article::new));
                    if (article.isEmpty() || !tx.dsl().fetchExists(tx.dsl().selectOne().from(ARTICLE)
                            .leftJoin(ARTICLE_WORDS).on(ARTICLE_WORDS.ARTICLE_ID.eq(ARTICLE.ID))
                            .where(ARTICLE.ID.eq(id)).and(stale))) {
                        return 0; // written meanwhile, words and all
                    }
                    tx.dsl().deleteFrom(ARTICLE_WORDS).where(ARTICLE_WORDS.ARTICLE_ID.eq(id)).execute();
                    insertWords(tx.dsl(), article.get());
                    tx.dsl().update(ARTICLE).set(ARTICLE.REVISION, NEXT_REVISION).where(ARTICLE.ID.eq(id)).execute();
                    return 1;
                });
            }
        } while (!missing.isEmpty());
        return filled;
    }

    private static void insertWords(DSLContext tx, Article a) {
        tx.insertInto(ARTICLE_WORDS).set(ARTICLE_WORDS.ARTICLE_ID, a.id()).set(ARTICLE_WORDS.WORDS, ArticleWords.of(a))
                .set(ARTICLE_WORDS.RULE_VERSION, ArticleWords.RULE).execute();
    }

    /** The live articles among these ids, in the order given. */
    public List<Article> liveIn(List<String> ids) {
        Map<String, Article> byId = new HashMap<>();
        selectArticles(dsl).from(ARTICLE).where(ARTICLE.ID.in(ids).and(live()))
                .forEach(r -> byId.put(r.value1(), mapping(Article::new).apply(r)));
        return ids.stream().map(byId::get).filter(Objects::nonNull).toList();
    }

    /** True before the first article is ever stored. */
    public boolean isEmpty() {
        return !dsl.fetchExists(ARTICLE);
    }

    public Optional<Article> find(String id) {
        return find(dsl, id);
    }

    /**
     * True when an article with this id was shown, then deleted (and not put again since). One deleted before its
     * publication date was never public, so it is as unknown as an id never used.
     */
    public boolean wasDeleted(String id) {
        return dsl.fetchExists(selectOne().from(ARTICLE)
                .join(ARTICLE_DELETION).on(ARTICLE_DELETION.ARTICLE_ID.eq(ARTICLE.ID))
                .where(ARTICLE.ID.eq(id).and(ARTICLE.DELETED_AT.isNotNull())));
    }

    public Optional<Article> findBySlug(String slug) {
        return selectArticles(dsl).from(ARTICLE).where(ARTICLE.SLUG.eq(slug).and(live()))
                .fetchOptional(mapping(Article::new));
    }

    /** The newest live articles of a feed ({@code null}: of every section), newest first. */
    public List<Article> latestIn(FeedName feed, int limit) {
        return published(feed, null, null, 0, limit);
    }

    /**
     * Live articles of a feed ({@code null}: of every section) published in [{@code from}, {@code to}) (a
     * {@code null} bound is open), newest first, skipping {@code offset}.
     */
    public List<Article> published(FeedName feed, Instant from, Instant to, int offset, int limit) {
        Shelf shelf = Shelf.of(feed);
        return selectArticles(dsl).from(shelf.from())
                .where(shelf.holds().and(live()))
                .and(range(shelf.at(), from, to))
                .orderBy(shelf.order(true))
                .limit(limit).offset(offset)
                .fetch(mapping(Article::new));
    }

    /** When the newest live article of a feed ({@code null}: any) published before {@code before} was published. */
    public Optional<Instant> newestPublishedBefore(FeedName feed, Instant before) {
        return firstPublished(feed, null, before, true);
    }

    /** When the oldest live article of a feed ({@code null}: any) published at or after {@code from} was published. */
    public Optional<Instant> oldestPublishedFrom(FeedName feed, Instant from) {
        return firstPublished(feed, from, null, false);
    }

    private Optional<Instant> firstPublished(FeedName feed, Instant from, Instant to, boolean newest) {
        Shelf shelf = Shelf.of(feed);
        return dsl.select(shelf.at()).from(shelf.from())
                .where(shelf.holds().and(live())).and(range(shelf.at(), from, to))
                .orderBy(shelf.order(newest)).limit(1)
                .fetchOptional(shelf.at()).map(OffsetDateTime::toInstant);
    }

    /**
     * What an author's or a tag's feed is called: the author's name or the tag's label as the newest live article of
     * the feed writes it. Empty when no live article is in the feed, which then does not exist.
     */
    public Optional<String> nameOf(FeedName feed) {
        Field<String> name = switch (feed.kind()) {
            case AUTHOR -> ARTICLE.AUTHOR;
            case TAG -> ARTICLE_TAG.LABEL;
            case SECTION -> throw new IllegalArgumentException("A section's name is the config's: " + feed.name());
        };
        Shelf shelf = Shelf.of(feed);
        return dsl.select(name).from(shelf.from()).where(shelf.holds().and(live()))
                .orderBy(shelf.order(true)).limit(1).fetchOptional(name);
    }

    private static Condition range(Field<OffsetDateTime> at, Instant from, Instant to) {
        Condition range = DSL.noCondition();
        if (from != null) {
            range = range.and(at.ge(at(from)));
        }
        if (to != null) {
            range = range.and(at.lt(at(to)));
        }
        return range;
    }

    /**
     * Where a feed's articles are read from, newest first along one index of (key, published_at, article id):
     * article_section or article_tag joined to article, article by its author's slug, or article alone for every
     * section together. Ordering by the filtered key too, all columns in one direction, lets H2 read the index
     * backwards instead of sorting the whole feed.
     *
     * @param key the filtered column: for every article, the scheduled flag that {@link #live()} filters on
     */
    private record Shelf(Table<?> from, Condition holds, Field<?> key, Field<OffsetDateTime> at, Field<String> id) {

        static Shelf of(FeedName feed) {
            if (feed == null) {
                return new Shelf(ARTICLE, DSL.noCondition(), ARTICLE.SCHEDULED, ARTICLE.PUBLISHED_AT, ARTICLE.ID);
            }
            return switch (feed.kind()) {
                case SECTION -> new Shelf(ARTICLE_SECTION.join(ARTICLE).on(ARTICLE.ID.eq(ARTICLE_SECTION.ARTICLE_ID)),
                        ARTICLE_SECTION.SECTION.eq(feed.slug()), ARTICLE_SECTION.SECTION, ARTICLE_SECTION.PUBLISHED_AT,
                        ARTICLE_SECTION.ARTICLE_ID);
                case TAG -> new Shelf(ARTICLE_TAG.join(ARTICLE).on(ARTICLE.ID.eq(ARTICLE_TAG.ARTICLE_ID)),
                        ARTICLE_TAG.TAG.eq(feed.slug()), ARTICLE_TAG.TAG, ARTICLE_TAG.PUBLISHED_AT, ARTICLE_TAG.ARTICLE_ID);
                case AUTHOR -> new Shelf(ARTICLE, ARTICLE.AUTHOR_SLUG.eq(feed.slug()), ARTICLE.AUTHOR_SLUG,
                        ARTICLE.PUBLISHED_AT, ARTICLE.ID);
            };
        }

        List<SortField<?>> order(boolean newest) {
            List<SortField<?>> order = new ArrayList<>();
            for (Field<?> column : List.of(key, at, id)) {
                order.add(newest ? column.desc() : column.asc());
            }
            return order;
        }
    }

    /**
     * Articles deleted at or after {@code since} that were in the feed ({@code null}: in any section), newest
     * deletion first.
     */
    public List<Tombstone> deletedSince(FeedName feed, Instant since, int limit) {
        Shelf shelf = Shelf.of(feed);
        Condition in = feed == null ? DSL.noCondition() : DSL.exists(selectOne().from(shelf.from())
                .where(shelf.id().eq(ARTICLE_DELETION.ARTICLE_ID).and(shelf.holds())));
        // Recent deletions come straight from their own index; only those are checked for the feed.
        return dsl.select(ARTICLE_DELETION.ARTICLE_ID, ARTICLE_DELETION.DELETED_AT).from(ARTICLE_DELETION)
                .where(ARTICLE_DELETION.DELETED_AT.ge(at(since)).and(in))
                .orderBy(ARTICLE_DELETION.DELETED_AT.desc(), ARTICLE_DELETION.ARTICLE_ID.desc())
                .limit(limit)
                .fetch(r -> new Tombstone(r.value1(), r.value2().toInstant()));
    }

    /**
     * The live articles that each of these articles names as related, in the order it names them; ids that name
     * no live article are left out. One query, however many articles are asked about.
     */
    public Map<String, List<Related>> related(Collection<String> articleIds) {
        if (articleIds.isEmpty()) {
            return Map.of();
        }
        return dsl.select(ARTICLE_RELATED.ARTICLE_ID,
                        row(ARTICLE.ID, ARTICLE.SLUG, ARTICLE.TITLE, ARTICLE.URL, LEAD_IMAGE).mapping(Related::new))
                .from(ARTICLE_RELATED)
                .join(ARTICLE).on(ARTICLE.ID.eq(ARTICLE_RELATED.RELATED_ID))
                .leftJoin(LEAD).on(LEAD.ARTICLE_ID.eq(ARTICLE.ID).and(LEAD.POSITION.eq(0)))
                .where(ARTICLE_RELATED.ARTICLE_ID.in(articleIds).and(live()))
                .orderBy(ARTICLE_RELATED.ARTICLE_ID, ARTICLE_RELATED.POSITION)
                .fetchGroups(Record2::value1, Record2::value2);
    }

    /**
     * When what readers saw of the articles this one names as related last changed: a shown one's last write, or
     * when one left the feeds (its tombstone). What its page shows of them changed then at the latest. Writes
     * readers never saw (of an article waiting for its date, or deleted before it) leave it alone.
     */
    public Optional<Instant> relatedChanged(String articleId) {
        Field<OffsetDateTime> seen = DSL.when(live(), ARTICLE.CHANGED_AT).otherwise(ARTICLE_DELETION.DELETED_AT);
        return Optional.ofNullable(dsl.select(DSL.max(seen)).from(ARTICLE_RELATED)
                        .join(ARTICLE).on(ARTICLE.ID.eq(ARTICLE_RELATED.RELATED_ID))
                        .leftJoin(ARTICLE_DELETION).on(ARTICLE_DELETION.ARTICLE_ID.eq(ARTICLE.ID))
                        .where(ARTICLE_RELATED.ARTICLE_ID.eq(articleId))
                        .fetchOne(0, OffsetDateTime.class))
                .map(OffsetDateTime::toInstant);
    }

    /** The newest live articles of every section together, newest first. */
    public List<Article> latest(int limit) {
        return published(null, null, null, 0, limit);
    }


    /** The stored article, scheduled or shown: what editors see. */
    private static Optional<Article> find(DSLContext ctx, String id) {
        return selectArticles(ctx).from(ARTICLE).where(ARTICLE.ID.eq(id).and(stored()))
                .fetchOptional(mapping(Article::new));
    }

    /** Not deleted: editors see it, scheduled or not. */
    private static Condition stored() {
        return ARTICLE.DELETED_AT.isNull();
    }

    /** What readers may see: stored and not waiting for its publication date. */
    private static Condition live() {
        return stored().and(ARTICLE.SCHEDULED.isFalse());
    }

    private static final Field<List<String>> SECTIONS = multiset(
            select(ARTICLE_SECTION.SECTION).from(ARTICLE_SECTION)
                    .where(ARTICLE_SECTION.ARTICLE_ID.eq(ARTICLE.ID)).orderBy(ARTICLE_SECTION.POSITION))
            .convertFrom(r -> r.map(Record1::value1))
            .as("sections");

    private static final Field<List<Tag>> TAGS = multiset(
            select(ARTICLE_TAG.TAG, ARTICLE_TAG.LABEL).from(ARTICLE_TAG)
                    .where(ARTICLE_TAG.ARTICLE_ID.eq(ARTICLE.ID)).orderBy(ARTICLE_TAG.POSITION))
            .convertFrom(r -> r.map(mapping(Tag::new)))
            .as("tags");

    private static final Field<List<Image>> IMAGES = multiset(
            select(ARTICLE_IMAGE.URL, ARTICLE_IMAGE.CAPTION, ARTICLE_IMAGE.ALT, ARTICLE_IMAGE.CREDIT,
                    ARTICLE_IMAGE.WIDTH, ARTICLE_IMAGE.HEIGHT, ARTICLE_IMAGE.MEDIA_TYPE)
                    .from(ARTICLE_IMAGE).where(ARTICLE_IMAGE.ARTICLE_ID.eq(ARTICLE.ID)).orderBy(ARTICLE_IMAGE.POSITION))
            .convertFrom(r -> r.map(mapping(Image::new)))
            .as("images");

    private static final Field<List<String>> RELATED = multiset(
            select(ARTICLE_RELATED.RELATED_ID).from(ARTICLE_RELATED)
                    .where(ARTICLE_RELATED.ARTICLE_ID.eq(ARTICLE.ID)).orderBy(ARTICLE_RELATED.POSITION))
            .convertFrom(r -> r.map(Record1::value1))
            .as("related");

    private static final ArticleImage LEAD = ARTICLE_IMAGE.as("lead");

    /** Each write of an article takes the next revision: what a search index follows (see {@link #revisedAfter}). */
    private static final Field<Long> NEXT_REVISION = Sequences.ARTICLE_REVISION.nextval();

    /** The lead image, joined to its article: null when there is none (jOOQ would make an image of nulls). */
    private static final SelectField<Image> LEAD_IMAGE = row(LEAD.URL, LEAD.CAPTION, LEAD.ALT, LEAD.CREDIT,
            LEAD.WIDTH, LEAD.HEIGHT, LEAD.MEDIA_TYPE)
            .convertFrom(r -> r.value1() == null ? null : mapping(Image::new).map(r));

    private static final Field<Instant> PUBLISHED = instant(ARTICLE.PUBLISHED_AT);
    private static final Field<Instant> UPDATED = instant(ARTICLE.UPDATED_AT);

    /** Every column of an article, its sections, tags, images and related links in one query, in Article's order. */
    private static SelectSelectStep<Record15<String, String, String, String, String, String, String, String, String,
            Instant, Instant, List<String>, List<Tag>, List<Image>, List<String>>> selectArticles(DSLContext ctx) {
        return ctx.select(ARTICLE.ID, ARTICLE.SLUG, ARTICLE.TITLE, ARTICLE.SUMMARY, ARTICLE.BODY, ARTICLE.AUTHOR,
                ARTICLE.SOURCE, ARTICLE.URL, ARTICLE.LANGUAGE, PUBLISHED, UPDATED, SECTIONS, TAGS, IMAGES, RELATED);
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.SECONDS);
    }

    private static Field<Instant> instant(Field<OffsetDateTime> column) {
        return column.convertFrom(at -> at == null ? null : at.toInstant());
    }

    private static OffsetDateTime at(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
