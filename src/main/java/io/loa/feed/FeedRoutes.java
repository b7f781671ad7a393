package io.loa.feed;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.loa.article.Article;
import io.loa.article.ArticleBounds;
import io.loa.article.ArticleReads;
import io.loa.stream.FeedChanges;
import io.loa.article.Change;
import io.loa.article.ChangeSensitive;
import io.loa.article.FeedName;
import io.loa.article.Related;
import io.loa.article.Slugs;
import io.loa.article.Tombstone;
import io.loa.config.Site;
import io.loa.fault.NotFound;
import io.loa.http.ConditionalGet;
import io.loa.http.GetAndHead;
import io.loa.http.PageNumber;
import io.loa.http.RenderCache;
import io.loa.http.Representation;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The feeds, rendered once per change and served from memory.
 * <pre>
 * GET /feeds/{section}.rss|.atom|.json            the current document (RSS 2.0, Atom 1.0, JSON Feed 1.1)
 * GET /feeds/{section}.atom?page=2                older items, page by page (next / previous links)
 * GET /feeds/{section}/archive/2023-12.atom       every article of a month (RFC 5005 archive), also .rss
 * GET /feeds/author/nguyen-van-a.atom             the same for an author's articles: pages, archives
 * GET /feeds/tag/bien-dong.atom                   and for a tag's
 * GET /feeds.opml                                 every feed, for subscribing to the whole paper
 * </pre>
 * {@code {section}} is a configured section or {@code all}. An author's or a tag's feed exists while a live article is
 * in it.
 */
public final class FeedRoutes {

    static final int MAX_PAGE = 10_000;
    /**
     * How far back pages reach, in items: a deeper page would cost an OFFSET over this many rows on every
     * request. Older articles are in the monthly archives, which every document links to.
     */
    static final int PAGED_ITEMS = 10_000;
    /** More than any section publishes in a month; an archive document never cuts its month short below this. */
    static final int MAX_ARCHIVE_ITEMS = 5_000;
    static final int ARCHIVE_MAX_AGE = 86_400;
    /** RFC 5005 archives are Atom and RSS documents. */
    static final List<FeedFormat> ARCHIVE_FORMATS = List.of(FeedFormat.RSS, FeedFormat.ATOM);
    private static final String FEEDS = "/feeds/";
    /** The routes of current documents and older pages: of a configured feed, of an author's, of a tag's. */
    private static final Map<FeedName.Kind, String> CURRENT = Map.of(FeedName.Kind.SECTION, "/feeds/{file}",
            FeedName.Kind.AUTHOR, "/feeds/author/{file}", FeedName.Kind.TAG, "/feeds/tag/{file}");

    private final Site site;
    private final ArticleReads store;
    private final FeedChanges feedChanges;
    private final FeedRenderer renderer;
    private final FeedPage page;
    private final Opml opml;
    private final RenderCache cache;
    private final ConditionalGet http;
    /** The Link header of each feed's current document (WebSub discovery), written once: every GET sends one. */
    private final Map<FeedKey, String> linkHeaders = new LinkedHashMap<>();
    private final Map<String, FeedKey> configuredByPath = new LinkedHashMap<>();

    public FeedRoutes(Site site, ArticleReads store, FeedChanges feedChanges, RenderCache cache, ConditionalGet http) {
        this.site = site;
        this.store = store;
        this.feedChanges = feedChanges;
        this.renderer = new FeedRenderer(site);
        this.page = new FeedPage(site);
        this.opml = new Opml(site);
        this.cache = cache;
        this.http = http;
        List<String> feeds = new ArrayList<>(List.of(Site.ALL));
        site.sections().forEach(section -> feeds.add(section.slug()));
        for (String feed : feeds) {
            for (FeedFormat format : FeedFormat.values()) {
                linkHeaders.put(new FeedKey(feed, format, 1), linkHeader(site, format.path(feed)));
                configuredByPath.put(format.path(feed), new FeedKey(feed, format, 1));
            }
        }
    }

