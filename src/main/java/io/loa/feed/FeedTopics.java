package io.loa.feed;

import io.loa.article.Change;
import io.loa.article.FeedName;
import io.loa.config.Site;
import io.loa.http.Representation;
import io.loa.http.UrlNormalForm;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The WebSub topics Loa is the hub of: the current document of every feed in every format, named by path
 * ({@code /feeds/thoi-su.atom}). The config names the feeds of sections and of all; an author's or a tag's feed
 * ({@code /feeds/tag/bien-dong.atom}) is a topic while it has an article. Subscribers get the same bytes as a GET.
 */
public final class FeedTopics {

    private final Site site;
    private final FeedPaths paths;
    private final FeedCatalog catalog;
    private final HubLinks links;
    private final Set<String> configured = new LinkedHashSet<>();
    /** The site's base URL in normal form, which URLs named by subscribers are compared with. */
    private final String base;

    public FeedTopics(Site site, FeedPaths paths, FeedCatalog catalog, HubLinks links) {
        this.site = site;
        this.paths = paths;
        this.catalog = catalog;
        this.links = links;
        this.base = UrlNormalForm.of(site.url(""));
        for (FeedKey key : paths.configured()) {
            configured.add(path(key));
        }
    }

    /** Every topic's path that the config names: the feeds of sections and of all. */
    public Set<String> paths() {
        return Collections.unmodifiableSet(configured);
    }

    public boolean exists(String path) {
        return paths.current(path).filter(catalog::exists).isPresent();
    }

    /**
     * Whether the path names a topic of this config, articles or none: a configured feed, or an author's or a tag's
     * feed, which may have no article for a while and have one again.
     */
    public boolean named(String path) {
        return paths.current(path).isPresent();
    }

    /** The path of the topic a URL names, when it is one of Loa's. */
    public Optional<String> pathOf(String url) {
        return pathOnSite(url).filter(this::exists);
    }

    /**
     * The path a URL names on this site, topic or not. URLs are compared in normal form, as WebSub (5.1) asks
     * of hubs: {@code HTTP://Example.com:80/feeds/thoi%2Dsu.atom} names {@code /feeds/thoi-su.atom}, as a GET of it
     * would.
     */
    public Optional<String> pathOnSite(String url) {
        String normal = UrlNormalForm.of(url);
        return normal.startsWith(base + "/") ? Optional.of(normal.substring(base.length())) : Optional.empty();
    }

    public String url(String path) {
        return site.url(path);
    }

    /**
     * The topics a change of these feeds (by name, as the change log names them) alters, in every format: the
     * feeds themselves and the feed of every section, as the render cache decides ({@link FeedKey#changedBy}).
     */
    public Set<String> changedBy(Collection<String> changedFeeds) {
        Change change = new Change(null, null, Set.copyOf(changedFeeds), Set.of());
        List<FeedKey> candidates = new ArrayList<>(paths.configured());
        for (String feed : changedFeeds) {
            if (FeedName.parse(feed).kind() != FeedName.Kind.SECTION) {
                for (FeedFormat format : FeedFormat.values()) {
                    candidates.add(new FeedKey(feed, format, 1));
                }
            }
        }
        Set<String> paths = new LinkedHashSet<>();
        for (FeedKey key : candidates) {
            if (key.changedBy(change)) {
                paths.add(path(key));
            }
        }
        return paths;
    }

    /** The topic's document now, exactly as a GET would answer it. */
    public Representation current(String path) {
        return catalog.current(key(path));
    }

    /** The HTTP {@code Link} header that names a topic's hubs and the topic itself, as a GET sends it. */
    public String linkHeader(String path) {
        return links.of(key(path));
    }

    private FeedKey key(String path) {
        return paths.current(path).orElseThrow(() -> new IllegalArgumentException("Not a topic: " + path));
    }

    private static String path(FeedKey key) {
        return key.format().path(key.feed());
    }
}
