package io.loa.feed;

import io.loa.article.Article;
import io.loa.article.Image;
import io.loa.config.Messages;
import io.loa.config.Site;
import io.loa.html.Html;
import io.loa.http.Representation;
import java.time.Instant;
import java.time.YearMonth;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * A feed document as a page, for people who open a feed in a browser: what a feed is, the address to copy into
 * a feed reader, the document's other formats, and its items. Browsers get it at the feed's own URL in place of
 * the feed (see {@link io.loa.http.ConditionalGet}); it is rendered with the feed and cached with it.
 */
final class FeedPage {

    private final Site site;
    private final Messages messages;

    FeedPage(Site site, Messages messages) {
        this.site = site;
        this.messages = messages;
    }

    /** The page of a feed's current document, or of one of its older pages. */
    Representation of(FeedDocument doc, FeedKey key, Instant lastModified, int maxAge) {
        Map<FeedFormat, String> paths = new EnumMap<>(FeedFormat.class);
        for (FeedFormat format : FeedFormat.values()) {
            paths.put(format, FeedPaths.pagePath(new FeedKey(key.feed(), format, key.page())));
        }
        String part = key.page() == 1 ? null : messages.text("older.page", key.page());
        return render(doc, key.format(), paths, part, lastModified, maxAge);
    }

    /** The page of a monthly archive. */
    Representation of(FeedDocument doc, ArchiveKey key, Instant lastModified, int maxAge) {
        Map<FeedFormat, String> paths = new EnumMap<>(FeedFormat.class);
        for (FeedFormat format : FeedPaths.ARCHIVE_FORMATS) {
            paths.put(format, FeedPaths.archivePath(key.feed(), format, key.month()));
        }
        YearMonth month = key.month();
        String part = messages.text("feed.archive", month.getMonthValue(), month.getYear());
        return render(doc, key.format(), paths, part, lastModified, maxAge);
    }

    /**
     * @param paths where this same document is in each of its formats
     * @param part what part of the feed an older page or an archive holds; null for the current document
     */
    Representation render(
            FeedDocument doc,
            FeedFormat format,
            Map<FeedFormat, String> paths,
            String part,
            Instant lastModified,
            int maxAge) {
        FeedSpec spec = doc.spec();
        Document page = Html.page(site, messages.text("feed.page.title", spec.title(), format.label()));
        FeedLinks.discovery(page, site, spec.key(), spec.query(), spec.title());
        Element main = page.body().appendElement("main");
        Element trail = main.appendElement("p").addClass("meta");
        trail.appendElement("a").attr("href", "/").text(site.title());
        if (spec.subject() == null) {
            trail.appendText(" › " + messages.text("all.subjects"));
        } else {
            trail.appendText(" › ").appendElement("a").attr("href", spec.page()).text(spec.subject());
        }
        main.appendElement("h1").text(spec.title());
        if (part != null) {
            main.appendElement("p").addClass("meta").text(part);
        }
        if (!spec.description().isEmpty()) {
            main.appendElement("p").addClass("lead").text(spec.description());
        }
        howToSubscribe(main.appendElement("section").addClass("note"), spec, format, paths, part != null);
        items(main, doc);
        pages(main, doc);
        return Html.of(page, lastModified, maxAge);
    }

    /** What a feed is and how to follow it; the address to copy is selectable text, no script needed. */
    private void howToSubscribe(
            Element note, FeedSpec spec, FeedFormat format, Map<FeedFormat, String> paths, boolean older) {
        note.appendElement("p")
                .appendElement("strong")
                .text(messages.text("feed.what", format.label()))
                .parent()
                .appendText(" " + messages.text("feed.explained"));
        note.appendElement("p").appendElement("label").attr("for", "feed-url").text(messages.text("feed.copy"));
        note.appendElement("input")
                .attr("id", "feed-url")
                .attr("type", "url")
                .attr("readonly", true)
                .attr("value", site.url(spec.path(format)));
        if (older) {
            note.appendElement("p").text(messages.text("feed.older"));
        }
        Element others = note.appendElement("p").addClass("feeds").appendText(messages.text("feed.formats") + " ");
        paths.forEach((other, path) -> {
            if (other != format) {
                others.appendElement("a")
                        .attr("href", path)
                        .attr("type", other.type())
                        .text(other.label());
                others.appendText(" ");
            }
        });
    }

    private void items(Element main, FeedDocument doc) {
        if (doc.articles().isEmpty()) {
            main.appendElement("p").text(messages.text("no.articles"));
            return;
        }
        Element list = main.appendElement("ol").addClass("headlines");
        for (Article article : doc.articles()) {
            Element item = list.appendElement("li");
            if (!article.language().equals(site.language())) {
                item.attr("lang", article.language());
            }
            item.appendElement("h2")
                    .appendElement("a")
                    .attr("href", article.link(site.baseUrl()))
                    .text(article.title());
            Html.time(item, article.published(), site.zone(), messages);
            if (!article.images().isEmpty()) {
                image(item, article.images().get(0));
            }
            String lead = article.lead();
            if (lead != null) {
                item.appendElement("p").text(lead);
            }
        }
    }

    private static void image(Element into, Image lead) {
        Element img = into.appendElement("img")
                .attr("src", lead.url())
                .attr("loading", "lazy")
                .attr("alt", lead.alt() != null ? lead.alt() : lead.caption() != null ? lead.caption() : "");
        if (lead.width() != null && lead.height() != null) {
            img.attr("width", lead.width().toString())
                    .attr("height", lead.height().toString());
        }
    }

    /** The document's paging and archive links, each a page again when a browser follows it. */
    private void pages(Element main, FeedDocument doc) {
        Element nav = main.appendElement("nav").addClass("pages").attr("aria-label", messages.text("feed.pages"));
        Set<String> shown = new HashSet<>();
        for (String rel : List.of("previous", "next", "first", "current", "prev-archive", "next-archive")) {
            doc.link(rel)
                    .filter(shown::add)
                    .ifPresent(path -> nav.appendElement("a")
                            .attr("href", path)
                            .text(messages.text(
                                    switch (rel) {
                                        case "previous" -> "feed.previous";
                                        case "next" -> "feed.next";
                                        case "first" -> "feed.first";
                                        case "current" -> "feed.current";
                                        case "prev-archive" -> doc.archive() ? "feed.previous.month" : "feed.archives";
                                        default -> "feed.next.month";
                                    })));
        }
        if (nav.childrenSize() == 0) {
            nav.remove();
        }
    }
}
