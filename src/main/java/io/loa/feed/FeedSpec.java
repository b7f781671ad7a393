package io.loa.feed;

import io.loa.config.Section;
import io.loa.config.Site;

/**
 * What one feed is about, whatever its format: a section, or every section together ({@link Site#ALL}).
 *
 * @param key the section slug or {@code all}: the feed's name in its URL and id
 */
record FeedSpec(String key, String title, String description) {

    static FeedSpec of(Section section, Site site) {
        return new FeedSpec(section.slug(), site.title() + " – " + section.title(), section.description());
    }

    static FeedSpec all(Site site) {
        return new FeedSpec(Site.ALL, site.title(), site.description());
    }

    String path(FeedFormat format) {
        return "/feeds/" + key + "." + format.extension();
    }
}
