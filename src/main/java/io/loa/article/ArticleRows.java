package io.loa.article;

import static io.loa.db.schema.Tables.ARTICLE;
import static io.loa.db.schema.Tables.ARTICLE_DELETION;
import static io.loa.db.schema.Tables.ARTICLE_IMAGE;
import static io.loa.db.schema.Tables.ARTICLE_RELATED;
import static io.loa.db.schema.Tables.ARTICLE_SECTION;
import static io.loa.db.schema.Tables.ARTICLE_TAG;
import static io.loa.db.schema.Tables.ARTICLE_WORDS;
import static org.jooq.Records.mapping;
import static org.jooq.impl.DSL.multiset;
import static org.jooq.impl.DSL.row;
import static org.jooq.impl.DSL.select;

import io.loa.db.schema.Sequences;
import io.loa.db.schema.tables.ArticleImage;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record1;
import org.jooq.Record15;
import org.jooq.Record2;
import org.jooq.Row3;
import org.jooq.Row4;
import org.jooq.Row5;
import org.jooq.Row9;
import org.jooq.Select;
import org.jooq.SelectField;
import org.jooq.SelectSelectStep;
import org.jooq.impl.DSL;

/** The SQL every article class shares: an article's columns and parts, what readers may see, the feeds it is in. */
final class ArticleRows {

    private ArticleRows() {}

    static void tombstone(DSLContext tx, String id, Instant now) {
        tx.deleteFrom(ARTICLE_DELETION)
                .where(ARTICLE_DELETION.ARTICLE_ID.eq(id))
                .execute();
        tx.insertInto(ARTICLE_DELETION)
                .set(ARTICLE_DELETION.ARTICLE_ID, id)
                .set(ARTICLE_DELETION.DELETED_AT, at(now))
                .execute();
    }

