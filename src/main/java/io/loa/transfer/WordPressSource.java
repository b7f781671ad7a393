package io.loa.transfer;

import io.loa.ingest.ArticleInput.ImageInput;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.jsoup.Jsoup;

/**
 * A WordPress export (WXR), streamed, never loaded whole: a first pass collects the attachments (an image may
 * come after the post it belongs to) and counts the posts; the second hands over each published or scheduled
 * post with its categories, tags, author's display name, dates, content and images.
 */
final class WordPressSource implements ImportSource {

    private static final String NO_DATE = "0000-00-00 00:00:00";

    /** One {@code <item>}: its fields by prefixed name, its terms and its post meta. */
    private record Item(Map<String, String> fields, List<String[]> terms, Map<String, String> meta) {

        String get(String name) {
            String value = fields.get(name);
            return value == null ? "" : value.strip();
        }
    }

    /** An attachment's image, for the post it belongs to. */
    private record Attachment(String id, String parent, ImageInput image) {}

    private final Path file;
    private final Map<String, Attachment> attachments = new LinkedHashMap<>();
    private final Map<String, List<Attachment>> byParent = new HashMap<>();
    private final Map<String, String> authors = new HashMap<>();
    private long posts = -1;

    WordPressSource(Path file) {
        this.file = file;
    }

    /** True when the document's root declares WordPress's export namespace. */
    static boolean isExport(String head) {
        return head.contains("wordpress.org/export/");
    }

    @Override
    public long expectedItems() throws IOException {
        if (posts < 0) {
            long[] count = {0};
            items(item -> {
                switch (item.get("wp:post_type")) {
                    case "attachment" -> attach(item);
                    case "post" -> count[0]++;
                    default -> {}
                }
            });
            posts = count[0];
        }
        return posts;
    }

    @Override
    public void read(ImportSink sink) throws IOException {
        expectedItems();
        int[] number = {0};
        items(item -> {
            if (!item.get("wp:post_type").equals("post")) {
                return;
            }
            number[0]++;
            String position = "post " + number[0] + " (WordPress id " + item.get("wp:post_id") + ")";
            String status = item.get("wp:status");
            if (!status.equals("publish") && !status.equals("future")) {
                sink.leftOut(position, "status " + (status.isEmpty() ? "none" : status));
                return;
            }
            if (item.get("wp:post_id").isEmpty()) {
                sink.skip(position, "it has no wp:post_id");
                return;
            }
            sink.article(position, incoming(item));
        });
    }

    private Incoming incoming(Item item) {
        String id = item.get("wp:post_id");
        List<Incoming.Category> categories = new ArrayList<>();
        List<String> tags = new ArrayList<>();
        for (String[] term : item.terms()) {
            switch (term[0]) {
                case "category" -> categories.add(new Incoming.Category(term[2], term[1]));
                case "post_tag" -> tags.add(term[2]);
                default -> {}
            }
        }
        List<ImageInput> images = new ArrayList<>();
        Attachment featured = attachments.get(item.meta().getOrDefault("_thumbnail_id", ""));
        if (featured != null) {
            images.add(featured.image());
        }
        for (Attachment attachment : byParent.getOrDefault(id, List.of())) {
            if (attachment != featured) {
                images.add(attachment.image());
            }
        }
        String excerpt = item.get("excerpt:encoded");
        String creator = item.get("dc:creator");
        return new Incoming(
                "wp-" + id,
                item.get("title"),
                excerpt.isEmpty() ? null : Jsoup.parse(excerpt).text(),
                WordPressContent.html(item.get("content:encoded")),
                authors.getOrDefault(creator, creator.isEmpty() ? null : creator),
                item.get("link").isEmpty() ? null : item.get("link"),
                date(item, "wp:post_date_gmt", "wp:post_date"),
                updated(item),
                images,
                categories,
                tags,
                false);
    }

    private static String updated(Item item) {
        String published = date(item, "wp:post_date_gmt", "wp:post_date");
        String modified = date(item, "wp:post_modified_gmt", "wp:post_modified");
        return modified == null || published == null || modified.compareTo(published) <= 0 ? null : modified;
    }

    /** The UTC time when WordPress has it, else the local one (read in the site's zone), as ISO 8601. */
    private static String date(Item item, String utc, String local) {
        String gmt = item.get(utc);
        if (!gmt.isEmpty() && !gmt.equals(NO_DATE)) {
            return gmt.replace(' ', 'T') + "Z";
        }
        String wall = item.get(local);
        return wall.isEmpty() || wall.equals(NO_DATE) ? null : wall.replace(' ', 'T');
    }

