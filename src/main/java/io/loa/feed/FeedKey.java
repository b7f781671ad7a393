package io.loa.feed;

import io.loa.article.Change;
import io.loa.article.ChangeSensitive;
import io.loa.config.Site;

/**
 * Names one rendered feed document in the cache: which feed ({@code all}, a section, {@code author/…} or
 * {@code tag/…}), which format, which page.
 */
public record FeedKey(String feed, FeedFormat format, int page) implements ChangeSensitive {

    /** True when the change alters this feed: the change names it among the feeds it touched, or it is the all feed. */
    @Override
    public boolean changedBy(Change change) {
        return feed.equals(Site.ALL) || change.sections().contains(feed);
    }
}
