package io.loa.page;

import io.javalin.http.Context;
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
        head.appendElement("style").appendChild(new org.jsoup.nodes.DataNode(STYLE));
        return doc;
    }

    static void send(Context ctx, Document doc) {
        byte[] body = ("<!DOCTYPE html>\n" + doc.html()).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        ctx.contentType("text/html; charset=utf-8")
                .header("Content-Length", String.valueOf(body.length))
                .header("Cache-Control", "public, max-age=300")
                .result(body);
    }
}
