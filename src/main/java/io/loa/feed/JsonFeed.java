package io.loa.feed;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.loa.article.Article;
import io.loa.article.Tag;
import io.loa.config.Section;
import io.loa.config.Site;
import java.util.List;
import java.util.stream.Stream;

/** Writes JSON Feed 1.1 (jsonfeed.org): the same items, ids and dates as the RSS and Atom feeds. */
final class JsonFeed {

    private static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .setDefaultPropertyInclusion(JsonInclude.Include.NON_EMPTY);

    /** {@code items} is required even when a section has no article yet. */
    record Document(
            String version,
            String title,
            String homePageUrl,
            String feedUrl,
            String description,
            String icon,
            String favicon,
            String language,
            String nextUrl,
            List<Author> authors,
            List<Hub> hubs,
            @JsonInclude(JsonInclude.Include.ALWAYS) List<Item> items) {}

    /** JSON Feed names the protocol of each hub; WebSub is the one Loa speaks. */
    record Hub(String type, String url) {}

    record Item(
            String id,
            String url,
            String title,
            String contentHtml,
            String contentText,
            String summary,
            String image,
            String bannerImage,
            String datePublished,
            String dateModified,
            List<Author> authors,
            List<String> tags,
            String language) {}

    /** @param url the author's page, when the author has one */
    record Author(String name, String url) {}

    private final Site site;

    JsonFeed(Site site) {
        this.site = site;
    }

    byte[] render(FeedDocument doc) {
        FeedSpec spec = doc.spec();
        Document feed = new Document(
                "https://jsonfeed.org/version/1.1",
                spec.title(),
                site.url(spec.page()),
                site.url(spec.path(FeedFormat.JSON)),
                spec.description(),
                site.absolute(site.icon()),
                site.absolute(site.icon()),
                site.language(),
                doc.link("next").map(site::url).orElse(null),
                List.of(new Author(site.title(), null)),
                doc.hubs().stream().map(hub -> new Hub("WebSub", hub)).toList(),
                doc.articles().stream().map(this::item).toList());
        try {
            return JSON.writeValueAsBytes(feed);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("The " + spec.key() + " JSON feed could not be written", e);
        }
    }

    private Item item(Article a) {
        // The lead image, and a second image as the wide banner when the article has one.
        String image = a.images().isEmpty() ? null : a.images().get(0).url();
        String banner = a.images().size() < 2 ? null : a.images().get(1).url();
        String lead = a.lead();
        // An item needs content; an article without a body offers its lead, or its title, as text.
        String text = a.body().isEmpty() ? (lead != null ? lead : a.title()) : null;
        return new Item(
                FeedIds.article(site, a),
                a.link(site.baseUrl()),
                a.title(),
                a.body(),
                text,
                lead,
                image,
                banner,
                LocalDates.iso(a.published(), site.zone()),
                LocalDates.iso(a.updated(), site.zone()),
                a.author() == null
                        ? List.of()
                        : List.of(new Author(
                                a.author(), FeedLinks.authorPage(site, a).orElse(null))),
                Stream.concat(
                                a.sections().stream()
                                        .map(s -> site.section(s)
                                                .map(Section::title)
                                                .orElse(s)),
                                a.tags().stream().map(Tag::label))
                        .toList(),
                a.language());
    }
}
