package io.loa.article;

import java.time.Instant;

/**
 * An article with what only the database knows of it: a backup holds this, and a restore writes it back as it was.
 *
 * @param deleted when it was deleted, or null while it is not
 */
public record StoredArticle(Article article, boolean scheduled, Instant created, Instant changed, Instant deleted) {}
