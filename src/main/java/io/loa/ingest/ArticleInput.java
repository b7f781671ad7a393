package io.loa.ingest;

import java.util.List;

/**
 * An article as editors send it ({@code PUT /api/articles/{id}}), before validation. {@code id}, {@code slug},
 * {@code link} and {@code scheduled} are what {@code GET} returns; they are accepted so a fetched article can be
 * sent back, and ignored (whether an article is scheduled follows from its {@code published} date).
 * {@code minor: true} marks an edit (a typo fixed) that keeps the article's updated time, so readers are not
 * alerted again.
 */
public record ArticleInput(
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
        List<ImageInput> images,
        List<String> related,
        Boolean minor,
        Boolean scheduled) {

    /** One image as sent; {@code width}, {@code height} and {@code type} are optional. */
    public record ImageInput(
            String url, String caption, String alt, String credit, Integer width, Integer height, String type) {}
}
