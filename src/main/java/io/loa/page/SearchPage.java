package io.loa.page;

import io.loa.cdn.SurrogateKeys;
import io.loa.config.Messages;
import io.loa.config.Site;
import io.loa.feed.FeedLinks;
import io.loa.html.Html;
import io.loa.http.Representation;
import io.loa.search.SearchQuery;
import io.loa.search.SearchResults;
import java.time.Instant;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * The search page, {@code /search?q=dan+van}: a form, the newest matches a page at a time, and the search's feeds
 * (autodiscovery links too), so a search can be followed in a feed reader. Without {@code q}, the form alone.
 */
final class SearchPage {

    private final Site site;
    private final SearchResults results;
    private final Messages messages;

    SearchPage(Site site, SearchResults results, Messages messages) {
        this.site = site;
        this.results = results;
        this.messages = messages;
    }

    /** The form, for {@code /search} with no query. */
    Representation form() {
        Document doc = Html.page(site, messages.text("search.title", site.title()));
        Element main = start(doc, null);
        main.appendElement("p").text(messages.text("search.hint"));
        return Html.of(doc, null, site.maxAge());
    }

    Representation results(SearchQuery query, int number) {
        SearchResults.Page found = results.page(query, number, SearchResults.PER_PAGE);
        Document doc = Html.page(site, messages.text("search.results.title", query.text(), site.title()));
        FeedLinks.discovery(
                doc, site, Site.SEARCH, "?" + query.param(), messages.text("search.feed", site.title(), query.text()));
        Element main = start(doc, query);
        main.appendElement("p")
                .addClass("meta")
                .text(
                        found.total() == 0
                                ? messages.text("search.none")
                                : number > 1
                                        ? messages.text("search.found.page", found.total(), number)
                                        : messages.text("search.found", found.total()));
        PageParts.feedLinks(
                main.appendElement("p").addClass("feeds"),
                messages.text("search.follow"),
                Site.SEARCH,
                "?" + query.param());
        Instant newest = PageParts.headlines(main, found.articles(), site, messages);
        Element nav = main.appendElement("nav").addClass("pages").attr("aria-label", messages.text("search.pages"));
        if (number > 1) {
            nav.appendElement("a")
                    .attr("href", path(query, number - 1))
                    .attr("rel", "prev")
                    .text(messages.text("search.newer"));
        }
        if (found.hasNext()) {
            nav.appendElement("a")
                    .attr("href", path(query, number + 1))
                    .attr("rel", "next")
                    .text(messages.text("search.older"));
        }
        return Html.of(doc, newest, site.maxAge(), SurrogateKeys.SEARCH);
    }

    private static String path(SearchQuery query, int number) {
        return FeedLinks.SEARCH_PAGE + "?" + query.param() + (number == 1 ? "" : "&page=" + number);
    }

    /** The trail, the heading and the form, with the query in it when there is one. */
    private Element start(Document doc, SearchQuery query) {
        Element main = doc.body().appendElement("main");
        PageParts.trail(main, site);
        main.appendElement("h1")
                .text(query == null ? messages.text("search") : messages.text("search.heading", query.text()));
        form(main, query == null ? "" : query.text(), messages);
        return main;
    }

    /** A search form, on this page and on the home page. */
    static void form(Element into, String text, Messages messages) {
        Element form = into.appendElement("form")
                .attr("action", FeedLinks.SEARCH_PAGE)
                .attr("method", "get")
                .attr("role", "search");
        form.appendElement("label").attr("for", "q").text(messages.text("search.label") + " ");
        form.appendElement("input")
                .attr("type", "search")
                .attr("id", "q")
                .attr("name", "q")
                .attr("value", text)
                .attr("maxlength", String.valueOf(SearchQuery.MAX_LENGTH))
                .attr("required", true);
        form.appendText(" ");
        form.appendElement("button").attr("type", "submit").text(messages.text("search.button"));
    }
}
