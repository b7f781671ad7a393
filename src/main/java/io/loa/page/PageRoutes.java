package io.loa.page;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.loa.article.Article;
import io.loa.article.ArticleStore;
import io.loa.article.Change;
import io.loa.config.Section;
import io.loa.config.Site;
import io.loa.http.ConditionalGet;
import io.loa.http.ProblemException;
import io.loa.http.RenderCache;
import io.loa.http.Representation;
import java.time.format.DateTimeFormatter;
import java.util.regex.Pattern;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * Loa's own HTML pages: {@code GET /} lists the sections and their feeds; {@code GET /articles/{slug}} shows an
 * article that has no canonical URL elsewhere, so every link in every feed resolves.
 */
public final class PageRoutes {

    private static final Pattern SLUG = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
    private static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("HH:mm, dd/MM/yyyy");

    private final Site site;
    private final ArticleStore store;
    private final RenderCache cache;
    private final ConditionalGet http;

    public PageRoutes(Site site, ArticleStore store, RenderCache cache, ConditionalGet http) {
        this.site = site;
        this.store = store;
        this.cache = cache;
        this.http = http;
    }

    /** Names a rendered page in the cache: the home page has no slug. */
    public record PageKey(String slug) {

        static final PageKey HOME = new PageKey(null);

        /** A change of an unknown article (seen through another instance) may be any page's. */
        public boolean changedBy(Change change) {
            return slug != null && (change.slug() == null || slug.equals(change.slug()));
        }
    }

    public void register(RoutesConfig routes) {
        routes.get("/", ctx -> http.send(ctx, cache.get(PageKey.HOME, this::home)));
        routes.head("/", ctx -> http.send(ctx, cache.get(PageKey.HOME, this::home)));
        routes.get("/articles/{slug}", this::article);
        routes.head("/articles/{slug}", this::article);
    }

    private Representation home() {
        Document doc = Html.page(site.language(), site.title());
        for (String format : new String[] {"rss", "atom"}) {
            doc.head().appendElement("link").attr("rel", "alternate")
                    .attr("type", "application/" + format + "+xml")
                    .attr("title", site.title() + " (" + format.toUpperCase() + ")")
                    .attr("href", site.url("/feeds/all." + format));
        }
        Element main = doc.body().appendElement("main");
        main.appendElement("h1").text(site.title());
        main.appendElement("p").addClass("lead").text(site.description());
        Element list = main.appendElement("ul").addClass("feeds");
        feedItem(list, "Tất cả chủ đề", "", Site.ALL);
        for (Section section : site.sections()) {
            feedItem(list, section.title(), section.description(), section.slug());
        }
        return Html.of(doc, null, site.maxAge());
    }

    private void feedItem(Element list, String title, String description, String key) {
        Element item = list.appendElement("li");
        item.appendElement("strong").text(title);
        if (!description.isEmpty()) {
            item.appendText(" – " + description + " ");
        }
        item.appendText(" ");
        item.appendElement("a").attr("href", "/feeds/" + key + ".rss").text("RSS");
        item.appendText(" · ");
        item.appendElement("a").attr("href", "/feeds/" + key + ".atom").text("Atom");
    }

    private void article(Context ctx) {
        String slug = ctx.pathParam("slug");
        if (!SLUG.matcher(slug).matches()) {
            throw ProblemException.notFound("There is no article \"" + slug + "\".");
        }
        http.send(ctx, cache.get(new PageKey(slug), () -> article(slug)));
    }

    private Representation article(String slug) {
        Article article = store.findBySlug(slug)
                .orElseThrow(() -> ProblemException.notFound("There is no article \"" + slug + "\"."));
        Document doc = Html.page(article.language(), article.title());
        if (article.url() != null) {
            doc.head().appendElement("link").attr("rel", "canonical").attr("href", article.url());
        }
        Element main = doc.body().appendElement("main").appendElement("article");
        main.appendElement("h1").text(article.title());
        Element meta = main.appendElement("p").addClass("meta");
        meta.appendElement("time")
                .attr("datetime", article.published().atZone(site.zone()).toOffsetDateTime().toString())
                .text(SHOWN.format(article.published().atZone(site.zone())));
        if (article.author() != null) {
            meta.appendText(" · " + article.author());
        }
        if (article.source() != null) {
            meta.appendText(" · " + article.source());
        }
        if (article.summary() != null) {
            main.appendElement("p").addClass("lead").text(article.summary());
        }
        main.appendElement("div").append(article.body());
        Element sections = main.appendElement("p").addClass("meta").appendText("Chủ đề: ");
        for (String s : article.sections()) {
            sections.appendElement("a").attr("href", "/feeds/" + s + ".rss")
                    .text(site.section(s).map(Section::title).orElse(s));
            sections.appendText(" ");
        }
        return Html.of(doc, article.updated(), site.maxAge());
    }
}
