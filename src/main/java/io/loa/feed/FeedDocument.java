package io.loa.feed;

import io.loa.article.Article;
import io.loa.article.Related;
import io.loa.article.Tombstone;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One feed document, whatever its format: the current document of a feed, one of its older pages, or a
 * monthly archive (RFC 5005).
 *
 * @param selfPath the document's own path on the site, query included
 * @param updated the newest update or deletion among what the document holds
 * @param links the paging and archive links, by relation: next, previous, first, current, prev-archive,
 *     next-archive; each a path on the site
 * @param archive true for an archive document, which RFC 5005 marks with {@code fh:archive}
 * @param hubs the WebSub hubs (absolute URLs) that announce changes of this document: those of a feed's current
 *     document, none for older pages and archives
 * @param related by article id, the live articles each article names as related, in order: for the formats that
 *     carry them (Atom), else empty
 */
record FeedDocument(
        FeedSpec spec,
        String selfPath,
        List<Article> articles,
        List<Tombstone> tombstones,
        Instant updated,
        List<Link> links,
        boolean archive,
        List<String> hubs,
        Map<String, List<Related>> related) {

    /**
     * Characters of text (bodies, summaries, titles, image texts) one document carries whole. Past it, older items
     * are abridged to their summary and lead image (their link leads to the whole article), so a document stays a
     * few megabytes and fits the render cache instead of being rendered again on every request.
     */
    static final int TEXT_BUDGET = 1024 * 1024;

    FeedDocument {
        articles = withinTextBudget(articles);
        related = Map.copyOf(related);
    }

    private static List<Article> withinTextBudget(List<Article> articles) {
        List<Article> kept = new ArrayList<>(articles.size());
        long spent = 0;
        for (Article article : articles) {
            spent += article.textLength();
            kept.add(spent <= TEXT_BUDGET ? article : article.abridged());
        }
        return List.copyOf(kept);
    }

    record Link(String rel, String path) {}

    Optional<String> link(String rel) {
        return links.stream().filter(l -> l.rel().equals(rel)).map(Link::path).findFirst();
    }
}
