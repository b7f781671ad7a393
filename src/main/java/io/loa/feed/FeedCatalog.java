package io.loa.feed;

import io.loa.article.Article;
import io.loa.article.ArticleReads;
import io.loa.article.Change;
import io.loa.article.ChangeSensitive;
import io.loa.article.FeedName;
import io.loa.article.Related;
import io.loa.article.Tombstone;
import io.loa.cdn.SurrogateKeys;
import io.loa.config.Messages;
import io.loa.config.Site;
import io.loa.fault.NotFound;
import io.loa.http.RenderCache;
import io.loa.http.Representation;
import io.loa.stream.FeedChanges;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Every feed document, as every reader and subscriber gets it: rendered from the store once per change, with the
 * page browsers get in its place, and kept in the render cache until a write changes it. A current document and
 * its older pages, a month's archive (RFC 5005), and the OPML list of every feed.
 */
public final class FeedCatalog {

    /** More than any section publishes in a month; an archive document never cuts its month short below this. */
    static final int MAX_ARCHIVE_ITEMS = 5_000;

    static final int ARCHIVE_MAX_AGE = 86_400;

    private final Site site;
    private final ArticleReads store;
    private final FeedChanges feedChanges;
    private final RenderCache cache;
    private final FeedPaths paths;
    private final FeedRenderer renderer;
    private final FeedPage page;
    private final Opml opml;

    public FeedCatalog(Site site, ArticleReads store, FeedChanges feedChanges, RenderCache cache, FeedPaths paths) {
        this.site = site;
        this.store = store;
        this.feedChanges = feedChanges;
        this.cache = cache;
        this.paths = paths;
        this.renderer = new FeedRenderer(site);
        Messages messages = Messages.of(site);
        this.page = new FeedPage(site, messages);
        this.opml = new Opml(site, messages);
    }

    /** The OPML list names feeds only, which the config alone decides: no write changes it. */
    record OpmlKey() implements ChangeSensitive {
        @Override
        public boolean changedBy(Change change) {
            return false;
        }
    }

    /** Whether the feed has a document now: a configured one always, an author's or tag's while it has an article. */
    boolean exists(FeedKey key) {
        return paths.configured().contains(key)
                || store.nameOf(FeedName.parse(key.feed())).isPresent();
    }

    /** A current document or an older page: from the cache, rendered when it is not there. */
    Representation current(FeedKey key) {
        return cache.get(key, () -> render(key));
    }

    Representation archive(ArchiveKey key) {
        return cache.get(key, () -> renderArchive(key));
    }

    Representation opml() {
        return cache.get(
                new OpmlKey(),
                () -> Representation.of(opml.render(), "text/x-opml; charset=utf-8", null, site.maxAge()));
    }

    private Representation render(FeedKey key) {
        FeedName selection = selection(key.feed());
        FeedSpec spec = spec(key.feed());
        int size = site.itemsPerFeed();
        // One more than a page holds tells whether there is a next page.
        List<Article> found = store.published(selection, null, null, (key.page() - 1) * size, size + 1);
        if (found.isEmpty() && key.page() > 1) {
            throw new NotFound("Page " + key.page() + " of \"" + key.feed() + "\" is past its oldest article.");
        }
        List<Article> articles = found.subList(0, Math.min(size, found.size()));
        String base = key.format().path(key.feed());
        List<FeedDocument.Link> links = new ArrayList<>();
        if (found.size() > size) {
            links.add(new FeedDocument.Link("next", base + "?page=" + (key.page() + 1)));
        }
        if (key.page() > 1) {
            links.add(new FeedDocument.Link("first", base));
            links.add(new FeedDocument.Link("previous", key.page() == 2 ? base : base + "?page=" + (key.page() - 1)));
        }
        if (key.format() != FeedFormat.JSON) {
            // On the first page the newest article is already at hand.
            Optional<Instant> newestPublished = key.page() == 1
                    ? articles.stream().findFirst().map(Article::published)
                    : store.newestPublishedBefore(selection, null);
            newestPublished.ifPresent(newest -> links.add(new FeedDocument.Link(
                    "prev-archive", FeedPaths.archivePath(key.feed(), key.format(), month(newest)))));
        }

        // Deletions and moves date no article, so the feed's own change time counts for Last-Modified too.
        Optional<Instant> changed = feedChanges.last(selection == null ? Set.of() : Set.of(key.feed()));
        // An empty feed is dated by its own changes alone (else the epoch): a write elsewhere leaves it, and the
        // copy cached before that write, as they were.
        Instant newestItem =
                articles.stream().map(Article::updated).max(Instant::compareTo).orElse(Instant.EPOCH);
        Instant lastModified = changed.filter(c -> c.isAfter(newestItem)).orElse(newestItem);
        // Counted back from the feed's own last change, not from "now", so the document stays deterministic.
        List<Tombstone> tombstones = key.page() > 1
                ? List.of()
                : store.deletedSince(selection, lastModified.minus(Duration.ofDays(site.tombstoneDays())), size);
        Instant updated = tombstones.stream()
                .map(Tombstone::deleted)
                .filter(d -> d.isAfter(newestItem))
                .findFirst()
                .orElse(newestItem);
        FeedDocument doc = new FeedDocument(
                spec,
                FeedPaths.pagePath(key),
                articles,
                tombstones,
                updated,
                links,
                false,
                key.page() == 1 ? site.hubUrls() : List.of(),
                related(store, key.format(), articles));
        return Representation.of(
                renderer.render(doc, key.format()),
                key.format().mediaType(),
                page.of(doc, key, lastModified, spec.maxAge()),
                lastModified,
                spec.maxAge(),
                SurrogateKeys.feed(key.feed()));
    }

