package io.loa.ingest;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.loa.article.Article;
import io.loa.article.Image;
import io.loa.article.Tag;
import io.loa.config.Site;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * An article as the API returns it: the shape editors send, plus its id, slug and link, and whether it waits for
 * its publication date (scheduled); times in the site's zone.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ArticleView(
        String id,
        String slug,
        String link,
        String title,
        String summary,
        String body,
        String author,
        String source,
        String url,
        String language,
        List<String> sections,
        List<String> tags,
        String published,
        String updated,
        List<Image> images,
        List<String> related,
        boolean scheduled) {

    public static ArticleView of(Article a, boolean scheduled, Site site) {
        return new ArticleView(
                a.id(),
                a.slug(),
                a.link(site.baseUrl()),
                a.title(),
                a.summary(),
                a.body(),
                a.author(),
                a.source(),
                a.url(),
                a.language(),
                a.sections(),
                a.tags().stream().map(Tag::label).toList(),
                local(a.published(), site),
                local(a.updated(), site),
                a.images(),
                a.related(),
                scheduled);
    }

    static String local(Instant instant, Site site) {
        return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(
                instant.atZone(site.zone()).toOffsetDateTime());
    }
}
