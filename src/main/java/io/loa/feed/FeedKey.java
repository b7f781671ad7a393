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

    // Written out: a record's generated equals and hashCode go through method handles, which cost a poll more than
    // the rest of finding its document in the cache until the JIT has inlined them.
    @Override
    public boolean equals(Object other) {
        return other instanceof FeedKey key && page == key.page && format == key.format && feed.equals(key.feed);
    }

    @Override
    public int hashCode() {
        return (feed.hashCode() * 31 + format.ordinal()) * 31 + page;
    }
}
