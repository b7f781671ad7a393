package io.loa.feed;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.loa.article.Article;
import io.loa.article.ArticleReads;
import io.loa.cdn.SurrogateKeys;
import io.loa.config.Messages;
import io.loa.config.Site;
import io.loa.http.ConditionalGet;
import io.loa.http.GetAndHead;
import io.loa.http.RenderCache;
import io.loa.http.Representation;
import io.loa.search.SearchKey;
import io.loa.search.SearchQuery;
import io.loa.search.SearchResults;
import io.loa.stream.FeedChanges;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Search results as feeds, as WordPress serves them: {@code /feeds/search.{rss,atom,json}?q=dan+van}, the newest
 * matches first, {@link SearchResults#PER_PAGE} a page ({@code &page=2}) up to {@link SearchResults#MAX_RESULTS}.
 */
public final class SearchFeeds {

    private final Site site;
    private final ArticleReads store;
    private final FeedChanges feedChanges;
    private final SearchResults results;
    private final RenderCache cache;
    private final ConditionalGet http;
    private final FeedRenderer renderer;
    private final FeedPage page;
    private final Messages messages;

    /** @param cache where search feeds are kept, apart from the rest: anyone can ask for any number of them */
    public SearchFeeds(
            Site site,
            ArticleReads store,
            FeedChanges feedChanges,
            SearchResults results,
            RenderCache cache,
            ConditionalGet http) {
        this.site = site;
        this.store = store;
        this.feedChanges = feedChanges;
        this.results = results;
        this.cache = cache;
        this.http = http;
        this.renderer = new FeedRenderer(site);
        this.messages = Messages.of(site);
        this.page = new FeedPage(site, messages);
    }

    /** Registered before the section feeds' routes, whose {@code /feeds/{file}} would take these paths too. */
    public void register(RoutesConfig routes) {
        for (FeedFormat format : FeedFormat.values()) {
            String path = format.path(Site.SEARCH);
            GetAndHead.route(routes, path, ctx -> serve(ctx, format));
        }
    }

    private void serve(Context ctx, FeedFormat format) {
        SearchQuery query = SearchQuery.parse(ctx.queryParam("q"));
        int pageNumber = SearchResults.page(ctx.queryParam("page"), SearchResults.PER_PAGE);
        SearchKey key = new SearchKey(query.text(), format.extension(), pageNumber);
        http.send(ctx, cache.get(key, () -> render(query, format, pageNumber)));
    }

    private Representation render(SearchQuery query, FeedFormat format, int pageNumber) {
        SearchResults.Page found = results.page(query, pageNumber, SearchResults.PER_PAGE);
        FeedSpec spec = FeedSpec.search(query, site, messages);
        String base = spec.path(format);
        List<FeedDocument.Link> links = new ArrayList<>();
        if (found.hasNext()) {
            links.add(new FeedDocument.Link("next", base + "&page=" + (pageNumber + 1)));
        }
        if (pageNumber > 1) {
            links.add(new FeedDocument.Link("first", base));
            links.add(new FeedDocument.Link("previous", pathOf(spec, format, pageNumber - 1)));
        }
        Instant updated = found.articles().stream()
                .map(Article::updated)
                .max(Instant::compareTo)
                // No match: dated by the newest write, read from the change log's key, never by a scan of articles.
                .or(() -> feedChanges.last(Set.of()))
                .orElse(Instant.EPOCH);
        FeedDocument doc = new FeedDocument(
                spec,
                pathOf(spec, format, pageNumber),
                found.articles(),
                List.of(),
                updated,
                links,
                false,
                List.of(),
                FeedCatalog.related(store, format, found.articles()));
        Map<FeedFormat, String> paths = new EnumMap<>(FeedFormat.class);
        for (FeedFormat other : FeedFormat.values()) {
            paths.put(other, pathOf(spec, other, pageNumber));
        }
        String part = pageNumber == 1 ? null : messages.text("older.page", pageNumber);
        return Representation.of(
                renderer.render(doc, format),
                format.mediaType(),
                page.render(doc, format, paths, part, updated, spec.maxAge()),
                updated,
                spec.maxAge(),
                SurrogateKeys.SEARCH);
    }

    private static String pathOf(FeedSpec spec, FeedFormat format, int pageNumber) {
        return spec.path(format) + (pageNumber == 1 ? "" : "&page=" + pageNumber);
    }
}
