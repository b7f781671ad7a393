package io.loa.page;

import io.loa.http.Representation;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.jsoup.nodes.DataNode;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/** A plain, self-contained HTML page built with jsoup, so every text is escaped by construction. */
final class Html {

    private static final String STYLE = """
            body{font:17px/1.6 Georgia,'Times New Roman',serif;max-width:46rem;margin:2rem auto;padding:0 1rem;color:#222}
            h1{font-size:1.9rem;line-height:1.25}a{color:#0b5394}
            .meta,.lead{color:#555}.lead{font-weight:bold}
            figure{margin:1.5rem 0}img{max-width:100%;height:auto}figcaption{font-size:.9rem;color:#555}
            ul.feeds li{margin:.3rem 0}""";

    private Html() {}

    static Document page(String language, String title) {
        Document doc = Document.createShell("");
        doc.outputSettings().prettyPrint(false).charset("UTF-8");
        doc.selectFirst("html").attr("lang", language);
        Element head = doc.head();
        head.appendElement("meta").attr("charset", "utf-8");
        head.appendElement("meta").attr("name", "viewport").attr("content", "width=device-width, initial-scale=1");
        head.appendElement("title").text(title);
        head.appendElement("style").appendChild(new DataNode(STYLE));
        return doc;
    }

    /** The page as a cacheable document. */
    static Representation of(Document doc, Instant lastModified, int maxAge) {
        byte[] body = ("<!DOCTYPE html>\n" + doc.html()).getBytes(StandardCharsets.UTF_8);
        return Representation.of(body, "text/html; charset=utf-8", lastModified, maxAge);
    }
}
