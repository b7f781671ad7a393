package io.loa.article;

import static io.loa.article.ArticleRows.*;
import static io.loa.db.schema.Tables.ARTICLE;
import static io.loa.db.schema.Tables.ARTICLE_DELETION;
import static io.loa.db.schema.Tables.ARTICLE_RELATED;
import static io.loa.db.schema.Tables.ARTICLE_SECTION;
import static io.loa.db.schema.Tables.ARTICLE_TAG;
import static org.jooq.Records.mapping;
import static org.jooq.impl.DSL.row;
import static org.jooq.impl.DSL.selectOne;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record2;
import org.jooq.SortField;
import org.jooq.Table;
import org.jooq.impl.DSL;

/** What readers and editors read: single articles, a feed's articles a page at a time, tombstones, related links. */
public final class ArticleReads {

    private final DSLContext dsl;

    public ArticleReads(DSLContext dsl) {
        this.dsl = dsl;
    }

    /**
     * The articles waiting for their publication date, soonest first: of those, the ones whose every section is
     * {@code within} (every one when it is empty), as a token limited to those sections may read them.
     */
    public List<Article> scheduled(Set<String> within, int limit) {
        Condition outside = within.isEmpty()
                ? DSL.falseCondition()
                : DSL.exists(DSL.selectOne()
                        .from(ARTICLE_SECTION)
                        .where(ARTICLE_SECTION.ARTICLE_ID.eq(ARTICLE.ID).and(ARTICLE_SECTION.SECTION.notIn(within))));
        return selectArticles(dsl)
                .from(ARTICLE)
                .where(ARTICLE.SCHEDULED.isTrue().and(stored()).andNot(outside))
                .orderBy(ARTICLE.SCHEDULED, ARTICLE.PUBLISHED_AT, ARTICLE.ID)
                .limit(limit)
                .fetch(mapping(Article::new));
    }

    /** The live articles among these ids, in the order given. */
    public List<Article> liveIn(List<String> ids) {
        Map<String, Article> byId = new HashMap<>();
        selectArticles(dsl)
                .from(ARTICLE)
                .where(ARTICLE.ID.in(ids).and(live()))
                .forEach(r -> byId.put(r.value1(), mapping(Article::new).apply(r)));
        return ids.stream().map(byId::get).filter(Objects::nonNull).toList();
    }

    /** True before the first article is ever stored. */
    public boolean isEmpty() {
        return !dsl.fetchExists(ARTICLE);
    }

    public Optional<Article> find(String id) {
        return ArticleRows.find(dsl, id);
    }

    /**
     * The article as it was last stored, deleted or not: what a deletion is told of (its slug, sections, author)
     * after the fact.
     */
    public Optional<Article> lastStored(String id) {
        return selectArticles(dsl).from(ARTICLE).where(ARTICLE.ID.eq(id)).fetchOptional(mapping(Article::new));
    }

    /**
     * True when an article with this id was shown, then deleted (and not put again since). One deleted before its
     * publication date was never public, so it is as unknown as an id never used.
     */
    public boolean wasDeleted(String id) {
        return dsl.fetchExists(selectOne()
                .from(ARTICLE)
                .join(ARTICLE_DELETION)
                .on(ARTICLE_DELETION.ARTICLE_ID.eq(ARTICLE.ID))
                .where(ARTICLE.ID.eq(id).and(ARTICLE.DELETED_AT.isNotNull())));
    }

    public Optional<Article> findBySlug(String slug) {
        return selectArticles(dsl)
                .from(ARTICLE)
                .where(ARTICLE.SLUG.eq(slug).and(live()))
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
        return selectArticles(dsl)
                .from(shelf.from())
                .where(shelf.holds().and(live()))
                .and(range(shelf.at(), from, to))
                .orderBy(shelf.order(true))
                .limit(limit)
                .offset(offset)
                .fetch(mapping(Article::new));
    }

