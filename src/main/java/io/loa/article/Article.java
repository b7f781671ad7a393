package io.loa.article;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * An article as Loa keeps it: texts already cleaned, times as instants (shown in the site's zone on output).
 *
 * @param id the publisher's own id: stable across edits, the source of every feed's GUID
 * @param slug the article's name in Loa's own URLs, unique per site; null in a draft not yet stored
 * @param url the canonical URL on the publisher's site, or null when Loa's own page is the article's home
 * @param updated null in a draft means "now if this edits an article, else the published time"
 * @param tags its keywords, in the editor's order, one per slug
 */
public record Article(
        String id,
        String slug,
        String title,
        String summary,
        String body,
        String author,
        String source,
        String url,
        String language,
        Instant published,
        Instant updated,
        List<String> sections,
        List<Tag> tags,
        List<Image> images,
        List<String> related) {

    public Article {
        sections = List.copyOf(sections);
        tags = List.copyOf(tags);
        images = List.copyOf(images);
        related = List.copyOf(related);
    }

    /** Where the article can be read: its canonical URL, else its own page on Loa. */
    public String link(String baseUrl) {
        return link(url, slug, baseUrl);
    }

    static String link(String url, String slug, String baseUrl) {
        return url != null ? url : baseUrl + "/articles/" + slug;
    }

    /** The slug of the author's feed and page; empty when there is no author, or no letter or digit in its name. */
    public Optional<String> authorSlug() {
        return author == null ? Optional.empty() : Slugs.ofName(author);
    }

    /** The same article with another updated time: an edit flagged minor keeps the one readers already have. */
    public Article withUpdated(Instant newUpdated) {
        return with(slug, newUpdated);
    }

    /** The same article under the slug it had when it was backed up: slugs never change once given. */
    public Article withSlug(String newSlug) {
        return with(newSlug, updated);
    }

    /**
     * What readers see under the headline: the editor's summary, or without one the body's opening sentences
     * ({@link Lead}). Feeds and pages show this; {@link #summary()} stays what the editor wrote.
     */
    public String lead() {
        return Lead.of(summary, body, language);
    }

    /**
     * The same article without its body and with its lead image only, for documents that cannot carry all. Its
     * summary is the whole article's {@link #lead()}, which the body can no longer give: it is written out, never
     * stored.
     */
    public Article abridged() {
        return new Article(
                id,
                slug,
                title,
                lead(),
                "",
                author,
                source,
                url,
                language,
                published,
                updated,
                sections,
                tags,
                images.isEmpty() ? images : images.subList(0, 1),
                related);
    }

    /** Characters of the article's texts, what a document holding it carries: title, summary, body, image texts. */
    public long textLength() {
        long length = title.length() + length(summary) + body.length();
        for (Image image : images) {
            length += image.url().length() + length(image.caption()) + length(image.alt()) + length(image.credit());
        }
        return length;
    }

    private static int length(String text) {
        return text == null ? 0 : text.length();
    }

    Article with(String newSlug, Instant newUpdated) {
        return new Article(
                id,
                newSlug,
                title,
                summary,
                body,
                author,
                source,
                url,
                language,
                published,
                newUpdated,
                sections,
                tags,
                images,
                related);
    }
}
