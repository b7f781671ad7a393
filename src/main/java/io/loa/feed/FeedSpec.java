package io.loa.feed;

import io.loa.config.Section;
import io.loa.config.Site;

/**
 * What one feed is about, whatever its format: a section, or every section together ({@link Site#ALL}).
 *
 * @param key the section slug or {@code all}: the feed's name in its URL and id
 * @param maxAge seconds readers may keep the feed, which its ttl and update period also say
 */
record FeedSpec(String key, String title, String description, int maxAge) {

    static FeedSpec of(Section section, Site site) {
        return new FeedSpec(section.slug(), site.title() + " – " + section.title(), section.description(),
                section.maxAge());
    }

    static FeedSpec all(Site site) {
        return new FeedSpec(Site.ALL, site.title(), site.description(), site.maxAge());
    }

    String path(FeedFormat format) {
        return format.path(key);
    }
}