    static Map<Field<?>, Object> columns(Article a) {
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

    /** Inserts the article's sections, tags, images and related links: one statement for each kind it has. */
    static void insertParts(DSLContext tx, Article a) {
        insertParts(tx, List.of(a));
    }

    /** The words, sections, tags, images and related links of these articles: one statement a table, for a batch. */
    static void insertParts(DSLContext tx, List<Article> articles) {
        insertWords(tx, articles);
        List<Row4<String, String, Integer, OffsetDateTime>> sections = new ArrayList<>();
        List<Row5<String, String, String, Integer, OffsetDateTime>> tags = new ArrayList<>();
        List<Row9<String, Integer, String, String, String, String, Integer, Integer, String>> images =
                new ArrayList<>();
        List<Row3<String, Integer, String>> related = new ArrayList<>();
        for (Article a : articles) {
            OffsetDateTime published = at(a.published());
            for (int i = 0; i < a.sections().size(); i++) {
                sections.add(row(a.id(), a.sections().get(i), i, published));
            }
            for (int i = 0; i < a.tags().size(); i++) {
                Tag tag = a.tags().get(i);
                tags.add(row(a.id(), tag.slug(), tag.label(), i, published));
            }
            for (int i = 0; i < a.images().size(); i++) {
                Image image = a.images().get(i);
                images.add(row(
                        a.id(),
                        i,
                        image.url(),
                        image.caption(),
                        image.alt(),
                        image.credit(),
                        image.width(),
                        image.height(),
                        image.type()));
            }
            for (int i = 0; i < a.related().size(); i++) {
                related.add(row(a.id(), i, a.related().get(i)));
            }
        }
        if (!sections.isEmpty()) {
            tx.insertInto(
                            ARTICLE_SECTION,
                            ARTICLE_SECTION.ARTICLE_ID,
                            ARTICLE_SECTION.SECTION,
                            ARTICLE_SECTION.POSITION,
                            ARTICLE_SECTION.PUBLISHED_AT)
                    .valuesOfRows(sections)
                    .execute();
        }
        if (!tags.isEmpty()) {
            tx.insertInto(
                            ARTICLE_TAG,
                            ARTICLE_TAG.ARTICLE_ID,
                            ARTICLE_TAG.TAG,
                            ARTICLE_TAG.LABEL,
                            ARTICLE_TAG.POSITION,
                            ARTICLE_TAG.PUBLISHED_AT)
                    .valuesOfRows(tags)
                    .execute();
        }
        if (!images.isEmpty()) {
            tx.insertInto(
                            ARTICLE_IMAGE,
                            ARTICLE_IMAGE.ARTICLE_ID,
                            ARTICLE_IMAGE.POSITION,
                            ARTICLE_IMAGE.URL,
                            ARTICLE_IMAGE.CAPTION,
                            ARTICLE_IMAGE.ALT,
                            ARTICLE_IMAGE.CREDIT,
                            ARTICLE_IMAGE.WIDTH,
                            ARTICLE_IMAGE.HEIGHT,
                            ARTICLE_IMAGE.MEDIA_TYPE)
                    .valuesOfRows(images)
                    .execute();
        }
        if (!related.isEmpty()) {
            tx.insertInto(
                            ARTICLE_RELATED,
                            ARTICLE_RELATED.ARTICLE_ID,
                            ARTICLE_RELATED.POSITION,
                            ARTICLE_RELATED.RELATED_ID)
                    .valuesOfRows(related)
                    .execute();
        }
    }

    /** The sections the stored article, live or deleted, is in. */
    static Set<String> storedSections(DSLContext tx, String id) {
        return new LinkedHashSet<>(tx.select(ARTICLE_SECTION.SECTION)
                .from(ARTICLE_SECTION)
                .where(ARTICLE_SECTION.ARTICLE_ID.eq(id))
                .orderBy(ARTICLE_SECTION.POSITION)
                .fetch(ARTICLE_SECTION.SECTION));
    }

    /**
     * The live articles that name this one as related: their pages show its title, lead image and link, and their
     * feeds' Atom entries its link (which changes only when the article appears, goes, or moves to another URL).
     */
    record ShownOn(Set<String> slugs, Set<String> feeds) {
        static final ShownOn NOWHERE = new ShownOn(Set.of(), Set.of());
    }

    static ShownOn shownOn(DSLContext tx, String id) {
        return shownOn(tx, List.of(id)).getOrDefault(id, ShownOn.NOWHERE);
    }

    /**
     * {@link #shownOn} of each of these articles; an article no live one names is left out. The links first, from
     * their reverse index, then the articles holding them by id: as one join, H2 went through every live article
     * for each write, so that a write took longer the more articles the site held.
     */
    static Map<String, ShownOn> shownOn(DSLContext tx, Collection<String> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        Map<String, List<String>> linking = new HashMap<>();
        tx.select(ARTICLE_RELATED.RELATED_ID, ARTICLE_RELATED.ARTICLE_ID)
                .from(ARTICLE_RELATED)
                .where(ARTICLE_RELATED.RELATED_ID.in(ids))
                .forEach(r -> linking.computeIfAbsent(r.value1(), k -> new ArrayList<>())
                        .add(r.value2()));
        if (linking.isEmpty()) {
            return Map.of();
        }
        Set<String> all = linking.values().stream().flatMap(List::stream).collect(Collectors.toSet());
        Map<String, String> liveSlugs = tx.select(ARTICLE.ID, ARTICLE.SLUG)
                .from(ARTICLE)
                .where(ARTICLE.ID.in(all).and(live()))
                .fetchMap(ARTICLE.ID, ARTICLE.SLUG);
        Map<String, Set<String>> feeds = feedsById(tx, liveSlugs.keySet());
        Map<String, ShownOn> shownOn = new HashMap<>();
        linking.forEach((id, on) -> {
            Set<String> slugs = new LinkedHashSet<>();
            Set<String> theirFeeds = new LinkedHashSet<>();
            on.stream().filter(liveSlugs::containsKey).forEach(article -> {
                slugs.add(liveSlugs.get(article));
                theirFeeds.addAll(feeds.getOrDefault(article, Set.of()));
            });
            if (!slugs.isEmpty()) {
                shownOn.put(id, new ShownOn(slugs, theirFeeds));
            }
        });
        return shownOn;
    }

    /**
     * The feeds that hold these articles as they are stored, live or deleted (a deleted article's feeds still
     * announce its deletion): their sections', their authors' and their tags', by name ({@link FeedName}). What a
     * write of an article changes, before and after it, and what it changes of the articles that link to it.
     */
    static Set<String> feedsOf(DSLContext tx, Collection<String> articleIds) {
        if (articleIds.isEmpty()) {
            return new LinkedHashSet<>();
        }
        return new LinkedHashSet<>(feeds(tx, articleIds).fetch(1, String.class));
    }

    /** {@link #feedsOf} each of these articles, in one query; an article in no feed is left out. */
    static Map<String, Set<String>> feedsById(DSLContext tx, Collection<String> articleIds) {
        Map<String, Set<String>> feeds = new HashMap<>();
        if (!articleIds.isEmpty()) {
            feeds(tx, articleIds)
                    .forEach(r -> feeds.computeIfAbsent(r.value1(), id -> new LinkedHashSet<>())
                            .add(r.value2()));
        }
        return feeds;
    }

    /** (article id, feed name) of these articles: their sections, their authors and their tags. */
    private static Select<Record2<String, String>> feeds(DSLContext tx, Collection<String> articleIds) {
        return tx.select(ARTICLE_SECTION.ARTICLE_ID, ARTICLE_SECTION.SECTION)
                .from(ARTICLE_SECTION)
                .where(ARTICLE_SECTION.ARTICLE_ID.in(articleIds))
                .unionAll(select(ARTICLE.ID, feedName(FeedName.Kind.AUTHOR, ARTICLE.AUTHOR_SLUG))
                        .from(ARTICLE)
                        .where(ARTICLE.ID.in(articleIds).and(ARTICLE.AUTHOR_SLUG.isNotNull())))
                .unionAll(select(ARTICLE_TAG.ARTICLE_ID, feedName(FeedName.Kind.TAG, ARTICLE_TAG.TAG))
                        .from(ARTICLE_TAG)
                        .where(ARTICLE_TAG.ARTICLE_ID.in(articleIds)));
    }

    /** The feeds that hold {@code a} once it is stored as it is: what {@link #feedsOf} reads back after its write. */
    static Set<String> feedsOf(Article a) {
        Set<String> feeds = new LinkedHashSet<>(a.sections());
        a.authorSlug().ifPresent(slug -> feeds.add(FeedName.author(slug).name()));
        a.tags().forEach(tag -> feeds.add(FeedName.tag(tag.slug()).name()));
        return feeds;
    }

    static Set<String> feedsOf(DSLContext tx, String articleId) {
        return feedsOf(tx, List.of(articleId));
    }

    static Field<String> feedName(FeedName.Kind kind, Field<String> slug) {
        return DSL.inline(kind.prefix()).concat(slug);
    }

    static void insertWords(DSLContext tx, Article a) {
        insertWords(tx, List.of(a));
    }

    static void insertWords(DSLContext tx, List<Article> articles) {
        if (articles.isEmpty()) {
            return;
        }
        tx.insertInto(ARTICLE_WORDS, ARTICLE_WORDS.ARTICLE_ID, ARTICLE_WORDS.WORDS, ARTICLE_WORDS.RULE_VERSION)
                .valuesOfRows(articles.stream()
                        .map(a -> row(a.id(), ArticleWords.of(a), ArticleWords.RULE))
                        .toList())
                .execute();
    }

    /** The stored article, scheduled or shown: what editors see. */
    static Optional<Article> find(DSLContext ctx, String id) {
        return selectArticles(ctx)
                .from(ARTICLE)
                .where(ARTICLE.ID.eq(id).and(stored()))
                .fetchOptional(mapping(Article::new));
    }

    /** Not deleted: editors see it, scheduled or not. */
    static Condition stored() {
        return ARTICLE.DELETED_AT.isNull();
    }

    /** What readers may see: stored and not waiting for its publication date. */
    static Condition live() {
        return stored().and(ARTICLE.SCHEDULED.isFalse());
    }

    static final Field<List<String>> SECTIONS = multiset(select(ARTICLE_SECTION.SECTION)
                    .from(ARTICLE_SECTION)
                    .where(ARTICLE_SECTION.ARTICLE_ID.eq(ARTICLE.ID))
                    .orderBy(ARTICLE_SECTION.POSITION))
            .convertFrom(r -> r.map(Record1::value1))
            .as("sections");

    static final Field<List<Tag>> TAGS = multiset(select(ARTICLE_TAG.TAG, ARTICLE_TAG.LABEL)
                    .from(ARTICLE_TAG)
                    .where(ARTICLE_TAG.ARTICLE_ID.eq(ARTICLE.ID))
                    .orderBy(ARTICLE_TAG.POSITION))
            .convertFrom(r -> r.map(mapping(Tag::new)))
            .as("tags");

    static final Field<List<Image>> IMAGES = multiset(select(
                            ARTICLE_IMAGE.URL,
                            ARTICLE_IMAGE.CAPTION,
                            ARTICLE_IMAGE.ALT,
                            ARTICLE_IMAGE.CREDIT,
                            ARTICLE_IMAGE.WIDTH,
                            ARTICLE_IMAGE.HEIGHT,
                            ARTICLE_IMAGE.MEDIA_TYPE)
                    .from(ARTICLE_IMAGE)
                    .where(ARTICLE_IMAGE.ARTICLE_ID.eq(ARTICLE.ID))
                    .orderBy(ARTICLE_IMAGE.POSITION))
            .convertFrom(r -> r.map(mapping(Image::new)))
            .as("images");

    static final Field<List<String>> RELATED = multiset(select(ARTICLE_RELATED.RELATED_ID)
                    .from(ARTICLE_RELATED)
                    .where(ARTICLE_RELATED.ARTICLE_ID.eq(ARTICLE.ID))
                    .orderBy(ARTICLE_RELATED.POSITION))
            .convertFrom(r -> r.map(Record1::value1))
            .as("related");

    static final ArticleImage LEAD = ARTICLE_IMAGE.as("lead");

    /** Each write of an article takes the next revision: what a search index follows (see {@link SearchSource#revisedAfter}). */
    static final Field<Long> NEXT_REVISION = Sequences.ARTICLE_REVISION.nextval();

    /** The lead image, joined to its article: null when there is none (jOOQ would make an image of nulls). */
    static final SelectField<Image> LEAD_IMAGE = row(
                    LEAD.URL, LEAD.CAPTION, LEAD.ALT, LEAD.CREDIT, LEAD.WIDTH, LEAD.HEIGHT, LEAD.MEDIA_TYPE)
            .convertFrom(r -> r.value1() == null ? null : mapping(Image::new).map(r));

    static final Field<Instant> PUBLISHED = instant(ARTICLE.PUBLISHED_AT);
    static final Field<Instant> UPDATED = instant(ARTICLE.UPDATED_AT);

    /** Every column of an article, its sections, tags, images and related links in one query, in Article's order. */
    static SelectSelectStep<
                    Record15<
                            String,
                            String,
                            String,
                            String,
                            String,
                            String,
                            String,
                            String,
                            String,
                            Instant,
                            Instant,
                            List<String>,
                            List<Tag>,
                            List<Image>,
                            List<String>>>
            selectArticles(DSLContext ctx) {
        return ctx.select(
                ARTICLE.ID,
                ARTICLE.SLUG,
                ARTICLE.TITLE,
                ARTICLE.SUMMARY,
                ARTICLE.BODY,
                ARTICLE.AUTHOR,
                ARTICLE.SOURCE,
                ARTICLE.URL,
                ARTICLE.LANGUAGE,
                PUBLISHED,
                UPDATED,
                SECTIONS,
                TAGS,
                IMAGES,
                RELATED);
    }

    static Field<Instant> instant(Field<OffsetDateTime> column) {
        return column.convertFrom(at -> at == null ? null : at.toInstant());
    }

    static OffsetDateTime at(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
