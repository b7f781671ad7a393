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
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record2;
import org.jooq.Record3;
import org.jooq.Record7;
import org.jooq.Select;
import org.jooq.SelectSelectStep;
import org.jooq.impl.DSL;

/**
 * What search engines are told of the live articles: how many each month holds and when it last changed, and each
 * article's address, dates, title and images, read along the publication date index without bodies, a row at a
 * time. Pages of authors, tags and sections, with when their articles last changed.
 */
public final class ArticleListing {

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
     * The months that hold live articles, oldest first, in the site's zone: each month a range of the publication
     * date index, counted in one statement, and the shown articles' deletions, which are few, added to when each
     * month last changed.
     */
    public List<Month> months(ZoneId zone) {
        Optional<Instant> oldest = edge(true);
        Optional<Instant> newest = edge(false);
        if (oldest.isEmpty() || newest.isEmpty()) {
            return List.of();
        }
        Select<Record3<String, Integer, OffsetDateTime>> tally = null;
        YearMonth last = YearMonth.from(newest.get().atZone(zone));
        for (YearMonth m = YearMonth.from(oldest.get().atZone(zone)); !m.isAfter(last); m = m.plusMonths(1)) {
            Select<Record3<String, Integer, OffsetDateTime>> one = dsl.select(
                            DSL.inline(m.toString()), DSL.count(), DSL.max(ARTICLE.CHANGED_AT))
                    .from(ARTICLE)
                    .where(inRange(start(m, zone), start(m.plusMonths(1), zone)))
                    .and(ARTICLE.DELETED_AT.isNull());
            tally = tally == null ? one : tally.unionAll(one);
        }
        Map<YearMonth, Instant> deleted = new HashMap<>();
        for (Record2<OffsetDateTime, OffsetDateTime> d : deletions(DSL.noCondition())) {
            deleted.merge(
                    YearMonth.from(d.value1().atZoneSameInstant(zone)),
                    d.value2().toInstant(),
                    ArticleListing::later);
        }
        List<Month> months = new ArrayList<>();
        for (Record3<String, Integer, OffsetDateTime> r : tally.fetch()) {
            YearMonth month = YearMonth.parse(r.value1());
            if (r.value2() > 0) {
                Instant changed = later(r.value3().toInstant(), deleted.get(month));
                months.add(new Month(month, r.value2(), changed));
            }
        }
        return months;
    }

    /**
     * When what readers see of the articles published in [{@code from}, {@code to}) last changed: a write of a live
     * one, or the deletion of one that was shown. Empty when none was ever shown.
     */
    public Optional<Instant> changed(Instant from, Instant to) {
        Instant changed = dsl.select(DSL.max(ARTICLE.CHANGED_AT))
                .from(ARTICLE)
                .where(inRange(from, to))
                .and(ARTICLE.DELETED_AT.isNull())
                .fetchOptional(0, OffsetDateTime.class)
                .map(OffsetDateTime::toInstant)
                .orElse(null);
        for (Record2<OffsetDateTime, OffsetDateTime> d : deletions(inRange(from, to))) {
            changed = later(changed, d.value2().toInstant());
        }
        return Optional.ofNullable(changed);
    }

    /** When each shown article that was deleted had been published, and when it was deleted. */
    private List<Record2<OffsetDateTime, OffsetDateTime>> deletions(Condition published) {
        return dsl.select(ARTICLE.PUBLISHED_AT, ARTICLE_DELETION.DELETED_AT)
                .from(ARTICLE_DELETION)
                .join(ARTICLE)
                .on(ARTICLE.ID.eq(ARTICLE_DELETION.ARTICLE_ID))
                .where(published)
                .fetch();
    }

    /**
     * Readers' articles published in [{@code from}, {@code to}): a range of the (scheduled, published_at, deleted_at,
     * changed_at) index, which holds all a month's tally reads.
     */
    private static Condition inRange(Instant from, Instant to) {
        return ARTICLE.SCHEDULED
                .isFalse()
                .and(ARTICLE.PUBLISHED_AT.ge(at(from)))
                .and(ARTICLE.PUBLISHED_AT.lt(at(to)));
    }

    private static Instant later(Instant a, Instant b) {
        return a == null ? b : b == null || a.isAfter(b) ? a : b;
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
