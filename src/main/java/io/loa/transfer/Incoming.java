package io.loa.transfer;

import io.loa.ingest.ArticleInput.ImageInput;
import java.util.List;

/**
 * An article as a source found it, before its categories are mapped to sections and it is validated like an
 * editor's {@code PUT}.
 *
 * @param published ISO 8601, with its offset when the source gave one
 * @param tags keywords beside the categories (WordPress tags), kept as the article's tags
 * @param bodyFromSummary whether the body is the summary, for want of one (an entry with a description only):
 *     a body for a new article, none for one already stored
 */
record Incoming(
        String id,
        String title,
        String summary,
        String body,
        String author,
        String url,
        String published,
        String updated,
        List<ImageInput> images,
        List<Category> categories,
        List<String> tags,
        boolean bodyFromSummary) {

    /**
     * A category as the source names it; {@code slug} may be null where the source gives only a name.
     *
     * @param orTag whether it is a keyword unless it names a section (JSON Feed's tags are both)
     */
    record Category(String name, String slug, boolean orTag) {

        Category(String name, String slug) {
            this(name, slug, false);
        }
    }
}
