package io.loa.transfer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rometools.modules.atom.modules.AtomLinkModule;
import com.rometools.modules.mediarss.MediaEntryModule;
import com.rometools.modules.mediarss.MediaModule;
import com.rometools.modules.mediarss.types.MediaContent;
import com.rometools.modules.mediarss.types.UrlReference;
import com.rometools.rome.feed.WireFeed;
import com.rometools.rome.feed.atom.Feed;
import com.rometools.rome.feed.atom.Link;
import com.rometools.rome.feed.rss.Channel;
import com.rometools.rome.feed.synd.SyndCategory;
import com.rometools.rome.feed.synd.SyndContent;
import com.rometools.rome.feed.synd.SyndEnclosure;
import com.rometools.rome.feed.synd.SyndEntry;
import com.rometools.rome.feed.synd.SyndFeedImpl;
import com.rometools.rome.io.FeedException;
import com.rometools.rome.io.WireFeedInput;
import io.loa.cli.Commands;
import io.loa.ingest.ArticleInput.ImageInput;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Date;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jdom2.Element;
import org.jsoup.Jsoup;

/**
 * A feed (RSS 2.0, Atom 1.0 or JSON Feed 1.1, by URL or file) with its whole history: from each document it follows
 * the RFC 5005 {@code prev-archive} and {@code next} links (JSON Feed's {@code next_url}), each document once and
 * only where {@link Documents} may go, and hands over each entry once, however many documents carry it.
 */
final class FeedSource implements ImportSource {

    private static final Set<String> HISTORY = Set.of("next", "prev-archive");

    private final URI start;
    private final Documents documents;
    private final ObjectMapper json;
    private final ZoneId zone;

    FeedSource(URI start, Documents documents, ObjectMapper json, ZoneId zone) {
        this.start = start;
        this.documents = documents;
        this.json = json;
        this.zone = zone;
    }

    @Override
    public void close() {
        documents.close();
    }

    @Override
    public long expectedItems() {
        return -1;
    }

    @Override
    public void read(ImportSink sink) throws IOException {
        Deque<URI> queue = new ArrayDeque<>(List.of(start));
        Set<URI> visited = new HashSet<>(queue);
        Set<String> seen = new HashSet<>();
        while (!queue.isEmpty()) {
            URI uri = queue.removeFirst();
            byte[] bytes;
            try {
                bytes = uri.equals(start) ? documents.named() : documents.linked(uri);
            } catch (IOException e) {
                if (uri.equals(start)) {
                    throw e;
                }
                sink.skip(uri.toString(), "could not fetch it: " + Commands.describe(e));
                continue;
            }
            List<URI> links = new ArrayList<>();
            try {
                if (isJson(bytes)) {
                    readJson(uri, json.readTree(bytes), sink, seen, links);
                } else {
                    readXml(uri, bytes, sink, seen, links);
                }
            } catch (ImportStopped e) {
                throw e;
            } catch (IOException | FeedException | RuntimeException e) {
                if (uri.equals(start)) {
                    throw new IOException(uri + " is not an RSS, Atom or JSON feed: " + Commands.describe(e), e);
                }
                sink.skip(uri.toString(), "not a feed: " + Commands.describe(e));
            }
            for (URI link : links) {
                if (visited.add(link)) {
                    queue.addLast(link);
                }
            }
        }
    }

    private static boolean isJson(byte[] bytes) {
        String head = new String(bytes, 0, Math.min(bytes.length, 64), StandardCharsets.UTF_8)
                .replace("\uFEFF", "")
                .strip();
        return head.startsWith("{");
    }

