package io.loa.cdn;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The names a shared cache (a CDN, Varnish) knows Loa's documents by, so that a write purges exactly what it
 * changed: every document says which of these it holds ({@code Surrogate-Key}, {@code Cache-Tag}, {@code xkey}),
 * and each write purges the keys of what it touched. A closed set of shapes, all made here:
 * <pre>
 * feed:thoi-su  feed:author/nguyen-van-a  feed:tag/bien-dong  feed:all   a feed, in every format, page and archive,
 *                                                                        and its HTML page of headlines
 * article:a1b2c3                                                         an article's own page
 * sitemaps                                                               every sitemap
 * search                                                                 every search result, feed or page
 * </pre>
 */
public final class SurrogateKeys {

    /** The key every document holding all articles carries: the all feed, the home page. */
    public static final String ALL = feed("all");
    /** The key of every sitemap, changed by any write that changes what the public sees. */
    public static final String SITEMAPS = "sitemaps";

    /** The key of every search result, which any write may change. */
    public static final String SEARCH = "search";

    private SurrogateKeys() {}

    /** The key of a feed by its name ({@code thoi-su}, {@code author/…}, {@code tag/…}, {@code all}). */
    public static String feed(String feedName) {
        return "feed:" + feedName;
    }

    /** The key of an article's own page. */
    public static String article(String articleId) {
        return "article:" + articleId;
    }

    /** The keys of the feeds a write touched, with the all feed's, which every write touches. */
    public static Set<String> feeds(Collection<String> feedNames) {
        Set<String> keys = new LinkedHashSet<>();
        feedNames.forEach(name -> keys.add(feed(name)));
        keys.add(ALL);
        return keys;
    }
}
