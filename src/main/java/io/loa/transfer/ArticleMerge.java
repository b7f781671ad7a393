package io.loa.transfer;

import io.loa.article.Article;
import io.loa.article.Image;
import io.loa.ingest.ArticleInput;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What an import makes of a source's copy of an article already stored. A source carries less than the store (a
 * feed has no source name, no related articles, no image's alt), so what it does not give keeps the stored value,
 * never nothing; and what it gives is compared as Loa serves it: the lead Loa shows for an article without a summary
 * is no summary, images it shows fewer of are no new images, a date to the second is the stored date.
 *
 * @param merged the stored article with what the source gives in place; its updated time null when the source
 *     gives none, so that a write dates the change
 * @param changed the fields the source changes, in the API's names
 * @param lacking the fields the store has and the source lacks: when there are any, the stored article is richer
 */
record ArticleMerge(Article merged, List<String> changed, List<String> lacking) {

    /**
     * @param source the article as the import read it; a {@code null} body, language or updated time is one it
     *     does not give
     * @param draft the same, validated and cleaned
     */
    static ArticleMerge of(Article stored, ArticleInput source, Article draft) {
        List<String> changed = new ArrayList<>();
        List<String> lacking = new ArrayList<>();
        Fields fields = new Fields(changed, lacking);
        String summary =
                stored.summary() == null && Objects.equals(draft.summary(), stored.lead()) ? null : draft.summary();
        Instant updated = source.updated() == null ? null : sameInstant(draft.updated(), stored.updated());
        Article merged = new Article(
                stored.id(),
                stored.slug(),
                fields.take("title", stored.title(), draft.title()),
                fields.take("summary", stored.summary(), summary),
                fields.take("body", stored.body(), source.body() == null ? null : draft.body()),
                fields.take("author", stored.author(), draft.author()),
                fields.take("source", stored.source(), draft.source()),
                fields.take("url", stored.url(), draft.url()),
                fields.keep("language", stored.language(), source.language() == null ? null : draft.language()),
                fields.keep("published", stored.published(), sameInstant(draft.published(), stored.published())),
                fields.keep("updated", stored.updated(), updated),
                fields.take("sections", stored.sections(), draft.sections()),
                fields.take("tags", stored.tags(), draft.tags().isEmpty() ? null : draft.tags()),
                fields.take("images", stored.images(), images(stored.images(), draft.images(), lacking)),
                fields.take("related", stored.related(), draft.related().isEmpty() ? null : draft.related()));
        return new ArticleMerge(
                updated == null ? merged.withUpdated(null) : merged, List.copyOf(changed), List.copyOf(lacking));
    }

    /** Names the fields taken from the source that differ, and those it lacks where the store has a value. */
    private record Fields(List<String> changed, List<String> lacking) {

        <T> T take(String name, T stored, T source) {
            if (source == null) {
                if (stored != null
                        && !(stored instanceof List<?> list && list.isEmpty())
                        && !(stored instanceof String text && text.isEmpty())) {
                    lacking.add(name);
                }
                return stored;
            }
            return keep(name, stored, source);
        }

        /** A date or the language, which every article has: without it, the source lacks nothing. */
        <T> T keep(String name, T stored, T source) {
            if (source == null) {
                return stored;
            }
            if (!source.equals(stored)) {
                changed.add(name);
            }
            return source;
        }
    }

    /** Feeds write dates to the second: one that is the stored date to the second is the stored date. */
    private static Instant sameInstant(Instant source, Instant stored) {
        return source != null && source.getNano() == 0 && source.equals(stored.truncatedTo(ChronoUnit.SECONDS))
                ? stored
                : source;
    }

    /**
     * The source's images, each with what it lacks taken from the stored image of the same URL; null (none given)
     * when they are all among the stored ones in the same order, as a feed that shows the lead image only has them.
     */
    private static List<Image> images(List<Image> stored, List<Image> source, List<String> lacking) {
        Map<String, Image> byUrl =
                stored.stream().collect(Collectors.toMap(Image::url, Function.identity(), (first, second) -> first));
        List<String> storedUrls = stored.stream().map(Image::url).toList();
        List<String> sourceUrls = source.stream().map(Image::url).toList();
        if (source.isEmpty()
                || storedUrls.size() > sourceUrls.size()
                        && storedUrls.subList(0, sourceUrls.size()).equals(sourceUrls)) {
            return null;
        }
        List<Image> images = new ArrayList<>();
        boolean lacks = !sourceUrls.containsAll(storedUrls);
        for (Image image : source) {
            Image known = byUrl.get(image.url());
            if (known == null) {
                images.add(image);
                continue;
            }
            Image filled = new Image(
                    image.url(),
                    or(image.caption(), known.caption()),
                    or(image.alt(), known.alt()),
                    or(image.credit(), known.credit()),
                    or(image.width(), known.width()),
                    or(image.height(), known.height()),
                    or(image.type(), known.type()));
            lacks |= !filled.equals(image);
            images.add(filled);
        }
        if (lacks && !lacking.contains("images")) {
            lacking.add("images");
        }
        return images;
    }

    private static <T> T or(T value, T otherwise) {
        return value != null ? value : otherwise;
    }
}