    /** Names a document's hubs and the document itself (WebSub, section 4). */
    private static String linkHeader(Site site, String path) {
        StringBuilder links = new StringBuilder();
        for (String hub : site.hubUrls()) {
            links.append('<').append(hub).append(">; rel=\"hub\", ");
        }
        return links.append('<').append(site.url(path)).append(">; rel=\"self\"").toString();
    }

    /** The current document of every configured feed (sections and all) in every format. */
    Set<FeedKey> currentDocuments() {
        return linkHeaders.keySet();
    }

    /**
     * The current document a path names: a configured feed's ({@code /feeds/thoi-su.atom}), or an author's or a
     * tag's ({@code /feeds/tag/bien-dong.atom}) whether or not it has articles now (see {@link #exists}).
     */
    Optional<FeedKey> currentDocument(String path) {
        FeedKey configured = configuredByPath.get(path);
        if (configured != null) {
            return Optional.of(configured);
        }
        // The inverse of FeedFormat.path: /feeds/{name}.{extension}.
        int dot = path.lastIndexOf('.');
        if (!path.startsWith(FEEDS) || dot < FEEDS.length()) {
            return Optional.empty();
        }
        FeedName feed = FeedName.parse(path.substring(FEEDS.length(), dot));
        if (feed.kind() == FeedName.Kind.SECTION || !Slugs.isName(feed.slug())) {
            return Optional.empty();
        }
        return FeedFormat.byExtension(path.substring(dot + 1)).map(format -> new FeedKey(feed.name(), format, 1));
    }

    /** Whether the feed has a document now: a configured one always, an author's or tag's while it has an article. */
    boolean exists(FeedKey key) {
        return linkHeaders.containsKey(key) || store.nameOf(FeedName.parse(key.feed())).isPresent();
    }

    String linkHeader(FeedKey current) {
        String configured = linkHeaders.get(current);
        return configured != null ? configured : linkHeader(site, current.format().path(current.feed()));
    }

    /** The OPML list names feeds only, which the config alone decides: no write changes it. */
    record OpmlKey() implements ChangeSensitive {
        @Override
        public boolean changedBy(Change change) {
            return false;
        }
    }

    /** A month's archive document; any change in its feed may be in that month. */
    record ArchiveKey(String feed, FeedFormat format, YearMonth month) implements ChangeSensitive {
        @Override
        public boolean changedBy(Change change) {
            return new FeedKey(feed, format, 1).changedBy(change);
        }
    }

    public void register(RoutesConfig routes) {
        GetAndHead.route(routes, CURRENT.get(FeedName.Kind.SECTION), ctx -> feed(ctx, this::feedName));
        GetAndHead.route(routes, CURRENT.get(FeedName.Kind.AUTHOR),
                ctx -> feed(ctx, slug -> named(FeedName.Kind.AUTHOR, slug)));
        GetAndHead.route(routes, CURRENT.get(FeedName.Kind.TAG),
                ctx -> feed(ctx, slug -> named(FeedName.Kind.TAG, slug)));
        GetAndHead.route(routes, "/feeds/{feed}/archive/{file}", ctx -> archive(ctx, feedName(ctx.pathParam("feed"))));
        GetAndHead.route(routes, "/feeds/author/{slug}/archive/{file}",
                ctx -> archive(ctx, named(FeedName.Kind.AUTHOR, ctx.pathParam("slug"))));
        GetAndHead.route(routes, "/feeds/tag/{slug}/archive/{file}",
                ctx -> archive(ctx, named(FeedName.Kind.TAG, ctx.pathParam("slug"))));
        GetAndHead.route(routes, "/feeds.opml", ctx -> http.send(ctx, cache.get(new OpmlKey(), () ->
                Representation.of(opml.render(), "text/x-opml; charset=utf-8", null, site.maxAge()))));
    }