    private void readXml(URI uri, byte[] bytes, ImportSink sink, Set<String> seen, List<URI> links)
            throws IOException, FeedException {
        WireFeedInput input = new WireFeedInput();
        input.setXmlHealerOn(false);
        WireFeed wire = input.build(new org.xml.sax.InputSource(new ByteArrayInputStream(bytes)));
        String home = null;
        if (wire instanceof Feed atom) {
            home = atom.getAlternateLinks().stream()
                    .map(Link::getHref)
                    .findFirst()
                    .orElse(null);
            List<Link> all = new ArrayList<>(atom.getOtherLinks());
            for (Link link : all) {
                if (HISTORY.contains(link.getRel())) {
                    links.add(uri.resolve(link.getHrefResolved() != null ? link.getHrefResolved() : link.getHref()));
                }
            }
        } else if (wire instanceof Channel rss) {
            home = rss.getLink();
            // atom:link in RSS: read by Rome's Atom link module when it is on the classpath, else foreign markup.
            if (rss.getModule(AtomLinkModule.URI) instanceof AtomLinkModule atomLinks) {
                for (Link link : atomLinks.getLinks()) {
                    if (HISTORY.contains(link.getRel())) {
                        links.add(uri.resolve(link.getHref()));
                    }
                }
            }
            for (Element element : rss.getForeignMarkup()) {
                if (element.getName().equals("link") && HISTORY.contains(element.getAttributeValue("rel"))) {
                    links.add(uri.resolve(element.getAttributeValue("href")));
                }
            }
        }
        List<SyndEntry> entries = new SyndFeedImpl(wire).getEntries();
        for (int i = 0; i < entries.size(); i++) {
            SyndEntry entry = entries.get(i);
            String position = uri + " entry " + (i + 1);
            if (entry.getUri() == null || entry.getUri().isBlank()) {
                sink.skip(position, "it has no id (guid)");
            } else if (seen.add(entry.getUri())) {
                sink.article(position, incoming(entry, home));
            }
        }
    }

    /** @param home the site the feed is of (its alternate or channel link), or null */
    private Incoming incoming(SyndEntry entry, String home) {
        String body = entry.getContents().stream()
                .map(FeedSource::html)
                .filter(s -> !s.isBlank())
                .findFirst()
                .orElse(null);
        String summary = entry.getDescription() == null ? null : text(entry.getDescription());
        boolean bodyFromSummary = body == null && entry.getDescription() != null;
        if (bodyFromSummary) {
            body = html(entry.getDescription());
        }
        String author = entry.getAuthor() != null && !entry.getAuthor().isBlank()
                ? entry.getAuthor()
                : entry.getAuthors().stream().map(a -> a.getName()).findFirst().orElse(null);
        List<Incoming.Category> categories = new ArrayList<>();
        List<String> tags = new ArrayList<>();
        for (SyndCategory category : entry.getCategories()) {
            String name = category.getLabel() != null ? category.getLabel() : category.getName();
            if (isTagScheme(category.getTaxonomyUri())) {
                tags.add(name);
            } else {
                categories.add(new Incoming.Category(name, category.getName()));
            }
        }
        Date published = entry.getPublishedDate() != null ? entry.getPublishedDate() : entry.getUpdatedDate();
        Date updated = entry.getUpdatedDate();
        return new Incoming(
                ImportIds.of(entry.getUri()),
                entry.getTitle(),
                summary,
                body,
                author,
                canonical(entry.getUri(), entry.getLink(), home),
                iso(published),
                updated == null || published == null || updated.before(published) ? null : iso(updated),
                images(entry),
                categories,
                tags,
                bodyFromSummary);
    }

    /**
     * The entry's link as its canonical URL, unless it is a Loa article's own page on the site the feed is of
     * ({@code /articles/{slug}}): Loa links there for want of a canonical URL, which the article then has not.
     */
    private static String canonical(String guid, String link, String home) {
        if (link == null || home == null || !ImportIds.isLoa(guid)) {
            return link;
        }
        try {
            return link.startsWith(URI.create(home).resolve("articles/").toString()) ? null : link;
        } catch (IllegalArgumentException e) {
            return link;
        }
    }

    /** A category scheme (Atom) or domain (RSS) of keywords rather than sections, as Loa and WordPress name them. */
    private static boolean isTagScheme(String scheme) {
        return scheme != null && (scheme.endsWith("/tags/") || scheme.endsWith("/tag/") || scheme.endsWith("/tags"));
    }

