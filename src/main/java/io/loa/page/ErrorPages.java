package io.loa.page;

import io.loa.config.Messages;
import io.loa.config.Site;
import io.loa.feed.FeedLinks;
import io.loa.html.Html;
import io.loa.http.PageErrors;
import io.loa.http.Representation;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * The site's error pages: a missing article, section, author or tag page, asked for by a browser, is a page in the
 * site's shell with the way home and the search form, not a JSON document. Made once a status.
 */
public final class ErrorPages implements PageErrors {

    /** The paths of the site's pages below {@code /}: {@link PageRoutes}' routes. */
    private static final List<String> PAGES =
            List.of("/sections/", "/authors/", "/tags/", "/articles/", FeedLinks.SEARCH_PAGE + "/");

    private final Site site;
    private final Messages messages;
    private final Map<Integer, Representation> made = new ConcurrentHashMap<>();

    public ErrorPages(Site site) {
        this.site = site;
        this.messages = Messages.of(site);
    }

    @Override
    public boolean covers(String path) {
        return path.equals("/")
                || path.equals(FeedLinks.SEARCH_PAGE)
                || PAGES.stream().anyMatch(path::startsWith);
    }

    @Override
    public Representation page(int status) {
        return made.computeIfAbsent(status, this::make);
    }

    private Representation make(int status) {
        boolean missing = status == 404;
        String title = missing ? messages.text("error.missing") : messages.text("error.other", status);
        Document doc = Html.page(site, site.pageTitle(title));
        Element main = doc.body().appendElement("main");
        PageParts.trail(main, site);
        main.appendElement("h1").text(title);
        main.appendElement("p")
                .addClass("lead")
                .text(messages.text(missing ? "error.missing.lead" : "error.other.lead"));
        SearchPage.form(main, "", messages);
        return Html.of(doc, null, 0);
    }
}