    private Representation renderArchive(ArchiveKey key) {
        FeedName selection = selection(key.feed());
        Instant from = key.month().atDay(1).atStartOfDay(site.zone()).toInstant();
        Instant to =
                key.month().plusMonths(1).atDay(1).atStartOfDay(site.zone()).toInstant();
        FeedSpec spec = spec(key.feed());
        List<Article> articles = store.published(selection, from, to, 0, MAX_ARCHIVE_ITEMS);
        if (articles.isEmpty()) {
            throw new NotFound("No article of \"" + key.feed() + "\" was published in " + key.month() + ".");
        }
        List<FeedDocument.Link> links = new ArrayList<>();
        links.add(new FeedDocument.Link("current", key.format().path(key.feed())));
        store.newestPublishedBefore(selection, from)
                .ifPresent(before -> links.add(new FeedDocument.Link(
                        "prev-archive", FeedPaths.archivePath(key.feed(), key.format(), month(before)))));
        store.oldestPublishedFrom(selection, to)
                .ifPresent(after -> links.add(new FeedDocument.Link(
                        "next-archive", FeedPaths.archivePath(key.feed(), key.format(), month(after)))));
        Instant updated =
                articles.stream().map(Article::updated).max(Instant::compareTo).orElseThrow();
        FeedDocument doc = new FeedDocument(
                spec,
                FeedPaths.archivePath(key.feed(), key.format(), key.month()),
                articles,
                List.of(),
                updated,
                links,
                true,
                List.of(),
                related(store, key.format(), articles));
        return Representation.of(
                renderer.render(doc, key.format()),
                key.format().mediaType(),
                page.of(doc, key, updated, ARCHIVE_MAX_AGE),
                updated,
                ARCHIVE_MAX_AGE,
                SurrogateKeys.feed(key.feed()));
    }

    /**
     * The related articles of each article, for Atom: RSS 2.0 and JSON Feed 1.1 have no standard place for them.
     * A write announces the feeds whose links to it change (see {@link Change}).
     */
    static Map<String, List<Related>> related(ArticleReads store, FeedFormat format, List<Article> articles) {
        if (format != FeedFormat.ATOM) {
            return Map.of();
        }
        return store.related(articles.stream()
                .filter(a -> !a.related().isEmpty())
                .map(Article::id)
                .toList());
    }

    /** The articles a feed holds, as the store selects them: null for every section together. */
    private static FeedName selection(String feed) {
        return Site.ALL.equals(feed) ? null : FeedName.parse(feed);
    }

    /** What the feed is about; an author's or a tag's feed with no live article is not there (404). */
    private FeedSpec spec(String feed) {
        FeedName name = selection(feed);
        if (name == null) {
            return FeedSpec.all(site);
        }
        if (name.kind() == FeedName.Kind.SECTION) {
            return FeedSpec.of(site.section(feed).orElseThrow(), site);
        }
        return FeedSpec.of(name, store.nameOf(name).orElseThrow(() -> new NotFound(FeedPaths.absent(name))), site);
    }

    private YearMonth month(Instant at) {
        return YearMonth.from(at.atZone(site.zone()));
    }
}
