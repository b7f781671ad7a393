package io.loa.fediverse;

import io.loa.article.Change;
import io.loa.article.ChangeSensitive;
import io.loa.config.Site;

/** Names a rendered fediverse document in the render cache, and knows which writes make it stale. */
sealed interface DocumentKey extends ChangeSensitive {

    /**
     * An account's profile, by its key and the feed it publishes: an author's is named as their newest article names
     * them, so a write to their feed may change it (or end it); the site's and the sections' come from the config.
     */
    record Profile(String actor, String feed, boolean fromArticles) implements DocumentKey {
        @Override
        public boolean changedBy(Change change) {
            return fromArticles && change.sections().contains(feed);
        }
    }

    /** An account's outbox (page 0) or one of its pages: it mirrors the feed, as the feed's documents do. */
    record Outbox(String feed, int page) implements DocumentKey {
        @Override
        public boolean changedBy(Change change) {
            return feed.equals(Site.ALL) || change.sections().contains(feed);
        }
    }

    /** An article's object. A change seen through another instance names no article, so it may be any. */
    record Object(String slug) implements DocumentKey {
        @Override
        public boolean changedBy(Change change) {
            return change.slug() == null || slug.equals(change.slug());
        }
    }

    /** The NodeInfo document, which counts the accounts and articles: any write may change it. */
    record NodeInfo() implements DocumentKey {
        @Override
        public boolean changedBy(Change change) {
            return true;
        }
    }
}
