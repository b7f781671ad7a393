package io.loa.audience;

/**
 * A feed document readers subscribe to: the feed by its name ({@code thoi-su}, {@code author/nguyen-van-a},
 * {@code tag/bien-dong}, {@code all}) and the format's extension ({@code rss}, {@code atom}, {@code json}). Only
 * documents that exist are ever counted: they come from a request the feed routes answered, or from the hub's
 * topics, never from a raw path.
 */
public record FeedDocument(String feed, String format) {

    private static final String FEEDS = "/feeds/";

    /** {@code /feeds/thoi-su.atom}. */
    public String path() {
        return FEEDS + feed + "." + format;
    }

    /** The document at a feed's path, or null for another path. */
    static FeedDocument atPath(String path) {
        int dot = path.lastIndexOf('.');
        if (!path.startsWith(FEEDS) || dot <= FEEDS.length()) {
            return null;
        }
        return new FeedDocument(path.substring(FEEDS.length(), dot), path.substring(dot + 1));
    }
}
