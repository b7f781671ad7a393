package io.loa.article;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.safety.Safelist;

/**
 * Cleans an article body with an allow-list: paragraphs, links, lists, quotes, headings, tables and figures with
 * images and captions stay; scripts, styles, event handlers, frames and non-http(s) URLs go. Relative URLs are
 * made absolute against the article's own address so they work inside any feed reader.
 */
public final class BodyHtml {

    private static final Safelist ALLOWED = Safelist.none()
            .addTags(
                    "p",
                    "br",
                    "hr",
                    "a",
                    "ul",
                    "ol",
                    "li",
                    "dl",
                    "dt",
                    "dd",
                    "blockquote",
                    "q",
                    "cite",
                    "figure",
                    "figcaption",
                    "img",
                    "h2",
                    "h3",
                    "h4",
                    "h5",
                    "h6",
                    "strong",
                    "b",
                    "em",
                    "i",
                    "u",
                    "s",
                    "sub",
                    "sup",
                    "small",
                    "mark",
                    "abbr",
                    "code",
                    "pre",
                    "span",
                    "div",
                    "time",
                    "table",
                    "caption",
                    "thead",
                    "tbody",
                    "tfoot",
                    "tr",
                    "th",
                    "td")
            .addAttributes("a", "href", "title")
            .addAttributes("img", "src", "alt", "title", "width", "height")
            .addAttributes("blockquote", "cite")
            .addAttributes("q", "cite")
            .addAttributes("abbr", "title")
            .addAttributes("time", "datetime")
            .addAttributes("th", "colspan", "rowspan", "scope")
            .addAttributes("td", "colspan", "rowspan")
            .addProtocols("a", "href", "http", "https", "mailto")
            .addProtocols("img", "src", "http", "https")
            .addProtocols("blockquote", "cite", "http", "https")
            .addProtocols("q", "cite", "http", "https");

    private static final Document.OutputSettings OUTPUT = new Document.OutputSettings()
            .prettyPrint(false)
            .charset("UTF-8")
            .escapeMode(org.jsoup.nodes.Entities.EscapeMode.xhtml);

    private BodyHtml() {}

    /** The cleaned body; {@code baseUri} resolves relative links. */
    public static String clean(String html, String baseUri) {
        if (html == null || html.isBlank()) {
            return "";
        }
        String clean = Jsoup.clean(SafeText.of(html), baseUri, ALLOWED, OUTPUT);
        // content:encoded is a CDATA section, which "]]>" would end: never let it through, whatever jsoup escapes.
        return SafeText.of(clean.replace("]]>", "]]&gt;"));
    }
}
