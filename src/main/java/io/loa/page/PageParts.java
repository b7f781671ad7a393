package io.loa.page;

import io.loa.article.Article;
import io.loa.config.Messages;
import io.loa.config.Site;
import io.loa.feed.FeedFormat;
import io.loa.html.Html;
import java.time.Instant;
import java.util.List;
import org.jsoup.nodes.Element;

/** The pieces the HTML pages share: the way back home, a list of headlines, a feed's links in every format. */
final class PageParts {

    private PageParts() {}

    /** The link back to the home page, above the heading. */
    static void trail(Element main, Site site) {
        main.appendElement("p")
                .addClass("meta")
                .appendElement("a")
                .attr("href", "/")
                .text(site.title());
    }

    /** The articles as a list of headlines: title, time and summary. Returns the newest update among them. */
    static Instant headlines(Element main, List<Article> articles, Site site, Messages messages) {
        Element list = main.appendElement("ol").addClass("headlines");
        for (Article a : articles) {
            Element item = list.appendElement("li");
            item.appendElement("a").attr("href", a.link(site.baseUrl())).text(a.title());
            item.appendText(" ");
            Html.time(item, a.published(), site.zone(), messages);
            String lead = a.lead();
            if (lead != null) {
                item.appendElement("p").text(lead);
            }
        }
        return articles.stream().map(Article::updated).max(Instant::compareTo).orElse(null);
    }

    /** After {@code label}, a link to the feed {@code key} in each format; {@code query} ("" or "?q=…") follows. */
    static void feedLinks(Element into, String label, String key, String query) {
        into.appendText(label + " ");
        for (FeedFormat format : FeedFormat.values()) {
            into.appendElement("a")
                    .attr("href", format.path(key) + query)
                    .attr("type", format.type())
                    .text(format.label());
            into.appendText(" ");
        }
    }
}
