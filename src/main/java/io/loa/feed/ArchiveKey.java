package io.loa.feed;

import io.loa.article.Change;
import io.loa.article.ChangeSensitive;
import java.time.YearMonth;

/** Names a month's archive document in the cache; any change in its feed may be in that month. */
record ArchiveKey(String feed, FeedFormat format, YearMonth month) implements ChangeSensitive {
    @Override
    public boolean changedBy(Change change) {
        return new FeedKey(feed, format, 1).changedBy(change);
    }
}
