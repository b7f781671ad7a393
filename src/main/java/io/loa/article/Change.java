package io.loa.article;

import java.util.Set;

/**
 * One committed write: the article it touched (by id and slug) and every section whose feed it changed (the
 * old sections too, when an edit moved the article). Writes seen through another instance name no article.
 *
 * @param logIds the entries this write added to the feed change log, when known
 */
public record Change(String articleId, String slug, Set<String> sections, Set<Long> logIds) {

    public Change {
        sections = Set.copyOf(sections);
        logIds = Set.copyOf(logIds);
    }
}
