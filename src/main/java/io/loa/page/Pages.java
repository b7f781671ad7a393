package io.loa.page;

import io.loa.article.Article;
import io.loa.article.ArticleReads;
import io.loa.article.FeedName;
import io.loa.article.Image;
import io.loa.article.Related;
import io.loa.article.Tag;
import io.loa.cdn.SurrogateKeys;
import io.loa.config.Messages;
import io.loa.config.Section;
import io.loa.config.Site;
import io.loa.fault.NotFound;
import io.loa.fediverse.FediverseRoutes;
import io.loa.feed.FeedLinks;
import io.loa.feed.FeedPaths;
import io.loa.html.Html;
import io.loa.http.Representation;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/** Renders Loa's HTML pages: plain, accessible, no script, every text escaped by jsoup. */
final class Pages {

    private static final int HEADLINES = 20;

    private final Site site;
    private final ArticleReads store;
    private final Messages messages;
    private final Optional<FediverseRoutes> fediverse;

    Pages(Site site, ArticleReads store, Messages messages, Optional<FediverseRoutes> fediverse) {
        this.site = site;
        this.store = store;
        this.messages = messages;
        this.fediverse = fediverse;
    }

    Representation home() {
        Document doc = Html.page(site, site.title());
        FeedLinks.discovery(doc, site, Site.ALL, messages.text("all.feed", site.title()));
        site.sections().forEach(s -> FeedLinks.discovery(doc, site, s.slug(), site.feedTitle(s.title())));
        Element main = doc.body().appendElement("main");
        main.appendElement("h1").text(site.title());
        main.appendElement("p").addClass("lead").text(site.description());
        SearchPage.form(main, "", messages);
        main.appendElement("p")
                .text(messages.text("home.follow") + " ")
                .appendElement("a")
                .attr("href", "/feeds.opml")
                .text(messages.text("home.opml"))
                .parent()
                .appendText(" " + messages.text("home.follow.end"));
        Element list = main.appendElement("ul").addClass("sections");
        section(list, messages.text("all.subjects"), site.description(), Site.ALL, false);
        for (Section section : site.sections()) {
            section(list, section.title(), section.description(), section.slug(), true);
        }
        return Html.of(doc, null, site.maxAge(), SurrogateKeys.ALL);
    }

    Representation section(String slug) {
        Section section = site.section(slug).orElseThrow();
        Document doc = Html.page(site, site.pageTitle(section.title()));
        FeedLinks.discovery(doc, site, slug, site.feedTitle(section.title()));
        Element main = doc.body().appendElement("main");
        PageParts.trail(main, site);
        main.appendElement("h1").text(section.title());
        main.appendElement("p").addClass("lead").text(section.description());
        feedLinks(main.appendElement("p").addClass("feeds"), slug);
        return withHeadlines(doc, main, FeedName.section(slug), section.maxAge());
    }

    /** An author's or a tag's page: its name, its feeds and its latest articles; 404 while it has no live article. */
    Representation named(FeedName feed) {
        String name = store.nameOf(feed).orElseThrow(() -> new NotFound(FeedPaths.absent(feed)));
        Document doc = Html.page(site, site.pageTitle(name));
        FeedLinks.discovery(doc, site, feed.name(), site.feedTitle(name));
        Element main = doc.body().appendElement("main");
        PageParts.trail(main, site);
        main.appendElement("h1").text(name);
        main.appendElement("p")
                .addClass("lead")
                .text(messages.text(feed.kind() == FeedName.Kind.AUTHOR ? "author.lead" : "tag.lead", name));
        feedLinks(main.appendElement("p").addClass("feeds"), feed.name());
        return withHeadlines(doc, main, feed, site.maxAge());
    }

    /** The page with the feed's latest headlines, dated by the newest update among them. */
    private Representation withHeadlines(Document doc, Element main, FeedName feed, int maxAge) {
        List<Article> latest = store.latestIn(feed, HEADLINES);
        Instant newest = PageParts.headlines(main, latest, site, messages);
        if (latest.isEmpty()) {
            main.appendElement("p").text(messages.text("no.articles"));
        }
        return Html.of(doc, newest, maxAge, SurrogateKeys.feed(feed.name()));
    }

