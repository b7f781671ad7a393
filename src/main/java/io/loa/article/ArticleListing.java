package io.loa.article;

import static io.loa.article.ArticleRows.IMAGES;
import static io.loa.article.ArticleRows.PUBLISHED;
import static io.loa.article.ArticleRows.UPDATED;
import static io.loa.article.ArticleRows.at;
import static io.loa.article.ArticleRows.instant;
import static io.loa.article.ArticleRows.live;
import static io.loa.db.schema.Tables.ARTICLE;
import static io.loa.db.schema.Tables.ARTICLE_DELETION;
import static io.loa.db.schema.Tables.ARTICLE_SECTION;
import static io.loa.db.schema.Tables.ARTICLE_TAG;
import static org.jooq.Records.mapping;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record3;
import org.jooq.Record7;
import org.jooq.Row3;
import org.jooq.SelectSelectStep;
import org.jooq.Table;
import org.jooq.impl.DSL;

/**
 * What search engines are told of the live articles: how many each month holds and when it last changed, and each
 * article's address, dates, title and images, read along the publication date index without bodies, a row at a
 * time. Pages of authors, tags and sections, with when their articles last changed.
 */
public final class ArticleListing {

    /** When readers last saw an article change: its last write while live, or its deletion once shown. */
    private static final Field<OffsetDateTime> SEEN =
            DSL.when(live(), ARTICLE.CHANGED_AT).otherwise(ARTICLE_DELETION.DELETED_AT);

    private final DSLContext dsl;

    public ArticleListing(DSLContext dsl) {
        this.dsl = dsl;
    }

    /** A live article as a sitemap lists it. */
    public record Entry(
            String id, String slug, String url, String title, Instant published, Instant updated, List<Image> images) {

        /** Where the article can be read: its canonical URL, else its own page on Loa. */
        public String link(String baseUrl) {
            return Article.link(url, slug, baseUrl);
        }
    }

    /**
     * A month of publication, in the site's zone, with live articles.
     *
     * @param changed when what the month shows last changed: a write of one of its live articles, or the deletion of
     *     one that was shown
     */
    public record Month(YearMonth month, int articles, Instant changed) {}

    /** A page listing articles (a section's, an author's, a tag's) by its feed name, and when its articles changed. */
    public record Listed(FeedName feed, Instant changed) {}

    /**
     * The months that hold live articles, oldest first, in the site's zone: one query over the publication date
     * index, each month a range of it, however many articles there are.
     */
    public List<Month> months(ZoneId zone) {
        Optional<Instant> oldest = edge(true);
        Optional<Instant> newest = edge(false);
        if (oldest.isEmpty() || newest.isEmpty()) {
            return List.of();
        }
        List<Row3<String, OffsetDateTime, OffsetDateTime>> bounds = new ArrayList<>();
        YearMonth last = YearMonth.from(newest.get().atZone(zone));
        for (YearMonth m = YearMonth.from(oldest.get().atZone(zone)); !m.isAfter(last); m = m.plusMonths(1)) {
            bounds.add(DSL.row(
                    DSL.inline(m.toString()),
                    DSL.inline(at(start(m, zone))),
                    DSL.inline(at(start(m.plusMonths(1), zone)))));
        }
        @SuppressWarnings("unchecked")
        Table<Record3<String, OffsetDateTime, OffsetDateTime>> months =
                DSL.values(bounds.toArray(Row3[]::new)).as("months", "label", "starts", "ends");
        Field<String> month = months.field("label", String.class);
        Field<OffsetDateTime> starts = months.field("starts", OffsetDateTime.class);
        Field<OffsetDateTime> ends = months.field("ends", OffsetDateTime.class);
        Field<Integer> count = DSL.count().filterWhere(live());
        return dsl.select(month, count, DSL.max(SEEN))
                .from(months)
                .join(ARTICLE)
                .on(ARTICLE.SCHEDULED
                        .isFalse()
                        .and(ARTICLE.PUBLISHED_AT.ge(starts))
                        .and(ARTICLE.PUBLISHED_AT.lt(ends)))
                .leftJoin(ARTICLE_DELETION)
                .on(ARTICLE_DELETION.ARTICLE_ID.eq(ARTICLE.ID))
                .where(live().or(ARTICLE_DELETION.ARTICLE_ID.isNotNull()))
                .groupBy(month)
                .having(count.gt(0))
                .orderBy(month)
                .fetch(r -> new Month(
                        YearMonth.parse(r.value1()), r.value2(), r.value3().toInstant()));
    }

    /**
     * When what readers see of the articles published in [{@code from}, {@code to}) last changed: a write of a live
     * one, or the deletion of one that was shown. Empty when none was ever shown.
     */
    public Optional<Instant> changed(Instant from, Instant to) {
        return Optional.ofNullable(dsl.select(DSL.max(SEEN))
                        .from(ARTICLE)
                        .leftJoin(ARTICLE_DELETION)
                        .on(ARTICLE_DELETION.ARTICLE_ID.eq(ARTICLE.ID))
                        .where(ARTICLE.SCHEDULED.isFalse())
                        .and(ARTICLE.PUBLISHED_AT.ge(at(from)).and(ARTICLE.PUBLISHED_AT.lt(at(to))))
                        .and(live().or(ARTICLE_DELETION.ARTICLE_ID.isNotNull()))
                        .fetchOne(0, OffsetDateTime.class))
                .map(OffsetDateTime::toInstant);
    }

