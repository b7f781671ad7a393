package io.loa.feed;

import io.loa.config.Site;
import io.loa.http.Representation;
import io.loa.http.UrlNormalForm;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The WebSub topics Loa is the hub of: the current document of every feed in every format, named by path
 * ({@code /feeds/thoi-su.atom}). Subscribers get the same bytes as a GET.
 */
public final class FeedTopics {

    private final Site site;
    private final FeedRoutes feeds;
    private final Map<String, FeedKey> byPath = new LinkedHashMap<>();
    /** The site's base URL in normal form, which URLs named by subscribers are compared with. */
    private final String base;

    public FeedTopics(Site site, FeedRoutes feeds) {
        this.site = site;
        this.feeds = feeds;
        this.base = UrlNormalForm.of(site.url(""));
        for (FeedKey key : feeds.currentDocuments()) {
            byPath.put(key.format().path(key.feed()), key);
        }
    }

    /** Every topic's path. */
    public Set<String> paths() {
        return byPath.keySet();
    }

    public boolean exists(String path) {
        return byPath.containsKey(path);
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

    /** The topics a change of these sections alters: their feeds and the feed of every section, in every format. */
    public Set<String> changedBy(Collection<String> sections) {
        Set<String> paths = new LinkedHashSet<>();
        for (Map.Entry<String, FeedKey> topic : byPath.entrySet()) {
            FeedKey key = topic.getValue();
            if (key.feed().equals(Site.ALL) || sections.contains(key.feed())) {
                paths.add(topic.getKey());
            }
        }
        return paths;
    }

    /** The topic's document now, exactly as a GET would answer it. */
    public Representation current(String path) {
        FeedKey key = byPath.get(path);
        if (key == null) {
            throw new IllegalArgumentException("Not a topic: " + path);
        }
        return feeds.current(key);
    }

    /** The HTTP {@code Link} header that names a topic's hubs and the topic itself, as a GET sends it. */
    public String linkHeader(String path) {
        return feeds.linkHeader(byPath.get(path));
    }
}
