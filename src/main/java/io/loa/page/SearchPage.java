package io.loa.page;

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

    SearchPage(Site site, SearchResults results) {
        this.site = site;
        this.results = results;
    }

    /** The form, for {@code /search} with no query. */
    Representation form() {
        Document doc = Html.page(site, "Tìm kiếm – " + site.title());
        Element main = start(doc, null);
        main.appendElement("p").text("Gõ có dấu hay không dấu đều được: “dan van” tìm được “dân vận”.");
        return Html.of(doc, null, site.maxAge());
    }

    Representation results(SearchQuery query, int number) {
        SearchResults.Page found = results.page(query, number, SearchResults.PER_PAGE);
        Document doc = Html.page(site, "Tìm kiếm: " + query.text() + " – " + site.title());
        FeedLinks.discovery(doc, site, Site.SEARCH, "?" + query.param(), site.title() + " – Tìm kiếm: " + query.text());
        Element main = start(doc, query);
        main.appendElement("p").addClass("meta").text(found.total() == 0 ? "Không tìm thấy bài viết nào."
                : found.total() + " bài viết" + (number > 1 ? ", trang " + number : "") + ", mới nhất trước.");
        PageParts.feedLinks(main.appendElement("p").addClass("feeds"), "Theo dõi tìm kiếm này: ", Site.SEARCH,
                "?" + query.param());
        Instant newest = PageParts.headlines(main, found.articles(), site);
        Element nav = main.appendElement("nav").addClass("pages").attr("aria-label", "Các trang kết quả");
        if (number > 1) {
            nav.appendElement("a").attr("href", path(query, number - 1)).attr("rel", "prev").text("← Mới hơn");
        }
        if (found.hasNext()) {
            nav.appendElement("a").attr("href", path(query, number + 1)).attr("rel", "next").text("Cũ hơn →");
        }
        return Html.of(doc, newest, site.maxAge());
    }

    private static String path(SearchQuery query, int number) {
        return FeedLinks.SEARCH_PAGE + "?" + query.param() + (number == 1 ? "" : "&page=" + number);
    }

    /** The trail, the heading and the form, with the query in it when there is one. */
    private Element start(Document doc, SearchQuery query) {
        Element main = doc.body().appendElement("main");
        PageParts.trail(main, site);
        main.appendElement("h1").text(query == null ? "Tìm kiếm" : "Tìm kiếm: " + query.text());
        form(main, query == null ? "" : query.text());
        return main;
    }

    /** A search form, on this page and on the home page. */
    static void form(Element into, String text) {
        Element form = into.appendElement("form").attr("action", FeedLinks.SEARCH_PAGE).attr("method", "get")
                .attr("role", "search");
        form.appendElement("label").attr("for", "q").text("Tìm bài viết ");
        form.appendElement("input").attr("type", "search").attr("id", "q").attr("name", "q").attr("value", text)
                .attr("maxlength", String.valueOf(SearchQuery.MAX_LENGTH)).attr("required", true);
        form.appendText(" ");
        form.appendElement("button").attr("type", "submit").text("Tìm");
    }
}
