package io.loa.feed;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jdom2.Document;
import org.jdom2.Element;
import org.jdom2.filter.Filters;

/**
 * Rome writes every date in GMT; readers that print dates without converting would then show an article published
 * at 06:00 in Hà Tĩnh under the day before. This rewrites them in the site's zone, to the second, with the offset.
 */
final class LocalDates {

    private static final Set<String> RFC_822_ELEMENTS = Set.of("pubDate", "lastBuildDate");
    /** RSS's date format, with a two-digit day and the numeric offset: {@code Wed, 27 Dec 2023 08:30:00 +0700}. */
    private static final DateTimeFormatter RFC_822 =
            DateTimeFormatter.ofPattern("EEE, dd MMM uuuu HH:mm:ss xx", Locale.US);

    private static final Set<String> ISO = Set.of("published", "updated");
    private static final String ATOM = "http://www.w3.org/2005/Atom";

    private LocalDates() {}

    static void rewrite(Document feed, ZoneId zone) {
        // Collected first: setText replaces child content, which a live descendant iterator does not allow.
        List<Element> elements = new ArrayList<>();
        feed.getDescendants(Filters.element()).forEach(elements::add);
        for (Element e : elements) {
            if (e.getNamespaceURI().isEmpty() && RFC_822_ELEMENTS.contains(e.getName())) {
                Instant at = DateTimeFormatter.RFC_1123_DATE_TIME.parse(e.getTextTrim(), Instant::from);
                e.setText(RFC_822.format(at.atZone(zone)));
            } else if (e.getNamespaceURI().equals(ATOM) && ISO.contains(e.getName())) {
                e.setText(iso(Instant.parse(e.getTextTrim()), zone));
            }
        }
    }

    static String iso(Instant at, ZoneId zone) {
        return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(at.atZone(zone).toOffsetDateTime());
    }
}
