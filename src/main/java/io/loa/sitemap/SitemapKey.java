package io.loa.sitemap;

import io.loa.article.Change;
import io.loa.article.ChangeSensitive;
import java.time.YearMonth;

/**
 * Names a rendered sitemap or robots.txt in the cache. A change names its article's feeds, not its month of
 * publication, so any write makes every sitemap stale; each is rendered again only when next asked for, and a
 * document whose content did not change keeps its ETag.
 */
sealed interface SitemapKey extends ChangeSensitive {

    @Override
    default boolean changedBy(Change change) {
        return true;
    }

    /** robots.txt names only the site's own paths: no write changes it. */
    record Robots() implements SitemapKey {
        @Override
        public boolean changedBy(Change change) {
            return false;
        }
    }

    /** {@code /sitemap.xml}: every monthly sitemap and the pages' sitemap. */
    record Index() implements SitemapKey {}

    /** {@code /sitemaps/pages.xml}: the home page, sections, authors and tags. */
    record Pages() implements SitemapKey {}

    /** {@code /sitemaps/news.xml}: the last two days, for Google News. */
    record News() implements SitemapKey {}

    /** {@code /sitemaps/articles-2026-12.xml}, {@code …-2026-12-2.xml}: one part of a month's articles. */
    record Month(YearMonth month, int part) implements SitemapKey {}
}
