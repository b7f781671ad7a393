package io.loa.article;

import static io.loa.article.ArticleRows.*;
import static io.loa.db.schema.Tables.ARTICLE;
import static io.loa.db.schema.Tables.ARTICLE_DELETION;
import static io.loa.db.schema.Tables.ARTICLE_IMAGE;
import static io.loa.db.schema.Tables.ARTICLE_RELATED;
import static io.loa.db.schema.Tables.ARTICLE_SECTION;
import static io.loa.db.schema.Tables.ARTICLE_TAG;
import static io.loa.db.schema.Tables.ARTICLE_WORDS;
import static org.jooq.impl.DSL.row;

import io.loa.db.schema.tables.records.ArticleRecord;
import io.loa.fault.PreconditionFailed;
import io.loa.stream.ChangeKind;
import io.loa.stream.FeedChanges;
import io.loa.stream.Outbox;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jooq.DSLContext;
import org.jooq.exception.DataAccessException;
import org.jooq.exception.SQLStateClass;

/**
 * Writes of one article each: put, delete, scheduled release. One transaction per write (the article with its
 * sections, tags, images and related links, or nothing), which logs the feeds it changed; every committed change
 * is announced to {@link ArticleChanges}.
 */
public final class ArticleWrites {

    private static final int WRITE_ATTEMPTS = 5;
    private static final int RELEASE_BATCH = 100;

    private final DSLContext dsl;
    private final Clock clock;
    private final ArticleChanges changes;
    /** Whether the cluster's consumers (WebSub) hear of each write, or only of the end of a bulk load. */
    private final boolean announceEachWrite;

    /** @param changes told of each committed write, before it is acknowledged */
    public ArticleWrites(DSLContext dsl, Clock clock, ArticleChanges changes) {
        this(dsl, clock, changes, true);
    }

    private ArticleWrites(DSLContext dsl, Clock clock, ArticleChanges changes, boolean announceEachWrite) {
        this.dsl = dsl;
        this.clock = clock;
        this.changes = changes;
        this.announceEachWrite = announceEachWrite;
    }

    /**
     * Writes for a bulk load beside the server: every instance follows them as usual, but WebSub subscribers hear
     * of them only through {@link FeedChanges#announce}, once per feed, instead of once per article.
     */
    public static ArticleWrites forBulkLoad(DSLContext dsl, Clock clock) {
        return new ArticleWrites(dsl, clock, change -> {}, false);
    }

