package io.loa.feed;

import io.loa.article.ArticleBounds;
import io.loa.article.FeedName;
import io.loa.article.PageNumber;
import io.loa.article.Slugs;
import io.loa.config.Site;
import io.loa.fault.Fault;
import io.loa.fault.NotFound;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where feed documents are: the paths a request names a document by, read into the document's key (or a 404),
 * and the paths documents link to each other by. The fast path and the routes read requests here alike.
 * <pre>
 * /feeds/thoi-su.atom                  current document of a section (or all), also .rss and .json
 * /feeds/thoi-su.atom?page=2           an older page of it
 * /feeds/thoi-su/archive/2023-12.atom  a month's archive (RFC 5005), also .rss
 * /feeds/author/nguyen-van-a.atom      the same for an author; /feeds/tag/bien-dong.atom for a tag
 * </pre>
 */
public final class FeedPaths {

    static final int MAX_PAGE = 10_000;
    /**
     * How far back pages reach, in items: a deeper page would cost an OFFSET over this many rows on every
     * request. Older articles are in the monthly archives, which every document links to.
     */
    static final int PAGED_ITEMS = 10_000;
    /** RFC 5005 archives are Atom and RSS documents. */
    static final List<FeedFormat> ARCHIVE_FORMATS = List.of(FeedFormat.RSS, FeedFormat.ATOM);

    private static final String FEEDS = "/feeds/";
    /** The routes of current documents and older pages: of a configured feed, of an author's, of a tag's. */
    private static final Map<FeedName.Kind, String> CURRENT = Map.of(
            FeedName.Kind.SECTION,
            "/feeds/{file}",
            FeedName.Kind.AUTHOR,
            "/feeds/author/{file}",
            FeedName.Kind.TAG,
            "/feeds/tag/{file}");
    /** The routes of monthly archives; {@code {feed}} is the section's slug or all, {@code {slug}} the name's. */
    private static final Map<FeedName.Kind, String> ARCHIVES = Map.of(
            FeedName.Kind.SECTION, "/feeds/{feed}/archive/{file}",
            FeedName.Kind.AUTHOR, "/feeds/author/{slug}/archive/{file}",
            FeedName.Kind.TAG, "/feeds/tag/{slug}/archive/{file}");

    private final Site site;
    private final List<FeedKey> configured = new ArrayList<>();
    /** The configured feeds' current documents by path, read once: every poll asks for one of them. */
    private final Map<String, FeedKey> configuredByPath = new HashMap<>();

    public FeedPaths(Site site) {
        this.site = site;
        List<String> feeds = new ArrayList<>(List.of(Site.ALL));
        site.sections().forEach(section -> feeds.add(section.slug()));
        for (String feed : feeds) {
            for (FeedFormat format : FeedFormat.values()) {
                FeedKey key = new FeedKey(feed, format, 1);
                configured.add(key);
                configuredByPath.put(format.path(feed), key);
            }
        }
    }

    /** The current document of every configured feed (sections and all) in every format. */
    List<FeedKey> configured() {
        return configured;
    }

    /** The route template of the current documents and older pages of feeds of this kind. */
    static String route(FeedName.Kind kind) {
        return CURRENT.get(kind);
    }

    /** The route template of the monthly archives of feeds of this kind. */
    static String archiveRoute(FeedName.Kind kind) {
        return ARCHIVES.get(kind);
    }

    /** The route template a current document is served under, which requests for it are logged by. */
    static String route(FeedKey current) {
        return route(FeedName.parse(current.feed()).kind());
    }

    /**
     * The current document a path with no query names: a configured feed's ({@code /feeds/thoi-su.atom}), or an
     * author's or a tag's ({@code /feeds/tag/bien-dong.atom}) whether or not it has articles now. Read as the routes
     * read it ({@link #page}), so a path is a document here exactly when it is one there.
     */
    Optional<FeedKey> current(String path) {
        FeedKey known = configuredByPath.get(path);
        if (known != null) {
            return Optional.of(known);
        }
        if (!path.startsWith(FEEDS)) {
            return Optional.empty();
        }
        FeedName name = FeedName.parse(path.substring(FEEDS.length()));
        if (name.slug().indexOf('/') >= 0) {
            return Optional.empty();
        }
        try {
            return Optional.of(page(name.kind(), name.slug(), null));
        } catch (Fault notAFeed) {
            return Optional.empty();
        }
    }

    // Names are checked before the cache is consulted, so made-up ones never take room in it.

    /**
     * The document that {@code file} ({@code thoi-su.atom}) names among the feeds of {@code kind}, at page
     * {@code page} (the query parameter, null for the first).
     */
    FeedKey page(FeedName.Kind kind, String file, String page) {
        int dot = file.lastIndexOf('.');
        FeedFormat format = format(file, dot);
        String feed = name(kind, file.substring(0, dot));
        FeedKey key = new FeedKey(feed, format, PageNumber.parse(page, MAX_PAGE, "."));
        if ((long) (key.page() - 1) * site.itemsPerFeed() >= PAGED_ITEMS) {
            throw new NotFound("Pages reach back " + PAGED_ITEMS + " articles; older ones are in the"
                    + " monthly archives, such as " + archivePath(feed, FeedFormat.ATOM, YearMonth.now(site.zone()))
                    + ", each linking to the month before (prev-archive).");
        }
        return key;
    }

    /** The archive that {@code file} ({@code 2023-12.atom}) names of the feed {@code slug} of {@code kind}. */
    ArchiveKey archive(FeedName.Kind kind, String slug, String file) {
        String feed = name(kind, slug);
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
        return new ArchiveKey(feed, format, month);
    }

    private static FeedFormat format(String file, int dot) {
        return FeedFormat.byExtension(dot < 0 ? "" : file.substring(dot + 1))
                .orElseThrow(
                        () -> new NotFound("There is no feed \"" + file + "\"; feeds end in .rss, .atom or .json."));
    }

    /**
     * The feed's name: a configured section's or all, or an author's or a tag's, whose articles are known only once
     * they are read.
     */
    private String name(FeedName.Kind kind, String slug) {
        if (kind == FeedName.Kind.SECTION) {
            if (!Site.ALL.equals(slug) && !site.hasSection(slug)) {
                throw new NotFound("There is no section \"" + slug + "\".");
            }
            return slug;
        }
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

    /** Where a feed's current document ({@code /feeds/thoi-su.atom}) or one of its older pages is. */
    static String pagePath(FeedKey key) {
        String path = key.format().path(key.feed());
        return key.page() == 1 ? path : path + "?page=" + key.page();
    }

    static String archivePath(String feed, FeedFormat format, YearMonth month) {
        return FEEDS + feed + "/archive/" + month + "." + format.extension();
    }
}
