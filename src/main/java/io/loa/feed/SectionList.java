package io.loa.feed;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.loa.config.Site;
import io.loa.http.GetAndHead;
import io.loa.http.JsonResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The configured sections and their feeds, for programs.
 * <pre>
 * GET /api/sections   [{"slug", "title", "description", "feeds": {"rss": URL, "atom": URL, "json": URL}}, …]
 * </pre>
 * Sections come in the order of {@code sections.yaml}, feeds in the order {@link FeedFormat} declares, the same
 * in every answer of every process.
 */
public final class SectionList {

    record SectionView(String slug, String title, String description, Map<String, String> feeds) {}

    private final Site site;
    private final JsonResponse json;

    public SectionList(Site site, JsonResponse json) {
        this.site = site;
        this.json = json;
    }

    public void register(RoutesConfig routes) {
        GetAndHead.route(routes, "/api/sections", this::sections);
    }

    private void sections(Context ctx) {
        List<SectionView> views = site.sections().stream()
                .map(s -> new SectionView(s.slug(), s.title(), s.description(), feeds(s.slug())))
                .toList();
        json.send(ctx, 200, views);
    }

    private Map<String, String> feeds(String slug) {
        Map<String, String> feeds = new LinkedHashMap<>();
        for (FeedFormat format : FeedFormat.values()) {
            feeds.put(format.extension(), site.url(format.path(slug)));
        }
        return feeds;
    }
}
