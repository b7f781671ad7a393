package io.loa.page;

import io.loa.article.Change;
import io.loa.article.ChangeSensitive;

/** Names a rendered HTML page in the cache, and knows which writes make it stale. */
sealed interface PageKey extends ChangeSensitive {

    /** The home page lists sections and feeds only: no write changes it. */
    record Home() implements PageKey {
        @Override
        public boolean changedBy(Change change) {
            return false;
        }
    }

    /**
     * The page of a feed's latest headlines, by the feed's name: a section's ({@code thoi-su}), an author's
     * ({@code author/nguyen-van-a}) or a tag's ({@code tag/bien-dong}). Every write that changes the feed changes it.
     */
    record Headlines(String feed) implements PageKey {
        @Override
        public boolean changedBy(Change change) {
            return change.sections().contains(feed);
        }
    }

    /**
     * An article's own page, which also shows its related articles: a write of one of those names the pages that
     * show it. A change seen through another instance names no article, so it may be any.
     */
    record Article(String slug) implements PageKey {
        @Override
        public boolean changedBy(Change change) {
            return change.slug() == null
                    || slug.equals(change.slug())
                    || change.shownOn().contains(slug);
        }
    }
}
