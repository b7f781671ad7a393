package io.loa.article;

import java.time.Instant;

/**
 * An article with what only the database knows of it: a backup holds this, and a restore writes it back as it was.
 *
 * @param deleted when it was deleted, or null while it is not
 * @param tombstone when it last left the feeds (deleted or withdrawn after it was shown), or null while it is shown
 *     or was never shown: the RFC 6721 tombstone feeds announce, which only an article once public has
 */
public record StoredArticle(
        Article article, boolean scheduled, Instant created, Instant changed, Instant deleted, Instant tombstone) {}
