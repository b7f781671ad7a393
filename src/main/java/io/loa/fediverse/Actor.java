package io.loa.fediverse;

import io.loa.article.FeedName;
import io.loa.config.Site;

/**
 * One account of the site on the fediverse: the site itself, a section or an author, with what its profile shows.
 *
 * @param slug the section's or author's slug, as its page is named; the site's is empty
 * @param name the name it goes by: the site's title, the section's, the author's as their newest article writes it
 * @param summary a line about it, as its profile shows it
 */
public record Actor(Kind kind, String slug, String name, String summary) {

    /** What an account stands for. Tags are not accounts: their readers follow the hashtag, which Mastodon has. */
    public enum Kind {
        SITE("site", "Service"),
        SECTION("sections", "Service"),
        AUTHOR("authors", "Person");

        private final String path;
        private final String type;

        Kind(String path, String type) {
            this.path = path;
            this.type = type;
        }

        /** The ActivityStreams actor type: the site and sections post by themselves, as Mastodon's bots do. */
        public String type() {
            return type;
        }
    }

    /** The key the database and the rest of Loa know the account by: {@code site}, {@code section:thoi-su}, … */
    public String key() {
        return switch (kind) {
            case SITE -> "site";
            case SECTION -> "section:" + slug;
            case AUTHOR -> "author:" + slug;
        };
    }

    /** The account's path on Loa: {@code /ap/site}, {@code /ap/sections/thoi-su}, {@code /ap/authors/…}. */
    public String path() {
        return kind == Kind.SITE ? "/ap/site" : "/ap/" + kind.path + "/" + slug;
    }

    /** The account's id (its ActivityPub URL) on this site. */
    public String id(Site site) {
        return site.url(path());
    }

    /** The HTML page of what it publishes: the home page, a section's, an author's. */
    public String page() {
        return kind == Kind.SITE ? "/" : "/" + kind.path + "/" + slug;
    }

    /** The feed whose articles it publishes: the all feed's name is {@link Site#ALL}. */
    public String feed() {
        return switch (kind) {
            case SITE -> Site.ALL;
            case SECTION -> FeedName.section(slug).name();
            case AUTHOR -> FeedName.author(slug).name();
        };
    }

    /** The feed as {@link io.loa.article.ArticleReads} reads it: null for every section together. */
    FeedName feedName() {
        return kind == Kind.SITE ? null : FeedName.parse(feed());
    }
}
