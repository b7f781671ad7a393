package io.loa.article;

import java.util.Map;
import java.util.Set;

/**
 * One committed write: the article it touched (by id and slug) and every section whose feed it changed (the
 * old sections too, when an edit moved the article). Writes seen through another instance name no article.
 *
 * @param versions each touched section's change counter after this write, when known
 */
public record Change(String articleId, String slug, Set<String> sections, Map<String, Long> versions) {

    public Change {
        sections = Set.copyOf(sections);
        versions = Map.copyOf(versions);
    }
}
