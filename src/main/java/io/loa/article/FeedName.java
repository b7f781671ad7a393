package io.loa.article;

import java.util.List;

/**
 * A feed of articles by the name the change log, the render cache and the feed's URL give it: a section's slug
 * ({@code thoi-su}), {@code author/nguyen-van-a} or {@code tag/bien-dong}. A write logs the name of every feed it
 * changes, so whoever keeps a feed (a cache, another instance, the WebSub hub) knows it by that name alone.
 */
public record FeedName(Kind kind, String slug) {

    /** What a feed holds: the articles of a section, of an author, or of a tag. */
    public enum Kind {
        SECTION(""),
        AUTHOR("author/"),
        TAG("tag/");

        private final String prefix;

        Kind(String prefix) {
            this.prefix = prefix;
        }

        /** What the names of this kind's feeds start with. */
        public String prefix() {
            return prefix;
        }
    }

    public static FeedName section(String slug) {
        return new FeedName(Kind.SECTION, slug);
    }

    public static FeedName author(String slug) {
        return new FeedName(Kind.AUTHOR, slug);
    }

    public static FeedName tag(String slug) {
        return new FeedName(Kind.TAG, slug);
    }

    /** The feed a name names: {@code author/…} and {@code tag/…} by their prefix, any other a section's. */
    public static FeedName parse(String name) {
        for (Kind kind : List.of(Kind.AUTHOR, Kind.TAG)) {
            if (name.startsWith(kind.prefix)) {
                return new FeedName(kind, name.substring(kind.prefix.length()));
            }
        }
        return section(name);
    }

    /** {@code thoi-su}, {@code author/nguyen-van-a}, {@code tag/bien-dong}. */
    public String name() {
        return kind.prefix + slug;
    }
}
