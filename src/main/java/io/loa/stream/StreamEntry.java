package io.loa.stream;

import java.time.Instant;
import java.util.Set;

/**
 * One write, as the change stream tells it: its position in the stream, what happened to which article, every
 * feed it touched (by name, {@code FeedName}: sections', {@code author/…}, {@code tag/…}) and the slugs of the
 * live articles whose pages show this one among their related articles. The end of a bulk load names no article
 * ({@code articleId} and {@code slug} null), only the feeds the load changed.
 */
public record StreamEntry(
        long position,
        ChangeKind kind,
        String articleId,
        String slug,
        Set<String> feeds,
        Set<String> shownOn,
        Instant at) {

    public StreamEntry {
        feeds = Set.copyOf(feeds);
        shownOn = Set.copyOf(shownOn);
    }
}
