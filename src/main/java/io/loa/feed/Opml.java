package io.loa.feed;

import io.loa.config.Messages;
import io.loa.config.Section;
import io.loa.config.Site;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.jdom2.Document;
import org.jdom2.Element;
import org.jdom2.output.Format;
import org.jdom2.output.XMLOutputter;

/** OPML 2.0 listing every feed, section by section and format by format, so a reader can take the whole paper. */
final class Opml {

    private final Site site;
    private final Messages messages;

    Opml(Site site, Messages messages) {
        this.site = site;
        this.messages = messages;
    }

    byte[] render() {
        Element head = new Element("head")
                .addContent(new Element("title").setText(site.title()))
                .addContent(new Element("ownerName").setText(site.title()));
        Element body = new Element("body");
        body.addContent(group(messages.text("all.feed", site.title()), Site.ALL, "/"));
        for (Section section : site.sections()) {
            body.addContent(group(site.feedTitle(section.title()), section.slug(), FeedLinks.page(section.slug())));
        }
        Element opml = new Element("opml")
                .setAttribute("version", "2.0")
                .addContent(head)
                .addContent(body);
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            new XMLOutputter(Format.getPrettyFormat().setEncoding("UTF-8")).output(new Document(opml), out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Element group(String title, String key, String page) {
        Element group = new Element("outline").setAttribute("text", title);
        for (FeedFormat format : FeedFormat.values()) {
            group.addContent(new Element("outline")
                    .setAttribute("type", "rss")
                    .setAttribute("text", title + " (" + format.label() + ")")
                    .setAttribute("title", title + " (" + format.label() + ")")
                    .setAttribute("xmlUrl", site.url(format.path(key)))
                    .setAttribute("htmlUrl", site.url(page))
                    .setAttribute("language", site.language()));
        }
        return group;
    }
}