    private void attach(Item item) {
        String url = item.get("wp:attachment_url");
        if (url.isEmpty()) {
            return;
        }
        String caption = item.get("excerpt:encoded");
        String alt = item.meta().get("_wp_attachment_image_alt");
        Attachment attachment = new Attachment(
                item.get("wp:post_id"),
                item.get("wp:post_parent"),
                new ImageInput(
                        url,
                        caption.isEmpty() ? null : Jsoup.parse(caption).text(),
                        alt == null || alt.isBlank() ? null : alt.strip(),
                        null,
                        null,
                        null,
                        null));
        attachments.put(attachment.id(), attachment);
        if (!attachment.parent().isEmpty() && !attachment.parent().equals("0")) {
            byParent.computeIfAbsent(attachment.parent(), p -> new ArrayList<>())
                    .add(attachment);
        }
    }

    /** Streams the file's items, and notes the authors' display names on the way. */
    private void items(Consumer<Item> each) throws IOException {
        XMLInputFactory factory = XMLInputFactory.newFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_COALESCING, true);
        try (InputStream in = Files.newInputStream(file)) {
            XMLStreamReader xml = factory.createXMLStreamReader(in);
            try {
                while (xml.hasNext()) {
                    if (xml.next() != XMLStreamConstants.START_ELEMENT) {
                        continue;
                    }
                    String name = name(xml);
                    if (name.equals("item")) {
                        each.accept(item(xml));
                    } else if (name.equals("wp:author")) {
                        Map<String, String> author = children(xml);
                        String login =
                                author.getOrDefault("wp:author_login", "").strip();
                        String display = author.getOrDefault("wp:author_display_name", "")
                                .strip();
                        if (!login.isEmpty() && !display.isEmpty()) {
                            authors.put(login, display);
                        }
                    }
                }
            } finally {
                xml.close();
            }
        } catch (XMLStreamException e) {
            throw new IOException(file + " is not a readable WordPress export: " + e.getMessage(), e);
        }
    }

    private static Item item(XMLStreamReader xml) throws XMLStreamException {
        Map<String, String> fields = new HashMap<>();
        List<String[]> terms = new ArrayList<>();
        Map<String, String> meta = new HashMap<>();
        while (nextTag(xml) == XMLStreamConstants.START_ELEMENT) {
            String name = name(xml);
            switch (name) {
                case "category" -> {
                    String domain = xml.getAttributeValue(null, "domain");
                    String nicename = xml.getAttributeValue(null, "nicename");
                    terms.add(new String[] {
                        domain == null ? "" : domain,
                        nicename,
                        xml.getElementText().strip()
                    });
                }
                case "wp:postmeta" -> {
                    Map<String, String> pair = children(xml);
                    meta.put(pair.getOrDefault("wp:meta_key", "").strip(), pair.getOrDefault("wp:meta_value", ""));
                }
                case "wp:comment" -> skip(xml);
                default -> {
                    if (!fields.containsKey(name)) {
                        fields.put(name, text(xml));
                    } else {
                        skip(xml);
                    }
                }
            }
        }
        return new Item(fields, terms, meta);
    }

    /** The text children of the current element, by name; the reader ends on its end tag. */
    private static Map<String, String> children(XMLStreamReader xml) throws XMLStreamException {
        Map<String, String> children = new HashMap<>();
        while (nextTag(xml) == XMLStreamConstants.START_ELEMENT) {
            children.put(name(xml), text(xml));
        }
        return children;
    }

    /** The element's text, or "" when it has element children (which are skipped). */
    private static String text(XMLStreamReader xml) throws XMLStreamException {
        StringBuilder text = new StringBuilder();
        int depth = 1;
        while (depth > 0) {
            int event = xml.next();
            if (event == XMLStreamConstants.START_ELEMENT) {
                depth++;
            } else if (event == XMLStreamConstants.END_ELEMENT) {
                depth--;
            } else if (depth == 1 && (event == XMLStreamConstants.CHARACTERS || event == XMLStreamConstants.CDATA)) {
                text.append(xml.getText());
            }
        }
        return text.toString();
    }

    /** The next start or end tag; stray text between elements (real exports have some) is passed over. */
    private static int nextTag(XMLStreamReader xml) throws XMLStreamException {
        int event = xml.next();
        while (event != XMLStreamConstants.START_ELEMENT && event != XMLStreamConstants.END_ELEMENT) {
            event = xml.next();
        }
        return event;
    }

    private static void skip(XMLStreamReader xml) throws XMLStreamException {
        text(xml);
    }

    /** The element's name with the prefix this class reads it by, whatever prefix the file declares. */
    private static String name(XMLStreamReader xml) {
        String namespace = xml.getNamespaceURI() == null ? "" : xml.getNamespaceURI();
        String local = xml.getLocalName();
        if (namespace.contains("wordpress.org/export/") && namespace.endsWith("/excerpt/")) {
            return "excerpt:" + local;
        }
        if (namespace.contains("wordpress.org/export/")) {
            return "wp:" + local;
        }
        if (namespace.equals("http://purl.org/rss/1.0/modules/content/")) {
            return "content:" + local;
        }
        if (namespace.equals("http://purl.org/dc/elements/1.1/")) {
            return "dc:" + local;
        }
        return local;
    }
}
