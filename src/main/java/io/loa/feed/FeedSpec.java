package io.loa.feed;

import io.loa.article.FeedName;
import io.loa.config.Messages;
import io.loa.config.Section;
import io.loa.config.Site;
import io.loa.search.SearchQuery;

/**
 * What one feed is about, whatever its format: a section, every section together ({@link Site#ALL}), an author or a
 * tag.
 *
 * @param key the feed's name ({@code thoi-su}, {@code all}, {@code author/nguyen-van-a}, {@code tag/bien-dong}): its
 *     name in its URL and id
 * @param maxAge seconds readers may keep the feed, which its ttl and update period also say
 * @param subject what the feed is about, as a page's trail names it: a section's title, an author's name, a tag's
 *     label; null for every section together
 * @param page the path of the feed's HTML page
 * @param query what follows the path of a search feed ({@code ?q=dan+van}); empty for every other feed
 */
record FeedSpec(String key, String title, String description, int maxAge, String subject, String page, String query) {

    static FeedSpec of(Section section, Site site) {
        return new FeedSpec(
                section.slug(),
                site.feedTitle(section.title()),
                section.description(),
                section.maxAge(),
                section.title(),
                FeedLinks.page(section.slug()),
                "");
    }

    static FeedSpec all(Site site) {
        return new FeedSpec(
                Site.ALL, site.title(), site.description(), site.maxAge(), null, FeedLinks.page(Site.ALL), "");
    }

    /** An author's or a tag's feed, called by the author's name or the tag's label. */
    static FeedSpec of(FeedName feed, String name, Site site) {
        return new FeedSpec(feed.name(), site.feedTitle(name), "", site.maxAge(), name, FeedLinks.page(feed), "");
    }

    /** The feed of a search's results, which is never cached by readers for longer than the site's feeds. */
    static FeedSpec search(SearchQuery query, Site site, Messages messages) {
        return new FeedSpec(
                Site.SEARCH,
                messages.text("search.feed", site.title(), query.text()),
                messages.text("search.feed.description", query.text()),
                site.maxAge(),
                messages.text("search"),
                FeedLinks.SEARCH_PAGE + "?" + query.param(),
                "?" + query.param());
    }

    /** Where the feed is in this format, its query included. */
    String path(FeedFormat format) {
        return format.path(key) + query;
    }
}
