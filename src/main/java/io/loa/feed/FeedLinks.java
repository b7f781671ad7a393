package io.loa.feed;

import io.loa.article.Article;
import io.loa.article.FeedName;
import io.loa.config.Site;
import java.util.Optional;
import org.jsoup.nodes.Document;

/**
 * How an HTML page names a feed for readers and browser extensions to find (autodiscovery links in its head), and
 * which HTML page shows what a feed holds.
 */
public final class FeedLinks {

    /**
     * Where tags' pages are: also the scheme (Atom) and domain (RSS) of tags among an item's categories, which tells
     * them from sections; a tag's term after it is its page's path.
     */
    static final String TAG_PAGES = "/tags/";
    /** The search page: {@code /search?q=…}. */
    public static final String SEARCH_PAGE = "/search";

    private FeedLinks() {}

    /**
     * {@code <link rel="alternate">} for each format of the feed {@code key} (a section slug, {@code all},
     * {@code author/…} or {@code tag/…}).
     */
    public static void discovery(Document doc, Site site, String key, String title) {
        discovery(doc, site, key, "", title);
    }

    /** The same for a feed whose URLs end in {@code query} ({@code ?q=…}: a search's). */
    public static void discovery(Document doc, Site site, String key, String query, String title) {
        for (FeedFormat format : FeedFormat.values()) {
            doc.head()
                    .appendElement("link")
                    .attr("rel", "alternate")
                    .attr("type", format.type())
                    .attr("title", title + " (" + format.label() + ")")
                    .attr("href", site.url(format.path(key) + query));
        }
    }

    /**
     * The path of the page of the feed {@code key}: {@code /} for every section together, {@code /sections/thoi-su},
     * {@code /authors/nguyen-van-a}, {@code /tags/bien-dong}.
     */
    public static String page(String key) {
        return Site.ALL.equals(key) ? "/" : page(FeedName.parse(key));
    }

    /** The same for a feed of a section, an author or a tag. */
    public static String page(FeedName feed) {
        return switch (feed.kind()) {
            case SECTION -> "/sections/" + feed.slug();
            case AUTHOR -> "/authors/" + feed.slug();
            case TAG -> TAG_PAGES + feed.slug();
        };
    }

    /** The URL of the page of the article's author, when the author has one. */
    static Optional<String> authorPage(Site site, Article article) {
        return article.authorSlug().map(slug -> site.url(page(FeedName.author(slug))));
    }
}
