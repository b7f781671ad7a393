package io.loa.sitemap;

import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * Writes one sitemap document with StAX, element by element into a byte buffer: a {@code urlset} (sitemaps.org
 * 0.9, with Google's image and news extensions where asked) or a {@code sitemapindex}. Text and URLs are escaped
 * by the writer; dates are W3C date-times with the site's offset.
 */
final class SitemapXml {

    static final String SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9";
    static final String IMAGE = "http://www.google.com/schemas/sitemap-image/1.1";
    static final String NEWS = "http://www.google.com/schemas/sitemap-news/0.9";

    private static final XMLOutputFactory FACTORY = XMLOutputFactory.newFactory();
    private static final DateTimeFormatter W3C = DateTimeFormatter.ISO_OFFSET_DATE_TIME;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
    private final XMLStreamWriter xml;
    private final ZoneId zone;
    private final String entry;

    private SitemapXml(ZoneId zone, String root, String... extensions) {
        this.zone = zone;
        this.entry = root.equals("urlset") ? "url" : "sitemap";
        try {
            xml = FACTORY.createXMLStreamWriter(out, "UTF-8");
            xml.writeStartDocument("UTF-8", "1.0");
            xml.writeCharacters("\n");
            xml.setDefaultNamespace(SITEMAP);
            xml.writeStartElement(SITEMAP, root);
            xml.writeDefaultNamespace(SITEMAP);
            for (String namespace : extensions) {
                String prefix = namespace.equals(IMAGE) ? "image" : "news";
                xml.setPrefix(prefix, namespace);
                xml.writeNamespace(prefix, namespace);
            }
        } catch (XMLStreamException e) {
            throw new IllegalStateException("A sitemap could not be started", e);
        }
    }

    /** A {@code urlset} that may use the extensions of these namespaces ({@link #IMAGE}, {@link #NEWS}). */
    static SitemapXml urlset(ZoneId zone, String... extensions) {
        return new SitemapXml(zone, "urlset", extensions);
    }

    static SitemapXml index(ZoneId zone) {
        return new SitemapXml(zone, "sitemapindex");
    }

    /** Opens a {@code url} (or, in an index, {@code sitemap}) entry: its location and when it last changed. */
    SitemapXml entry(String loc, Instant lastmod) {
        return write(() -> {
            xml.writeCharacters("\n");
            xml.writeStartElement(SITEMAP, entry);
            element(SITEMAP, "loc", loc);
            if (lastmod != null) {
                element(SITEMAP, "lastmod", date(lastmod));
            }
        });
    }

    /** An image of the open entry (Google's image extension 1.1), with its caption when it has one. */
    SitemapXml image(String loc, String caption) {
        return write(() -> {
            xml.writeStartElement(IMAGE, "image");
            element(IMAGE, "loc", loc);
            if (caption != null && !caption.isBlank()) {
                element(IMAGE, "caption", caption);
            }
            xml.writeEndElement();
        });
    }

    /** The open entry's Google News element (news extension 0.9). */
    SitemapXml news(String publication, String language, Instant published, String title) {
        return write(() -> {
            xml.writeStartElement(NEWS, "news");
            xml.writeStartElement(NEWS, "publication");
            element(NEWS, "name", publication);
            element(NEWS, "language", language);
            xml.writeEndElement();
            element(NEWS, "publication_date", date(published));
            element(NEWS, "title", title);
            xml.writeEndElement();
        });
    }

    /** Closes the open entry. */
    SitemapXml end() {
        return write(xml::writeEndElement);
    }

    /** Bytes written so far. */
    int size() {
        write(xml::flush);
        return out.size();
    }

    byte[] finish() {
        write(() -> {
            xml.writeCharacters("\n");
            xml.writeEndElement();
            xml.writeEndDocument();
            xml.writeCharacters("\n");
            xml.close();
        });
        return out.toByteArray();
    }

    private void element(String namespace, String name, String text) throws XMLStreamException {
        xml.writeStartElement(namespace, name);
        xml.writeCharacters(text);
        xml.writeEndElement();
    }

    private String date(Instant at) {
        return W3C.format(OffsetDateTime.ofInstant(at.truncatedTo(ChronoUnit.SECONDS), zone));
    }

    private interface Step {
        void run() throws XMLStreamException;
    }

    private SitemapXml write(Step step) {
        try {
            step.run();
            return this;
        } catch (XMLStreamException e) {
            throw new IllegalStateException("A sitemap could not be written", e);
        }
    }
}