    /**
     * What a put did: {@code created} when no live article had the id, {@code changed} unless it was a no-op.
     *
     * @param sections the feeds it changed, by name ({@link FeedName}): sections', authors', tags'
     * @param shownOn the slugs of the live articles whose pages show this one among their related articles
     */
    public record Write(Article article, boolean created, boolean changed, Set<String> sections, Set<String> shownOn) {}

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
                    changes.changed(new Change(
                            write.article().id(), write.article().slug(), write.sections(), write.shownOn()));
                }
                return write;
            } catch (DataAccessException e) {
                // Two editors creating one id, or taking one slug, at the same moment: the loser tries again.
                if (attempt == WRITE_ATTEMPTS
                        || e.sqlStateClass() != SQLStateClass.C23_INTEGRITY_CONSTRAINT_VIOLATION) {
                    throw e;
                }
            }
        }
    }

    private Write put(DSLContext tx, Article draft, WriteCheck check) {
        Instant now = now();
        ArticleRecord row = tx.selectFrom(ARTICLE)
                .where(ARTICLE.ID.eq(draft.id()))
                .forUpdate()
                .fetchOne();
        Optional<Article> current = row == null || row.getDeletedAt() != null ? Optional.empty() : find(tx, draft.id());
        boolean shownBefore = current.isPresent() && !row.getScheduled();
        boolean scheduled = draft.published().isAfter(now);
        // A deleted article's sections count too: putting it again erases their tombstone.
        Set<String> touched = new LinkedHashSet<>(draft.sections());
        // Without a row there are no parts: they go with the article (foreign keys), so a new one reads none.
        if (row != null) {
            touched.addAll(storedSections(tx, draft.id()));
        }
        if (!check.sections().test(touched)) {
            throw new SectionsRefused(touched);
        }
        if (!check.version().test(current)) {
            throw new PreconditionFailed(
                    current.isEmpty()
                            ? "There is no article \"" + draft.id() + "\" to replace."
                            : "Article \"" + draft.id() + "\" is not the version the request expected.");
        }
        String slug = row != null ? row.getSlug() : freeSlug(tx, Slugs.of(draft.title()));
        Instant updated = draft.updated() != null
                ? draft.updated()
                : current.map(Article::updated).orElse(draft.published());
        Article article = draft.with(slug, updated);
        if (current.isPresent() && current.get().equals(article)) {
            return new Write(article, false, false, Set.of(), Set.of());
        }
        if (current.isPresent() && draft.updated() == null) {
            Instant edited = now.isAfter(draft.published()) ? now : draft.published();
            article = draft.with(slug, edited);
        }
        // The feeds it was in change as much as those it goes to: read before the write replaces what is stored.
        Set<String> feeds = row != null ? feedsOf(tx, article.id()) : new LinkedHashSet<>();
        if (row == null) {
            tx.insertInto(ARTICLE)
                    .set(columns(article))
                    .set(ARTICLE.SCHEDULED, scheduled)
                    .set(ARTICLE.CREATED_AT, at(now))
                    .set(ARTICLE.CHANGED_AT, at(now))
                    .set(ARTICLE.REVISION, NEXT_REVISION)
                    .execute();
        } else {
            tx.update(ARTICLE)
                    .set(columns(article))
                    .set(ARTICLE.SCHEDULED, scheduled)
                    .setNull(ARTICLE.DELETED_AT)
                    .set(ARTICLE.CHANGED_AT, at(now))
                    .set(ARTICLE.REVISION, NEXT_REVISION)
                    .where(ARTICLE.ID.eq(article.id()))
                    .execute();
            if (!scheduled) {
                // Shown again: its tombstone goes. A scheduled article keeps it until its release.
                tx.deleteFrom(ARTICLE_DELETION)
                        .where(ARTICLE_DELETION.ARTICLE_ID.eq(article.id()))
                        .execute();
            }
            tx.deleteFrom(ARTICLE_SECTION)
                    .where(ARTICLE_SECTION.ARTICLE_ID.eq(article.id()))
                    .execute();
            tx.deleteFrom(ARTICLE_TAG)
                    .where(ARTICLE_TAG.ARTICLE_ID.eq(article.id()))
                    .execute();
            tx.deleteFrom(ARTICLE_IMAGE)
                    .where(ARTICLE_IMAGE.ARTICLE_ID.eq(article.id()))
                    .execute();
            tx.deleteFrom(ARTICLE_RELATED)
                    .where(ARTICLE_RELATED.ARTICLE_ID.eq(article.id()))
                    .execute();
            tx.deleteFrom(ARTICLE_WORDS)
                    .where(ARTICLE_WORDS.ARTICLE_ID.eq(article.id()))
                    .execute();
        }
        insertParts(tx, article);
        if (scheduled && !shownBefore) {
            // Nothing readers see changes until the release, but for a tombstone it stands under (withdrawn or
            // deleted once shown): that shows in the feeds the article is in, so moving it changes both sides.
            Set<String> moved = tombstoneMoves(tx, article.id(), feeds);
            boolean moving = current.isPresent() && !current.get().published().equals(article.published());
            record(tx, moving ? ChangeKind.RESCHEDULED : ChangeKind.SCHEDULED, article, moved, Set.of(), now);
            return new Write(article, current.isEmpty(), true, moved, Set.of());
        }
        if (scheduled) {
            // Moved to a later date: withdrawn until then, like a deletion.
            tombstone(tx, article.id(), now);
        }
        feeds.addAll(feedsOf(article));
        ShownOn shownOn = shownOn(tx, article.id());
        // The editor's sections were checked against the article's own: the feeds of articles linking to it
        // change as a consequence of the write, not by the editor's hand.
        if (!shownBefore || scheduled || !Objects.equals(current.get().url(), article.url())) {
            feeds.addAll(shownOn.feeds());
        }
        ChangeKind kind = scheduled ? ChangeKind.WITHDRAWN : shownBefore ? ChangeKind.UPDATED : ChangeKind.PUBLISHED;
        record(tx, kind, article, feeds, shownOn.slugs(), now);
        return new Write(article, current.isEmpty(), true, feeds, shownOn.slugs());
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
        List<String> due = dsl.select(ARTICLE.ID)
                .from(ARTICLE)
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
        ArticleRecord row = tx.selectFrom(ARTICLE)
                .where(ARTICLE.ID.eq(id).and(ARTICLE.SCHEDULED.isTrue()))
                .forUpdate()
                .fetchOne();
        // Dated when it happens, once the row is held, not when the round began: a release waiting on a lock
        // while other writes went through would otherwise log a change older than theirs, after theirs.
        Instant now = now();
        if (row == null || row.getPublishedAt().toInstant().isAfter(now)) {
            return Optional.empty(); // released by another instance, or edited since
        }
        tx.update(ARTICLE)
                .set(ARTICLE.SCHEDULED, false)
                .set(ARTICLE.CHANGED_AT, at(now))
                .set(ARTICLE.REVISION, NEXT_REVISION)
                .where(ARTICLE.ID.eq(id))
                .execute();
        tx.deleteFrom(ARTICLE_DELETION)
                .where(ARTICLE_DELETION.ARTICLE_ID.eq(id))
                .execute();
        Set<String> feeds = feedsOf(tx, id);
        ShownOn shownOn = shownOn(tx, id);
        feeds.addAll(shownOn.feeds());
        record(tx, ChangeKind.RELEASED, id, row.getSlug(), feeds, shownOn.slugs(), now);
        return Optional.of(new Change(id, row.getSlug(), feeds, shownOn.slugs()));
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
            ArticleRecord row = tx.dsl()
                    .selectFrom(ARTICLE)
                    .where(ARTICLE.ID.eq(id).and(ARTICLE.DELETED_AT.isNull()))
                    .forUpdate()
                    .fetchOne();
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
                tx.dsl()
                        .update(ARTICLE)
                        .set(ARTICLE.DELETED_AT, at(now))
                        .set(ARTICLE.SCHEDULED, false)
                        .set(ARTICLE.CHANGED_AT, at(now))
                        .set(ARTICLE.REVISION, NEXT_REVISION)
                        .where(ARTICLE.ID.eq(id))
                        .execute();
                record(tx.dsl(), ChangeKind.DELETED, id, row.getSlug(), Set.of(), Set.of(), now);
                return Optional.of(new Change(id, row.getSlug(), Set.of(), Set.of()));
            }
            tx.dsl()
                    .update(ARTICLE)
                    .set(ARTICLE.DELETED_AT, at(now))
                    .set(ARTICLE.CHANGED_AT, at(now))
                    .set(ARTICLE.REVISION, NEXT_REVISION)
                    .where(ARTICLE.ID.eq(id))
                    .execute();
            tombstone(tx.dsl(), id, now);
            ShownOn shownOn = shownOn(tx.dsl(), id);
            Set<String> feeds = feedsOf(tx.dsl(), id);
            feeds.addAll(shownOn.feeds());
            record(tx.dsl(), ChangeKind.DELETED, id, row.getSlug(), feeds, shownOn.slugs(), now);
            return Optional.of(new Change(id, row.getSlug(), feeds, shownOn.slugs()));
        });
        change.ifPresent(changes::changed);
        return change;
    }

    private void record(
            DSLContext tx, ChangeKind kind, Article article, Set<String> feeds, Set<String> shownOn, Instant now) {
        record(tx, kind, article.id(), article.slug(), feeds, shownOn, now);
    }

    /**
     * Puts the write on the change stream and dates the feeds it changed, in the write's own transaction: the
     * write, its entry and its feeds' times commit together or not at all.
     */
    private void record(
            DSLContext tx,
            ChangeKind kind,
            String id,
            String slug,
            Set<String> feeds,
            Set<String> shownOn,
            Instant now) {
        FeedChanges.append(tx, feeds, now);
        Outbox.append(tx, kind, id, slug, feeds, shownOn, announceEachWrite);
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.SECONDS);
    }
}
