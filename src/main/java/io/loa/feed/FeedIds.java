package io.loa.feed;

import io.loa.article.Article;
import io.loa.config.Site;

/** The permanent ids of feeds and their items: built from the publisher's ids alone, so an edit never changes them. */
final class FeedIds {

    private FeedIds() {}

    /** The RSS GUID and the Atom id of an article, e.g. {@code tag:baohatinh.vn,2023:article:dan-van-2023}. */
    static String article(Site site, Article article) {
        return article(site, article.id());
    }

    static String article(Site site, String articleId) {
        return site.idPrefix() + "article:" + articleId;
    }

    static String feed(Site site, FeedSpec spec) {
        return site.idPrefix() + "feed:" + spec.key() + spec.query();
    }
}