    /** How many live articles a feed ({@code null}: every section together) holds. */
    public int count(FeedName feed) {
        Shelf shelf = Shelf.of(feed);
        return dsl.fetchCount(
                dsl.selectOne().from(shelf.from()).where(shelf.holds().and(live())));
    }

    /** How many authors have a live article: the authors whose feeds and pages exist. */
    public int authorCount() {
        return dsl.fetchCount(dsl.selectDistinct(ARTICLE.AUTHOR_SLUG)
                .from(ARTICLE)
                .where(live().and(ARTICLE.AUTHOR_SLUG.isNotNull())));
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
        return dsl.select(shelf.at())
                .from(shelf.from())
                .where(shelf.holds().and(live()))
                .and(range(shelf.at(), from, to))
                .orderBy(shelf.order(newest))
                .limit(1)
                .fetchOptional(shelf.at())
                .map(OffsetDateTime::toInstant);
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
        return dsl.select(name)
                .from(shelf.from())
                .where(shelf.holds().and(live()))
                .orderBy(shelf.order(true))
                .limit(1)
                .fetchOptional(name);
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
                case SECTION ->
                    new Shelf(
                            ARTICLE_SECTION.join(ARTICLE).on(ARTICLE.ID.eq(ARTICLE_SECTION.ARTICLE_ID)),
                            ARTICLE_SECTION.SECTION.eq(feed.slug()),
                            ARTICLE_SECTION.SECTION,
                            ARTICLE_SECTION.PUBLISHED_AT,
                            ARTICLE_SECTION.ARTICLE_ID);
                case TAG ->
                    new Shelf(
                            ARTICLE_TAG.join(ARTICLE).on(ARTICLE.ID.eq(ARTICLE_TAG.ARTICLE_ID)),
                            ARTICLE_TAG.TAG.eq(feed.slug()),
                            ARTICLE_TAG.TAG,
                            ARTICLE_TAG.PUBLISHED_AT,
                            ARTICLE_TAG.ARTICLE_ID);
                case AUTHOR ->
                    new Shelf(
                            ARTICLE,
                            ARTICLE.AUTHOR_SLUG.eq(feed.slug()),
                            ARTICLE.AUTHOR_SLUG,
                            ARTICLE.PUBLISHED_AT,
                            ARTICLE.ID);
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
        Condition in = feed == null
                ? DSL.noCondition()
                : DSL.exists(selectOne()
                        .from(shelf.from())
                        .where(shelf.id().eq(ARTICLE_DELETION.ARTICLE_ID).and(shelf.holds())));
        // Recent deletions come straight from their own index; only those are checked for the feed.
        return dsl.select(ARTICLE_DELETION.ARTICLE_ID, ARTICLE_DELETION.DELETED_AT)
                .from(ARTICLE_DELETION)
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
        return dsl.select(
                        ARTICLE_RELATED.ARTICLE_ID,
                        row(ARTICLE.ID, ARTICLE.SLUG, ARTICLE.TITLE, ARTICLE.URL, LEAD_IMAGE)
                                .mapping(Related::new))
                .from(ARTICLE_RELATED)
                .join(ARTICLE)
                .on(ARTICLE.ID.eq(ARTICLE_RELATED.RELATED_ID))
                .leftJoin(LEAD)
                .on(LEAD.ARTICLE_ID.eq(ARTICLE.ID).and(LEAD.POSITION.eq(0)))
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
        return Optional.ofNullable(dsl.select(DSL.max(seen))
                        .from(ARTICLE_RELATED)
                        .join(ARTICLE)
                        .on(ARTICLE.ID.eq(ARTICLE_RELATED.RELATED_ID))
                        .leftJoin(ARTICLE_DELETION)
                        .on(ARTICLE_DELETION.ARTICLE_ID.eq(ARTICLE.ID))
                        .where(ARTICLE_RELATED.ARTICLE_ID.eq(articleId))
                        .fetchOne(0, OffsetDateTime.class))
                .map(OffsetDateTime::toInstant);
    }

    /** The newest live articles of every section together, newest first. */
    public List<Article> latest(int limit) {
        return published(null, null, null, 0, limit);
    }
}