    /** The route template a current document is served under, which requests for it are logged by. */
    static String route(FeedKey current) {
        return CURRENT.get(FeedName.parse(current.feed()).kind());
    }

    /** @param name the feed named by the file's name without its extension, or a 404 */
    private void feed(Context ctx, UnaryOperator<String> name) {
        String file = ctx.pathParam("file");
        int dot = file.lastIndexOf('.');
        FeedFormat format = format(file, dot);
        String feed = name.apply(file.substring(0, dot));
        FeedKey key = new FeedKey(feed, format, page(ctx.queryParam("page")));
        if ((long) (key.page() - 1) * site.itemsPerFeed() >= PAGED_ITEMS) {
            throw new NotFound("Pages reach back " + PAGED_ITEMS + " articles; older ones are in the"
                    + " monthly archives, such as " + archivePath(feed, FeedFormat.ATOM, YearMonth.now(site.zone()))
                    + ", each linking to the month before (prev-archive).");
        }
        Representation doc = current(key);
        if (key.page() == 1) {
            // WebSub discovery without parsing the body, for every format alike.
            ctx.header("Link", linkHeader(key));
        }
        http.send(ctx, doc);
    }

    /** A feed document as every reader gets it: from the cache, rendered when it is not there. */
    Representation current(FeedKey key) {
        return cache.get(key, () -> render(key));
    }

    private void archive(Context ctx, String feed) {
        String file = ctx.pathParam("file");
        int dot = file.lastIndexOf('.');
        FeedFormat format = format(file, dot);
        if (!ARCHIVE_FORMATS.contains(format)) {
            throw new NotFound("Archives are Atom and RSS documents (RFC 5005).");
        }
        YearMonth month;
        try {
            month = YearMonth.parse(file.substring(0, dot));
        } catch (DateTimeParseException e) {
            throw new NotFound("There is no archive \"" + file + "\"; archives are named like 2023-12.atom.");
        }
        if (!ArticleBounds.dates(month)) {
            throw new NotFound("No article can be dated in " + month + ".");
        }
        ArchiveKey key = new ArchiveKey(feed, format, month);
        http.send(ctx, cache.get(key, () -> renderArchive(key)));
    }

    // Names are checked before the cache is consulted, so made-up ones never take room in it.

    private static FeedFormat format(String file, int dot) {
        return FeedFormat.byExtension(dot < 0 ? "" : file.substring(dot + 1)).orElseThrow(() ->
                new NotFound("There is no feed \"" + file + "\"; feeds end in .rss, .atom or .json."));
    }

    private String feedName(String feed) {
        if (!Site.ALL.equals(feed) && !site.hasSection(feed)) {
            throw new NotFound("There is no section \"" + feed + "\".");
        }
        return feed;
    }

    /** The name of an author's or a tag's feed; whether it has articles is known only once it is read. */
    private static String named(FeedName.Kind kind, String slug) {
        if (!Slugs.isName(slug)) {
            throw new NotFound(absent(new FeedName(kind, slug)));
        }
        return new FeedName(kind, slug).name();
    }

    /** What a 404 says of an author's or a tag's feed or page that has no live article. */
    public static String absent(FeedName feed) {
        return feed.kind() == FeedName.Kind.AUTHOR
                ? "There is no author \"" + feed.slug() + "\": no article is by them."
                : "There is no tag \"" + feed.slug() + "\": no article is tagged so.";
    }

    private static int page(String value) {
        return PageNumber.parse(value, MAX_PAGE, ".");
    }

    Representation render(FeedKey key) {
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
            newestPublished.ifPresent(newest ->
                    links.add(new FeedDocument.Link("prev-archive", archivePath(key.feed(), key.format(), month(newest)))));
        }