    /**
     * Hands {@code each} the live articles published in [{@code from}, {@code to}), oldest first, skipping
     * {@code offset}: a row at a time, so a month of tens of thousands is never all in memory.
     */
    public void eachPublished(Instant from, Instant to, int offset, int limit, Consumer<Entry> each) {
        try (Stream<Entry> entries = selectEntries()
                .from(ARTICLE)
                .where(ARTICLE.SCHEDULED.isFalse().and(live()))
                .and(ARTICLE.PUBLISHED_AT.ge(at(from)).and(ARTICLE.PUBLISHED_AT.lt(at(to))))
                .orderBy(ARTICLE.SCHEDULED, ARTICLE.PUBLISHED_AT, ARTICLE.ID)
                .limit(limit)
                .offset(offset)
                .fetchSize(1000)
                .stream()
                .map(mapping(Entry::new))) {
            entries.forEach(each);
        }
    }

    /** The live articles published at or after {@code since}, newest first. */
    public List<Entry> publishedSince(Instant since, int limit) {
        return selectEntries()
                .from(ARTICLE)
                .where(ARTICLE.SCHEDULED.isFalse().and(live()))
                .and(ARTICLE.PUBLISHED_AT.ge(at(since)))
                .orderBy(ARTICLE.SCHEDULED.desc(), ARTICLE.PUBLISHED_AT.desc(), ARTICLE.ID.desc())
                .limit(limit)
                .fetch(mapping(Entry::new));
    }

    /**
     * Every section, author and tag that holds a live article, each with the last write of its live articles:
     * sections in the order given, then authors and tags by slug, at most {@code limit} in all.
     */
    public List<Listed> pages(List<String> sections, int limit) {
        Field<Instant> changed = instant(DSL.max(ARTICLE.CHANGED_AT));
        Map<String, Instant> bySection = new LinkedHashMap<>();
        dsl.select(ARTICLE_SECTION.SECTION, changed)
                .from(ARTICLE_SECTION)
                .join(ARTICLE)
                .on(ARTICLE.ID.eq(ARTICLE_SECTION.ARTICLE_ID))
                .where(live())
                .groupBy(ARTICLE_SECTION.SECTION)
                .forEach(r -> bySection.put(r.value1(), r.value2()));
        List<Listed> pages = new ArrayList<>();
        for (String section : sections) {
            if (bySection.containsKey(section) && pages.size() < limit) {
                pages.add(new Listed(FeedName.section(section), bySection.get(section)));
            }
        }
        pages.addAll(dsl.select(ARTICLE.AUTHOR_SLUG, changed)
                .from(ARTICLE)
                .where(live().and(ARTICLE.AUTHOR_SLUG.isNotNull()))
                .groupBy(ARTICLE.AUTHOR_SLUG)
                .orderBy(ARTICLE.AUTHOR_SLUG)
                .limit(limit - pages.size())
                .fetch(r -> new Listed(FeedName.author(r.value1()), r.value2())));
        pages.addAll(dsl.select(ARTICLE_TAG.TAG, changed)
                .from(ARTICLE_TAG)
                .join(ARTICLE)
                .on(ARTICLE.ID.eq(ARTICLE_TAG.ARTICLE_ID))
                .where(live())
                .groupBy(ARTICLE_TAG.TAG)
                .orderBy(ARTICLE_TAG.TAG)
                .limit(limit - pages.size())
                .fetch(r -> new Listed(FeedName.tag(r.value1()), r.value2())));
        return pages;
    }

    /** When the oldest ({@code oldest}) or newest live article was published, read from the date index's ends. */
    private Optional<Instant> edge(boolean oldest) {
        return dsl.select(ARTICLE.PUBLISHED_AT)
                .from(ARTICLE)
                .where(ARTICLE.SCHEDULED.isFalse().and(live()))
                .orderBy(
                        oldest ? ARTICLE.SCHEDULED.asc() : ARTICLE.SCHEDULED.desc(),
                        oldest ? ARTICLE.PUBLISHED_AT.asc() : ARTICLE.PUBLISHED_AT.desc())
                .limit(1)
                .fetchOptional(ARTICLE.PUBLISHED_AT)
                .map(OffsetDateTime::toInstant);
    }

    private static Instant start(YearMonth month, ZoneId zone) {
        return month.atDay(1).atStartOfDay(zone).toInstant();
    }

    private SelectSelectStep<Record7<String, String, String, String, Instant, Instant, List<Image>>> selectEntries() {
        return dsl.select(ARTICLE.ID, ARTICLE.SLUG, ARTICLE.URL, ARTICLE.TITLE, PUBLISHED, UPDATED, IMAGES);
    }
}
