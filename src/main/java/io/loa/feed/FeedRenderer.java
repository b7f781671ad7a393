package io.loa.feed;

import com.rometools.rome.feed.WireFeed;
import com.rometools.rome.feed.atom.Feed;
import com.rometools.rome.io.FeedException;
import com.rometools.rome.io.WireFeedOutput;
import io.loa.config.Site;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.jdom2.Document;
import org.jdom2.Element;
import org.jdom2.Namespace;
import org.jdom2.output.Format;
import org.jdom2.output.XMLOutputter;

/**
 * Renders a feed document with Rome. The output depends on the articles alone (no "now"), so the same content
 * gives the same bytes on every instance and after every restart.
 */
final class FeedRenderer {

    private final Site site;
    private final RssFeed rss;
    private final AtomFeed atom;
    private final JsonFeed json;

    FeedRenderer(Site site) {
        this.site = site;
        this.rss = new RssFeed(site);
        this.atom = new AtomFeed(site);
        this.json = new JsonFeed(site);
    }

    /** Tombstones are announced in Atom only; the paging and archive links in every format. */
    byte[] render(FeedDocument doc, FeedFormat format) {
        return switch (format) {
            case RSS -> xml(doc.spec(), rss.build(doc));
            case ATOM -> xml(doc.spec(), atom.build(doc));
            case JSON -> json.render(doc);
        };
    }

    private byte[] xml(FeedSpec spec, WireFeed wire) {
        try {
            Document document = new WireFeedOutput().outputJDom(wire);
            LocalDates.rewrite(document, site.zone());
            Element root = document.getRootElement();
            if (wire instanceof Feed) {
                // Rome drops the language of an Atom feed; xml:lang is where Atom keeps it.
                root.setAttribute("lang", site.language(), Namespace.XML_NAMESPACE);
                if (!root.getChildren("deleted-entry", AtomFeed.TOMBSTONES).isEmpty()) {
                    root.addNamespaceDeclaration(AtomFeed.TOMBSTONES);
                }
                if (root.getChild("archive", FeedHistory.NAMESPACE) != null) {
                    root.addNamespaceDeclaration(FeedHistory.NAMESPACE);
                }
            } else {
                root.addNamespaceDeclaration(RssFeed.DCTERMS);
                root.addNamespaceDeclaration(RssFeed.SY);
                if (root.getChild("channel").getChild("archive", FeedHistory.NAMESPACE) != null) {
                    root.addNamespaceDeclaration(FeedHistory.NAMESPACE);
                }
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream(16 * 1024);
            new XMLOutputter(Format.getRawFormat().setEncoding("UTF-8").setLineSeparator("\n")).output(document, out);
            return out.toByteArray();
        } catch (FeedException | IOException e) {
            throw new IllegalStateException("Rome could not write the " + spec.key() + " feed", e);
        }
    }
}
