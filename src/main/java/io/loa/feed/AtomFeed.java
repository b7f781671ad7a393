package io.loa.feed;

import com.rometools.rome.feed.atom.Category;
import com.rometools.rome.feed.atom.Content;
import com.rometools.rome.feed.atom.Entry;
import com.rometools.rome.feed.atom.Feed;
import com.rometools.rome.feed.atom.Generator;
import com.rometools.rome.feed.atom.Link;
import com.rometools.rome.feed.atom.Person;
import com.rometools.rome.feed.module.Module;
import io.loa.article.Article;
import io.loa.article.Related;
import io.loa.article.Tag;
import io.loa.article.Tombstone;
import io.loa.config.Site;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.stream.Stream;
import org.jdom2.Element;
import org.jdom2.Namespace;

/**
 * Builds an Atom 1.0 feed: full HTML in {@code content type="html"}, the lead image in Media RSS, and a
 * {@code link rel="related"} to each related article that exists.
 */
final class AtomFeed {

    private final Site site;

    AtomFeed(Site site) {
        this.site = site;
    }

    /** RFC 6721's namespace: deleted entries are announced so readers can remove what they have. */
    static final Namespace TOMBSTONES = Namespace.getNamespace("at", "http://purl.org/atompub/tombstones/1.0");

    Feed build(FeedDocument doc) {
        FeedSpec spec = doc.spec();
        List<Article> articles = doc.articles();
        Instant updated = doc.updated();
        Feed feed = new Feed("atom_1.0");
        feed.setId(FeedIds.feed(site, spec));
        feed.setTitle(spec.title());
        if (!spec.description().isEmpty()) {
            feed.setSubtitle(text(spec.description()));
        }
        feed.setUpdated(Date.from(updated));
        feed.setAlternateLinks(List.of(link("alternate", site.url(spec.page()), "text/html")));
        List<Link> links = new ArrayList<>(List.of(link("self", site.url(doc.selfPath()), "application/atom+xml")));
        doc.links().forEach(l -> links.add(link(l.rel(), site.url(l.path()), "application/atom+xml")));
        doc.hubs().forEach(hub -> links.add(link("hub", hub, null)));
        feed.setOtherLinks(links);
        feed.setAuthors(List.of(person(site.title())));
        if (!site.copyright().isEmpty()) {
            feed.setRights(site.copyright());
        }
        feed.setIcon(site.absolute(site.icon()));
        feed.setLogo(site.absolute(site.logo()));
        Generator generator = new Generator();
        generator.setValue("Loa");
        feed.setGenerator(generator);
        feed.setEntries(articles.stream()
                .map(a -> entry(a, doc.related().getOrDefault(a.id(), List.of())))
                .toList());
        List<Element> markup =
                new ArrayList<>(doc.tombstones().stream().map(this::tombstone).toList());
        if (doc.archive()) {
            markup.add(new Element("archive", FeedHistory.NAMESPACE));
        }
        feed.setForeignMarkup(markup);
        return feed;
    }

    private Element tombstone(Tombstone deleted) {
        return new Element("deleted-entry", TOMBSTONES)
                .setAttribute("ref", FeedIds.article(site, deleted.articleId()))
                .setAttribute("when", LocalDates.iso(deleted.deleted(), site.zone()));
    }

    private Entry entry(Article article, List<Related> related) {
        Entry entry = new Entry();
        entry.setId(FeedIds.article(site, article));
        entry.setTitleEx(text(article.title()));
        entry.setAlternateLinks(List.of(link("alternate", article.link(site.baseUrl()), "text/html")));
        entry.setOtherLinks(related.stream()
                .map(r -> link("related", r.link(site.baseUrl()), null))
                .toList());
        entry.setPublished(Date.from(article.published()));
        entry.setUpdated(Date.from(article.updated()));
        if (article.author() != null) {
            Person author = person(article.author());
            FeedLinks.authorPage(site, article).ifPresent(author::setUri);
            entry.setAuthors(List.of(author));
        }
        entry.setCategories(Stream.concat(
                        article.sections().stream().map(this::category),
                        article.tags().stream().map(this::category))
                .toList());
        String lead = article.lead();
        if (lead != null) {
            entry.setSummary(text(lead));
        }
        if (!article.body().isEmpty()) {
            Content body = new Content();
            body.setType(Content.HTML);
            body.setValue(article.body());
            entry.setContents(List.of(body));
        }
        List<Module> modules = new ArrayList<>();
        MediaImages.of(article).ifPresent(modules::add);
        entry.setModules(modules);
        return entry;
    }

    private Category category(String slug) {
        Category category = new Category();
        category.setTerm(slug);
        category.setLabel(site.section(slug).map(s -> s.title()).orElse(slug));
        category.setScheme(site.url("/feeds/"));
        return category;
    }

    /** A tag as a category of its own scheme, which tells it from a section: scheme and term make its page's URL. */
    private Category category(Tag tag) {
        Category category = new Category();
        category.setTerm(tag.slug());
        category.setLabel(tag.label());
        category.setScheme(site.url(FeedLinks.TAG_PAGES));
        return category;
    }

    private static Content text(String value) {
        Content content = new Content();
        content.setType(Content.TEXT);
        content.setValue(value);
        return content;
    }

    private static Link link(String rel, String href, String type) {
        Link link = new Link();
        link.setRel(rel);
        link.setHref(href);
        link.setType(type);
        return link;
    }

    private static Person person(String name) {
        Person person = new Person();
        person.setName(name);
        return person;
    }
}
