package io.loa;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.rometools.modules.mediarss.MediaEntryModule;
import com.rometools.modules.mediarss.MediaModule;
import com.rometools.modules.mediarss.types.MediaContent;
import com.rometools.rome.feed.synd.SyndEntry;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jdom2.Element;
import org.jdom2.JDOMException;
import org.jdom2.Namespace;
import org.jdom2.filter.Filters;
import org.jdom2.input.SAXBuilder;

/**
 * Walks every feed document a server offers, from its OPML list through every paging and archive link: each must
 * answer 200 and parse (Rome for RSS and Atom, the JSON Feed 1.1 schema for JSON).
 */
public final class FeedCrawl {

    public static final Namespace ATOM = Namespace.getNamespace("http://www.w3.org/2005/Atom");
    public static final Namespace TOMBSTONES = Namespace.getNamespace("http://purl.org/atompub/tombstones/1.0");
    private static final List<String> WALKED =
            List.of("next", "previous", "first", "prev-archive", "next-archive", "current");
    private static final JsonSchema JSON_FEED = jsonFeedSchema();

    /**
     * @param documents every document fetched, in order
     * @param links what the documents link to besides each other: articles, images
     * @param tombstones deleted entries seen in Atom documents
     */
    public record Result(Set<String> documents, Set<String> links, int tombstones) {}

    private FeedCrawl() {}

    public static Result of(TestServer server) {
        return of(server, List.of());
    }

    /** The same, walking from {@code moreFeeds} too: feeds the OPML list does not name (authors', tags'). */
    public static Result of(TestServer server, Collection<String> moreFeeds) {
        Deque<String> queue = new ArrayDeque<>();
        Set<String> seen = new LinkedHashSet<>();
        Set<String> links = new LinkedHashSet<>();
        int tombstones = 0;
        for (Element outline : xml(server.getBytes("/feeds.opml").body()).getDescendants(Filters.element("outline"))) {
            if (outline.getAttributeValue("xmlUrl") != null) {
                queue.add(outline.getAttributeValue("xmlUrl"));
            }
        }
        queue.addAll(moreFeeds);
        while (!queue.isEmpty()) {
            String url = queue.poll();
            if (!seen.add(url)) {
                continue;
            }
            var response = server.getBytes(url);
            assertThat(response.statusCode()).as(url).isEqualTo(200);
            if (url.contains(".json")) {
                JsonNode feed = json(response.body());
                assertThat(JSON_FEED.validate(feed)).as(url).isEmpty();
                if (feed.has("next_url")) {
                    queue.add(feed.get("next_url").asText());
                }
                for (JsonNode item : feed.get("items")) {
                    links.add(item.get("url").asText());
                    if (item.has("image")) {
                        links.add(item.get("image").asText());
                    }
                }
            } else {
                for (SyndEntry entry : TestServer.parse(response.body()).getEntries()) {
                    links.add(entry.getLink());
                    MediaEntryModule media = (MediaEntryModule) entry.getModule(MediaModule.URI);
                    if (media != null) {
                        for (MediaContent content : media.getMediaContents()) {
                            links.add(content.getReference().toString());
                        }
                    }
                }
                Element root = xml(response.body());
                tombstones += root.getChildren("deleted-entry", TOMBSTONES).size();
                for (Element link : root.getDescendants(Filters.element("link", ATOM))) {
                    (WALKED.contains(link.getAttributeValue("rel")) ? queue : links)
                            .add(link.getAttributeValue("href"));
                }
            }
        }
        return new Result(seen, links, tombstones);
    }

    /** The refs of an Atom document's deleted entries (RFC 6721 tombstones), in document order. */
    public static List<String> tombstones(byte[] atom) {
        return xml(atom).getChildren("deleted-entry", TOMBSTONES).stream()
                .map(e -> e.getAttributeValue("ref"))
                .toList();
    }

    /** The href of a feed's first {@code atom:link} of this relation (an Atom feed's or an RSS channel's). */
    public static Optional<String> link(Element feed, String rel) {
        List<Element> links = new ArrayList<>(feed.getChildren("link", ATOM));
        Element channel = feed.getChild("channel");
        if (channel != null) {
            links.addAll(channel.getChildren("link", ATOM));
        }
        return links.stream()
                .filter(l -> rel.equals(l.getAttributeValue("rel")))
                .map(l -> l.getAttributeValue("href"))
                .findFirst();
    }

    /** The JSON Feed 1.1 schema, checked to be able to say no. */
    private static JsonSchema jsonFeedSchema() {
        try (InputStream schema = FeedCrawl.class.getResourceAsStream("/jsonfeed-1.1.schema.json")) {
            JsonSchema jsonFeed =
                    JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(schema);
            assertThat(
                            jsonFeed.validate(
                                    Fixtures.JSON.readTree(
                                            "{\"version\":\"https://jsonfeed.org/version/1.1\",\"title\":\"x\",\"items\":[{\"id\":1,\"urll\":\"x\"}]}")))
                    .isNotEmpty();
            return jsonFeed;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode json(byte[] body) {
        try {
            return Fixtures.JSON.readTree(body);
        } catch (IOException e) {
            throw new AssertionError("The JSON Feed does not parse: " + e.getMessage(), e);
        }
    }

    private static Element xml(byte[] body) {
        try {
            return new SAXBuilder().build(new ByteArrayInputStream(body)).getRootElement();
        } catch (JDOMException | IOException e) {
            throw new AssertionError("The document does not parse: " + e.getMessage(), e);
        }
    }
}
