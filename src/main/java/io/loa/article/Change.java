package io.loa.article;

import java.util.Set;

/**
 * One committed write: the article it touched (by id and slug) and every feed it changed, by name
 * ({@link FeedName}): its sections', author's and tags' feeds, the old ones too when an edit moved the article,
 * and those of the articles whose Atom entries link to it as related, when it appeared, went or moved.
 *
 * @param sections the names of the feeds it changed: sections' slugs, {@code author/…}, {@code tag/…}
 * @param shownOn the slugs of the live articles whose pages show this one among their related articles
 */
public record Change(String articleId, String slug, Set<String> sections, Set<String> shownOn) {

    public Change {
        sections = Set.copyOf(sections);
        shownOn = Set.copyOf(shownOn);
    }
}