    private static List<ImageInput> images(SyndEntry entry) {
        List<ImageInput> images = new ArrayList<>();
        if (entry.getModule(MediaModule.URI) instanceof MediaEntryModule media) {
            for (MediaContent content : media.getMediaContents()) {
                if (content.getReference() instanceof UrlReference url
                        && (content.getMedium() == null || content.getMedium().equals("image"))) {
                    var metadata = content.getMetadata();
                    String caption = metadata == null ? null : metadata.getDescription();
                    String credit = metadata == null || metadata.getCredits().length == 0
                            ? null
                            : metadata.getCredits()[0].getName();
                    images.add(new ImageInput(
                            url.getUrl().toString(),
                            caption,
                            null,
                            credit,
                            content.getWidth(),
                            content.getHeight(),
                            content.getType()));
                }
            }
        }
        for (SyndEnclosure enclosure : entry.getEnclosures()) {
            if (enclosure.getType() != null && enclosure.getType().startsWith("image/")) {
                images.add(new ImageInput(enclosure.getUrl(), null, null, null, null, null, enclosure.getType()));
            }
        }
        return images;
    }

    private void readJson(URI uri, JsonNode feed, ImportSink sink, Set<String> seen, List<URI> links) {
        if (!feed.path("version").asText().startsWith("https://jsonfeed.org/version/")) {
            throw new IllegalArgumentException("it has no JSON Feed version");
        }
        if (feed.hasNonNull("next_url")) {
            links.add(uri.resolve(feed.get("next_url").asText()));
        }
        JsonNode items = feed.path("items");
        for (int i = 0; i < items.size(); i++) {
            JsonNode item = items.get(i);
            String position = uri + " item " + (i + 1);
            String id = item.path("id").asText("");
            if (id.isBlank()) {
                sink.skip(position, "it has no id");
                continue;
            }
            if (!seen.add(id)) {
                continue;
            }
            List<Incoming.Category> categories = new ArrayList<>();
            item.path("tags").forEach(tag -> categories.add(new Incoming.Category(tag.asText(), null, true)));
            List<ImageInput> images = new ArrayList<>();
            if (item.hasNonNull("image")) {
                images.add(new ImageInput(item.get("image").asText(), null, null, null, null, null, null));
            }
            item.path("attachments").forEach(a -> {
                if (a.path("mime_type").asText().startsWith("image/")) {
                    images.add(new ImageInput(
                            a.path("url").asText(),
                            a.path("title").asText(null),
                            null,
                            null,
                            null,
                            null,
                            a.path("mime_type").asText()));
                }
            });
            boolean bodyFromText = !item.hasNonNull("content_html") && item.hasNonNull("content_text");
            String body = item.hasNonNull("content_html")
                    ? item.get("content_html").asText()
                    : bodyFromText ? escape(item.get("content_text").asText()) : null;
            JsonNode author = item.path("authors").path(0).isMissingNode()
                    ? item.path("author")
                    : item.path("authors").path(0);
            String link = item.hasNonNull("url")
                    ? item.get("url").asText()
                    : item.path("external_url").asText(null);
            sink.article(
                    position,
                    new Incoming(
                            ImportIds.of(id),
                            item.path("title").asText(null),
                            item.path("summary").asText(null),
                            body,
                            author.path("name").asText(null),
                            canonical(id, link, feed.path("home_page_url").asText(null)),
                            item.path("date_published")
                                    .asText(item.path("date_modified").asText(null)),
                            item.path("date_modified").asText(null),
                            images,
                            categories,
                            List.of(),
                            // Loa writes content_text only for an article without a body: its lead, or its title.
                            bodyFromText));
        }
    }

    private String iso(Date date) {
        return date == null
                ? null
                : date.toInstant().atZone(zone).toOffsetDateTime().toString();
    }

    private static String html(SyndContent content) {
        String value = content.getValue() == null ? "" : content.getValue();
        return content.getType() != null && content.getType().equals("text") ? escape(value) : value;
    }

    private static String text(SyndContent content) {
        String value = content.getValue() == null ? "" : content.getValue();
        return content.getType() != null && content.getType().equals("text")
                ? value
                : Jsoup.parse(value).text();
    }

    private static String escape(String text) {
        return "<p>" + org.jsoup.nodes.Entities.escape(text) + "</p>";
    }
}
