package io.loa.feed;

import com.rometools.modules.content.ContentModuleImpl;
import com.rometools.rome.feed.module.DCModuleImpl;
import com.rometools.rome.feed.module.Module;
import com.rometools.rome.feed.rss.Category;
import com.rometools.rome.feed.rss.Channel;
import com.rometools.rome.feed.rss.Description;
import com.rometools.rome.feed.rss.Guid;
import com.rometools.rome.feed.rss.Image;
import com.rometools.rome.feed.rss.Item;
import io.loa.article.Article;
import io.loa.article.Tag;
import io.loa.config.Site;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.stream.Stream;
import org.jdom2.Element;
import org.jdom2.Namespace;
import org.jsoup.nodes.Entities;

/** Builds an RSS 2.0 channel: full HTML in {@code content:encoded}, the lead image in Media RSS. */
final class RssFeed {

    static final Namespace ATOM = Namespace.getNamespace("atom", "http://www.w3.org/2005/Atom");
    static final Namespace DCTERMS = Namespace.getNamespace("dcterms", "http://purl.org/dc/terms/");
    static final Namespace SY = Namespace.getNamespace("sy", "http://purl.org/rss/1.0/modules/syndication/");

    private final Site site;

    RssFeed(Site site) {
        this.site = site;
    }

    Channel build(FeedDocument doc) {
        FeedSpec spec = doc.spec();
        List<Article> articles = doc.articles();
        Instant updated = doc.updated();
        Channel channel = new Channel("rss_2.0");
        channel.setTitle(spec.title());
        channel.setLink(site.url(spec.page()));
        channel.setDescription(spec.description().isEmpty() ? spec.title() : spec.description());
        channel.setLanguage(site.language());
        channel.setGenerator("Loa");
        channel.setDocs("https://www.rssboard.org/rss-specification");
        if (!site.copyright().isEmpty()) {
            channel.setCopyright(site.copyright());
        }
        channel.setLastBuildDate(Date.from(updated));
        // How often to poll, consistent with Cache-Control: ttl in minutes, and the syndication module's period
        // (written by hand: Rome writes that module in RSS 1.0 only).
        channel.setTtl(Math.max(1, (spec.maxAge() + 59) / 60));
        if (site.logo() != null) {
            Image logo = new Image();
            logo.setUrl(site.absolute(site.logo()));
            logo.setTitle(spec.title());
            logo.setLink(site.url(spec.page()));
            // Rome writes -1 for a size nobody set; the logo's size is not known here, so none is written.
            logo.setWidth(null);
            logo.setHeight(null);
            channel.setImage(logo);
        }
        Element self = new Element("link", ATOM)
                .setAttribute("href", site.url(doc.selfPath()))
                .setAttribute("rel", "self")
                .setAttribute("type", "application/rss+xml");
        Element period = new Element("updatePeriod", SY).setText("hourly");
        Element frequency = new Element("updateFrequency", SY)
                .setText(String.valueOf(Math.max(1, 3600 / Math.max(1, spec.maxAge()))));
        List<Element> markup = new ArrayList<>(List.of(self, period, frequency));
        for (FeedDocument.Link link : doc.links()) {
            markup.add(new Element("link", ATOM)
                    .setAttribute("href", site.url(link.path()))
                    .setAttribute("rel", link.rel())
                    .setAttribute("type", "application/rss+xml"));
        }
        for (String hub : doc.hubs()) {
            markup.add(new Element("link", ATOM).setAttribute("href", hub).setAttribute("rel", "hub"));
        }
        if (doc.archive()) {
            markup.add(new Element("archive", FeedHistory.NAMESPACE));
        }
        channel.setForeignMarkup(markup);
        channel.setItems(articles.stream().map(this::item).toList());
        return channel;
    }

    private Item item(Article article) {
        Item item = new Item();
        item.setTitle(article.title());
        item.setLink(article.link(site.baseUrl()));
        Guid guid = new Guid();
        guid.setValue(FeedIds.article(site, article));
        guid.setPermaLink(false);
        item.setGuid(guid);
        String lead = article.lead();
        if (lead != null) {
            Description description = new Description();
            // Readers take an RSS description as HTML, so the plain-text lead is escaped for it ("VH-TT&DL").
            description.setType("text/html");
            description.setValue(Entities.escape(lead));
            item.setDescription(description);
        }
        item.setPubDate(Date.from(article.published()));
        item.setCategories(Stream.concat(
                        article.sections().stream().map(this::category),
                        article.tags().stream().map(this::category))
                .toList());

        List<Module> modules = new ArrayList<>();
        if (article.author() != null) {
            DCModuleImpl dc = new DCModuleImpl();
            dc.setCreator(article.author());
            modules.add(dc);
        }
        if (!article.body().isEmpty()) {
            ContentModuleImpl content = new ContentModuleImpl();
            content.setEncodeds(List.of(article.body()));
            modules.add(content);
        }
        MediaImages.of(article).ifPresent(modules::add);
        item.setModules(modules);
        // RSS has no element for the time of the last edit; DCMI's "modified" is the one validators know.
        item.setForeignMarkup(new ArrayList<>(
                List.of(new Element("modified", DCTERMS).setText(LocalDates.iso(article.updated(), site.zone())))));
        return item;
    }

    private Category category(String slug) {
        Category category = new Category();
        category.setValue(site.section(slug).map(s -> s.title()).orElse(slug));
        category.setDomain(site.url("/feeds/" + slug + ".rss"));
        return category;
    }

    /** A tag, in a domain of its own that tells it from a section. */
    private Category category(Tag tag) {
        Category category = new Category();
        category.setValue(tag.label());
        category.setDomain(site.url(FeedLinks.TAG_PAGES));
        return category;
    }
}