    Representation article(String slug) {
        Article article =
                store.findBySlug(slug).orElseThrow(() -> new NotFound("There is no article \"" + slug + "\"."));
        List<Related> related = article.related().isEmpty()
                ? List.of()
                : store.related(List.of(article.id())).getOrDefault(article.id(), List.of());
        Document doc = Html.page(site, article.title());
        doc.selectFirst("html").attr("lang", article.language());
        if (article.url() != null) {
            doc.head().appendElement("link").attr("rel", "canonical").attr("href", article.url());
        }
        String lead = article.lead();
        if (lead != null) {
            doc.head().appendElement("meta").attr("name", "description").attr("content", lead);
        }
        fediverse.ifPresent(f -> {
            // Where fediverse servers find the article's object, and whose post Mastodon credits a shared link to.
            doc.head()
                    .appendElement("link")
                    .attr("rel", "alternate")
                    .attr("type", "application/activity+json")
                    .attr("href", f.objectUrl(article.slug()));
            f.creator(article)
                    .ifPresent(handle -> doc.head()
                            .appendElement("meta")
                            .attr("name", "fediverse:creator")
                            .attr("content", handle));
        });
        Element main = doc.body().appendElement("main");
        Element text = main.appendElement("article");
        text.appendElement("h1").text(article.title());
        Element meta = text.appendElement("p").addClass("meta");
        Html.time(meta, article.published(), site.zone(), messages);
        if (article.author() != null) {
            meta.appendText(" · ");
            article.authorSlug()
                    .ifPresentOrElse(
                            author -> meta.appendElement("a")
                                    .attr("href", FeedLinks.page(FeedName.author(author)))
                                    .attr("rel", "author")
                                    .text(article.author()),
                            () -> meta.appendText(article.author()));
        }
        if (article.source() != null) {
            meta.appendText(" · " + article.source());
        }
        // Shown above the body only as the editor wrote it: a lead made of the body's opening would say it twice.
        if (article.summary() != null) {
            text.appendElement("p").addClass("lead").text(article.summary());
        }
        text.appendElement("div").append(article.body());
        topics(text, article.sections());
        if (!article.tags().isEmpty()) {
            tags(text, article.tags());
        }
        if (!related.isEmpty()) {
            readMore(main, related);
        }
        return Html.of(doc, lastModified(article), site.maxAge(), keys(article));
    }

    /**
     * When the article's page last changed: its update, or a later write of an article it names as related (a
     * deletion too), since the page shows their titles and images. Otherwise a client revalidating by date alone
     * would be told a changed page had not changed.
     */
    private Instant lastModified(Article article) {
        if (article.related().isEmpty()) {
            return article.updated();
        }
        return store.relatedChanged(article.id())
                .filter(changed -> changed.isAfter(article.updated()))
                .orElse(article.updated());
    }

    /**
     * The article's key, and those of the articles it names as related: the page shows their titles and images,
     * so a write of one of them purges it too.
     */
    private static String[] keys(Article article) {
        return Stream.concat(Stream.of(article.id()), article.related().stream())
                .map(SurrogateKeys::article)
                .distinct()
                .toArray(String[]::new);
    }

    /** The article's sections, each linking to its page. */
    private void topics(Element into, List<String> sections) {
        Element nav = into.appendElement("nav").addClass("topics").attr("aria-labelledby", "chu-de");
        nav.appendElement("h2").attr("id", "chu-de").text(messages.text("article.sections"));
        Element list = nav.appendElement("ul");
        for (String slug : sections) {
            Element item = list.appendElement("li");
            // A section taken out of the config keeps its name here, but has no page to link to.
            site.section(slug)
                    .ifPresentOrElse(
                            section -> item.appendElement("a")
                                    .attr("href", "/sections/" + slug)
                                    .text(section.title()),
                            () -> item.text(slug));
        }
    }

    /** The article's tags, each linking to its page. */
    private void tags(Element into, List<Tag> tags) {
        Element nav = into.appendElement("nav").addClass("topics tags").attr("aria-labelledby", "tu-khoa");
        nav.appendElement("h2").attr("id", "tu-khoa").text(messages.text("article.tags"));
        Element list = nav.appendElement("ul");
        for (Tag tag : tags) {
            list.appendElement("li")
                    .appendElement("a")
                    .attr("href", FeedLinks.page(FeedName.tag(tag.slug())))
                    .attr("rel", "tag")
                    .text(tag.label());
        }
    }

    /** The related articles that still exist, in the editor's order: each its title and lead image. */
    private void readMore(Element into, List<Related> related) {
        Element aside = into.appendElement("aside").addClass("related").attr("aria-labelledby", "doc-them");
        aside.appendElement("h2").attr("id", "doc-them").text(messages.text("article.related"));
        Element list = aside.appendElement("ul");
        for (Related other : related) {
            Element link = list.appendElement("li").appendElement("a").attr("href", other.link(site.baseUrl()));
            Image lead = other.lead();
            if (lead != null) {
                // The title beside it names the link, so an image without alt text is left unannounced.
                Element image = link.appendElement("img")
                        .attr("src", lead.url())
                        .attr("alt", lead.alt() == null ? "" : lead.alt());
                if (lead.width() != null && lead.height() != null) {
                    // Attributes, not style: they reserve the image's shape before it loads, under the page's policy.
                    image.attr("width", lead.width().toString())
                            .attr("height", lead.height().toString());
                }
            }
            link.appendElement("span").text(other.title());
        }
    }

    private void section(Element list, String title, String description, String key, boolean hasPage) {
        Element item = list.appendElement("li");
        Element heading = item.appendElement("h2");
        if (hasPage) {
            heading.appendElement("a").attr("href", "/sections/" + key).text(title);
        } else {
            heading.text(title);
        }
        if (!description.isEmpty()) {
            item.appendElement("p").text(description);
        }
        feedLinks(item.appendElement("p").addClass("feeds"), key);
    }

    private void feedLinks(Element into, String key) {
        PageParts.feedLinks(into, messages.text("feeds.label"), key, "");
    }
}
