package io.loa.search;

import io.loa.article.Article;
import io.loa.article.ArticleReads;
import io.loa.article.PageNumber;
import io.loa.fault.NotFound;
import java.util.List;

/** A search's results a page at a time, for its page and its feeds: ids from the index, articles from the store. */
public final class SearchResults {

    /** How far back a search reaches: its newest matches, which is what readers look at. */
    public static final int MAX_RESULTS = 200;
    /**
     * Results a page, on the search page and in search feeds alike: a miss renders every one of them in full, so
     * fewer than a section feed's (WordPress's search feeds hold 10).
     */
    public static final int PER_PAGE = 20;

    private final SearchIndex index;
    private final ArticleReads store;

    public SearchResults(SearchIndex index, ArticleReads store) {
        this.index = index;
        this.store = store;
    }

    /**
     * One page of results.
     *
     * @param total how many live articles match, all told (more than are shown beyond {@link #MAX_RESULTS})
     * @param hasNext whether a next page holds more of the results shown
     */
    public record Page(List<Article> articles, int total, boolean hasNext) {}

    /** Page {@code number} (from 1) of {@code size} results. */
    public Page page(SearchQuery query, int number, int size) {
        int end = Math.min(number * size, MAX_RESULTS);
        WordIndex.Hits hits = index.search(query, end);
        int start = (number - 1) * size;
        List<String> ids = hits.ids()
                .subList(Math.min(start, hits.ids().size()), hits.ids().size());
        if (number > 1 && ids.isEmpty()) {
            throw new NotFound("Page " + number + " of this search is past its last result.");
        }
        // An article deleted since the index looked is left out rather than shown.
        return new Page(store.liveIn(ids), hits.total(), end < Math.min(hits.total(), MAX_RESULTS));
    }

    /** The page number in {@code value} ({@code null}: the first), or a 400 when no page of results can have it. */
    public static int page(String value, int size) {
        int last = Math.max(1, (MAX_RESULTS + size - 1) / size);
        return PageNumber.parse(value, last, ": a search shows its " + MAX_RESULTS + " newest results.");
    }
}
