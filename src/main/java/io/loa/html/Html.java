package io.loa.html;

import io.loa.config.Messages;
import io.loa.config.Site;
import io.loa.http.Representation;
import io.loa.http.SecurityHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import org.jsoup.nodes.DataNode;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * How Loa's HTML pages are made: a plain, self-contained page built with jsoup, so every text is escaped by
 * construction, styled by one inline stylesheet that its Content-Security-Policy allows and nothing else.
 */
public final class Html {

    private static final String STYLE = """
            body{font:17px/1.6 Georgia,'Times New Roman',serif;max-width:46rem;margin:2rem auto;padding:0 1rem;color:#222;background:#fffdf8}
            h1{font-size:2rem;line-height:1.25;color:#900}h2{font-size:1.25rem;margin:.2rem 0}
            a{color:#0b5394}a:focus,a:hover{color:#900}
            .meta,.lead{color:#555}.lead{font-weight:bold}
            figure{margin:1.5rem 0}img{max-width:100%;height:auto}figcaption{font-size:.9rem;color:#555}
            ul.sections{list-style:none;padding:0}ul.sections li{border-top:1px solid #e6dccb;padding:.8rem 0}
            .feeds a,.topics a{font-family:system-ui,sans-serif;font-size:.85rem;background:#f3ead9;border-radius:3px;padding:.1rem .4rem;text-decoration:none}
            .topics ul,.related ul{list-style:none;padding:0}.topics li{display:inline-block;margin:0 .4rem .4rem 0}
            .related{border-top:2px solid #900;margin-top:2rem}.related li{border-top:1px solid #e6dccb;padding:.8rem 0}
            .related a{display:flex;gap:1rem;align-items:flex-start;font-weight:bold;text-decoration:none}.related img{width:8rem;flex:none}
            ol.headlines li{margin:.8rem 0}ol.headlines p{margin:.2rem 0;color:#444}time{color:#666;font-size:.9rem}
            ol.headlines img{display:block;width:20rem;margin:.4rem 0}nav.pages a{margin-right:1.2rem}
            .note{background:#f3ead9;border-radius:6px;padding:.1rem 1rem;font-family:system-ui,sans-serif;font-size:.95rem}
            .note input{width:100%;box-sizing:border-box;padding:.4rem;font:.95rem ui-monospace,monospace;border:1px solid #c9b99a;border-radius:3px;background:#fff}
            .note .feeds a{background:#fff}""";
    /**
     * What a page loads: its one inline stylesheet, and images from Loa and from wherever an article's body points
     * (the publisher's site, over https or plain http, which the body cleaner keeps). No script, font or frame.
     */
    private static final String POLICY = SecurityHeaders.policy(
            "img-src 'self' https: http:", "style-src " + SecurityHeaders.inlineStyle(STYLE), "form-action 'self'");

    private Html() {}

    public static Document page(Site site, String title) {
        Document doc = Document.createShell("");
        doc.outputSettings().prettyPrint(false).charset("UTF-8");
        doc.selectFirst("html").attr("lang", site.language());
        Element head = doc.head();
        head.appendElement("meta").attr("charset", "utf-8");
        head.appendElement("meta").attr("name", "viewport").attr("content", "width=device-width, initial-scale=1");
        head.appendElement("title").text(title);
        if (site.icon() != null) {
            head.appendElement("link").attr("rel", "icon").attr("href", site.absolute(site.icon()));
        }
        head.appendElement("style").appendChild(new DataNode(STYLE));
        return doc;
    }

    /** The page as a cacheable document, holding what its surrogate keys name. */
    public static Representation of(Document doc, Instant lastModified, int maxAge, String... keys) {
        byte[] body = ("<!DOCTYPE html>\n" + doc.html()).getBytes(StandardCharsets.UTF_8);
        return Representation.html(body, POLICY, lastModified, maxAge, keys);
    }

    /** A time as people read it in {@code zone} and the site's language, and as machines do in its {@code datetime}. */
    public static void time(Element into, Instant at, ZoneId zone, Messages messages) {
        into.appendElement("time")
                .attr("datetime", at.atZone(zone).toOffsetDateTime().toString())
                .text(messages.time().format(at.atZone(zone)));
    }
}
