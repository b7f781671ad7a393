package io.loa.article;

import java.util.Set;

/**
 * One committed write: the article it touched (by id and slug) and every section whose feed it changed (the
 * old sections too, when an edit moved the article).
 */
public record Change(String articleId, String slug, Set<String> sections) {

    public Change {
        sections = Set.copyOf(sections);
    }
}
