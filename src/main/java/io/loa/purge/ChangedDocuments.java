package io.loa.purge;

import static io.loa.db.schema.Tables.ARTICLE;

import io.loa.article.FeedName;
import io.loa.cdn.SurrogateKeys;
import io.loa.config.Site;
import io.loa.dispatch.DispatchQueue.Subject;
import io.loa.feed.FeedFormat;
import io.loa.stream.StreamEntry;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jooq.DSLContext;

/**
 * What a batch of changes changed in public, by the names a shared cache knows documents by: the surrogate keys
 * ({@link SurrogateKeys}) for caches that purge by key, and the paths of the documents for those that purge by URL.
 * A change of an article not yet public (scheduled, rescheduled) changed nothing the public sees, and names nothing:
 * not even its key, which would tell the cache of an embargoed article. Searches cannot be listed by path: a cache
 * purged by URL keeps them until they expire.
 */
record ChangedDocuments(Set<String> keys, Set<String> paths, Set<Subject> subjects) {

    /** The sitemaps as Loa serves them, purged by path when anything public changed. */
    private static final List<String> SITEMAP_PATHS =
            List.of("/sitemap.xml", "/sitemaps/news.xml", "/sitemaps/pages.xml");

    static ChangedDocuments of(Collection<StreamEntry> entries, DSLContext tx) {
        Set<String> keys = new LinkedHashSet<>();
        Set<String> paths = new LinkedHashSet<>();
        Set<Subject> subjects = new LinkedHashSet<>();
        Set<String> pagesShowing = new LinkedHashSet<>();
        for (StreamEntry entry : entries) {
            if (!entry.kind().seenInPublic()) {
                continue;
            }
            keys.addAll(SurrogateKeys.feeds(entry.feeds()));
            entry.feeds().forEach(feed -> paths.addAll(feedPaths(FeedName.parse(feed))));
            paths.addAll(allPaths());
            if (entry.articleId() != null) {
                keys.add(SurrogateKeys.article(entry.articleId()));
                paths.add(articlePath(entry.slug()));
                paths.add("/ap/articles/" + entry.slug());
                subjects.add(new Subject(entry.articleId(), entry.position()));
            }
            pagesShowing.addAll(entry.shownOn());
        }
        if (keys.isEmpty()) {
            return new ChangedDocuments(Set.of(), Set.of(), Set.of());
        }
        if (!pagesShowing.isEmpty()) {
            tx.select(ARTICLE.ID)
                    .from(ARTICLE)
                    .where(ARTICLE.SLUG.in(pagesShowing))
                    .fetch(ARTICLE.ID)
                    .forEach(id -> keys.add(SurrogateKeys.article(id)));
            pagesShowing.forEach(slug -> paths.add(articlePath(slug)));
        }
        keys.add(SurrogateKeys.SITEMAPS);
        keys.add(SurrogateKeys.SEARCH);
        paths.addAll(SITEMAP_PATHS);
        return new ChangedDocuments(keys, paths, subjects);
    }

    boolean isEmpty() {
        return keys.isEmpty();
    }

    /**
     * The current document of a feed in every format, its page of headlines, and the fediverse account's outbox that
     * mirrors it (its first page; later ones expire) and an author's profile, which bears their name.
     */
    private static List<String> feedPaths(FeedName feed) {
        List<String> paths = new java.util.ArrayList<>();
        for (FeedFormat format : FeedFormat.values()) {
            paths.add(format.path(feed.name()));
        }
        paths.add(
                switch (feed.kind()) {
                    case SECTION -> "/sections/" + feed.slug();
                    case AUTHOR -> "/authors/" + feed.slug();
                    case TAG -> "/tags/" + feed.slug();
                });
        switch (feed.kind()) {
            case SECTION -> paths.addAll(outbox("/ap/sections/" + feed.slug()));
            case AUTHOR -> {
                paths.add("/ap/authors/" + feed.slug());
                paths.addAll(outbox("/ap/authors/" + feed.slug()));
            }
            case TAG -> {}
        }
        return paths;
    }

    private static List<String> outbox(String account) {
        return List.of(account + "/outbox", account + "/outbox?page=1");
    }

    private static List<String> allPaths() {
        List<String> paths = new java.util.ArrayList<>();
        for (FeedFormat format : FeedFormat.values()) {
            paths.add(format.path(Site.ALL));
        }
        paths.add("/");
        paths.addAll(outbox("/ap/site"));
        paths.add("/nodeinfo/2.1");
        return paths;
    }

    private static String articlePath(String slug) {
        return "/articles/" + slug;
    }
}