        // Deletions and moves date no article, so the feed's own change time counts for Last-Modified too.
        Optional<Instant> changed = feedChanges.last(selection == null ? Set.of() : Set.of(key.feed()));
        // An empty feed is dated by its own changes alone (else the epoch): a write elsewhere leaves it, and the
        // copy cached before that write, as they were.
        Instant newestItem = articles.stream().map(Article::updated).max(Instant::compareTo).orElse(Instant.EPOCH);
        Instant lastModified = changed.filter(c -> c.isAfter(newestItem)).orElse(newestItem);
        // Counted back from the feed's own last change, not from "now", so the document stays deterministic.
        List<Tombstone> tombstones = key.page() > 1 ? List.of() : store.deletedSince(selection,
                lastModified.minus(Duration.ofDays(site.tombstoneDays())), size);
        Instant updated = tombstones.stream().map(Tombstone::deleted).filter(d -> d.isAfter(newestItem))
                .findFirst().orElse(newestItem);
        FeedDocument doc = new FeedDocument(spec, pagePath(key), articles, tombstones, updated, links, false,
                key.page() == 1 ? site.hubUrls() : List.of(), related(key.format(), articles));
        return Representation.of(renderer.render(doc, key.format()), key.format().mediaType(),
                page.of(doc, key, lastModified, spec.maxAge()), lastModified, spec.maxAge());
    }

    Representation renderArchive(ArchiveKey key) {
        FeedName selection = selection(key.feed());
        Instant from = key.month().atDay(1).atStartOfDay(site.zone()).toInstant();
        Instant to = key.month().plusMonths(1).atDay(1).atStartOfDay(site.zone()).toInstant();
        FeedSpec spec = spec(key.feed());
        List<Article> articles = store.published(selection, from, to, 0, MAX_ARCHIVE_ITEMS);
        if (articles.isEmpty()) {
            throw new NotFound("No article of \"" + key.feed() + "\" was published in " + key.month() + ".");
        }
        List<FeedDocument.Link> links = new ArrayList<>();
        links.add(new FeedDocument.Link("current", key.format().path(key.feed())));
        store.newestPublishedBefore(selection, from).ifPresent(before ->
                links.add(new FeedDocument.Link("prev-archive", archivePath(key.feed(), key.format(), month(before)))));
        store.oldestPublishedFrom(selection, to).ifPresent(after ->
                links.add(new FeedDocument.Link("next-archive", archivePath(key.feed(), key.format(), month(after)))));
        Instant updated = articles.stream().map(Article::updated).max(Instant::compareTo).orElseThrow();
        FeedDocument doc = new FeedDocument(spec, archivePath(key.feed(), key.format(), key.month()),
                articles, List.of(), updated, links, true, List.of(), related(key.format(), articles));
        return Representation.of(renderer.render(doc, key.format()), key.format().mediaType(),
                page.of(doc, key, updated, ARCHIVE_MAX_AGE), updated, ARCHIVE_MAX_AGE);
    }

    /**
     * The related articles of each article, for Atom: RSS 2.0 and JSON Feed 1.1 have no standard place for them.
     * A write announces the feeds whose links to it change (see {@link Change}).
     */
    private Map<String, List<Related>> related(FeedFormat format, List<Article> articles) {
        return related(store, format, articles);
    }

    static Map<String, List<Related>> related(ArticleReads store, FeedFormat format, List<Article> articles) {
        if (format != FeedFormat.ATOM) {
            return Map.of();
        }
        return store.related(articles.stream().filter(a -> !a.related().isEmpty()).map(Article::id).toList());
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
        return FeedSpec.of(name, store.nameOf(name).orElseThrow(() -> new NotFound(absent(name))), site);
    }

    private YearMonth month(Instant at) {
        return YearMonth.from(at.atZone(site.zone()));
    }

    /** Where a feed's current document ({@code /feeds/thoi-su.atom}) or one of its older pages is. */
    static String pagePath(FeedKey key) {
        String path = key.format().path(key.feed());
        return key.page() == 1 ? path : path + "?page=" + key.page();
    }

    static String archivePath(String feed, FeedFormat format, YearMonth month) {
        return "/feeds/" + feed + "/archive/" + month + "." + format.extension();
    }
}
