package io.loa.feed;

import io.loa.config.Site;
import org.jsoup.nodes.Document;

/** How an HTML page names a feed for readers and browser extensions to find: autodiscovery links in its head. */
public final class FeedLinks {

    private FeedLinks() {}

    /** {@code <link rel="alternate">} for each format of the feed {@code key} (a section slug or {@code all}). */
    public static void discovery(Document doc, Site site, String key, String title) {
        for (FeedFormat format : FeedFormat.values()) {
            doc.head().appendElement("link").attr("rel", "alternate").attr("type", format.type())
                    .attr("title", title + " (" + format.label() + ")").attr("href", site.url(format.path(key)));
        }
    }
}
