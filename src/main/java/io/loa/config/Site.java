package io.loa.config;

import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The validated contents of {@code feeds-config/}: the site and its sections.
 *
 * @param baseUrl the public base URL, without a trailing slash, that every link in a feed starts with
 * @param idPrefix what every article GUID and Atom id starts with, e.g. {@code tag:baohatinh.vn,2023:}
 * @param maxAge seconds a reader may keep a document before asking again, unless its section says otherwise
 * @param icon a small square image of the site (a path on Loa or an absolute URL), or null
 * @param logo a wide image of the site (a path on Loa or an absolute URL), or null
 * @param tombstoneDays how long a deleted article stays announced as deleted in Atom feeds (RFC 6721)
 * @param cdn what documents tell the shared caches in front of Loa
 * @param websub the WebSub hub's settings
 * @param purge the shared caches purged after each write (site.yaml's {@code purge:}), none by default
 * @param indexNow IndexNow's settings, if search engines are to be told of changed pages
 * @param fediverse the site, its sections and its authors as fediverse accounts (ActivityPub)
 * @param clients the proxies trusted to name the client, and how fast clients may poll
 */
public record Site(
        String title,
        String description,
        String baseUrl,
        String language,
        ZoneId zone,
        int itemsPerFeed,
        String idPrefix,
        String copyright,
        int maxAge,
        String icon,
        String logo,
        int tombstoneDays,
        CdnConfig cdn,
        WebSubConfig websub,
        List<PurgeConfig> purge,
        Optional<IndexNowConfig> indexNow,
        FediverseConfig fediverse,
        List<Section> sections,
        Clients clients) {

    /** The slug of the feed that carries every section together. */
    public static final String ALL = "all";
    /** What search feeds are called ({@code /feeds/search.atom?q=…}): no section may be. */
    public static final String SEARCH = "search";

    public Site {
        purge = List.copyOf(purge);
        sections = List.copyOf(sections);
    }

    public Optional<Section> section(String slug) {
        return sections.stream().filter(s -> s.slug().equals(slug)).findFirst();
    }

    public boolean hasSection(String slug) {
        return section(slug).isPresent();
    }

    /**
     * The title of a feed about {@code subject} (a section, an author, a tag): the site's name, then the subject,
     * said once when they are the same (an author named as the paper is, "Báo Hà Tĩnh").
     */
    public String feedTitle(String subject) {
        return sameName(subject) ? title : title + " – " + subject;
    }

    /** The title of the page of {@code subject}: the subject, then the site's name, said once when the same. */
    public String pageTitle(String subject) {
        return sameName(subject) ? title : subject + " – " + title;
    }

    private boolean sameName(String subject) {
        return subject.strip().equalsIgnoreCase(title.strip());
    }

    /** An absolute URL on this site for a path that starts with a slash. */
    public String url(String path) {
        return baseUrl + path;
    }

    /** An absolute URL: a path on this site made absolute, an absolute URL left as it is, null left null. */
    public String absolute(String pathOrUrl) {
        return pathOrUrl == null || !pathOrUrl.startsWith("/") ? pathOrUrl : url(pathOrUrl);
    }

    public Site withBaseUrl(String url) {
        return new Site(
                title,
                description,
                url,
                language,
                zone,
                itemsPerFeed,
                idPrefix,
                copyright,
                maxAge,
                icon,
                logo,
                tombstoneDays,
                cdn,
                websub,
                purge,
                indexNow,
                fediverse,
                sections,
                clients);
    }

    public Site withWebSub(WebSubConfig settings) {
        return new Site(
                title,
                description,
                baseUrl,
                language,
                zone,
                itemsPerFeed,
                idPrefix,
                copyright,
                maxAge,
                icon,
                logo,
                tombstoneDays,
                cdn,
                settings,
                purge,
                indexNow,
                fediverse,
                sections,
                clients);
    }

    /** Loa's own WebSub hub. */
    public String hubUrl() {
        return url("/websub");
    }

    /** Every hub a feed advertises: Loa's own first, then the configured ones. */
    public List<String> hubUrls() {
        return Stream.concat(Stream.of(hubUrl()), websub.hubs().stream()).toList();
    }
}
