package io.loa.sitemap;

import io.loa.article.ArticleBounds;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The names of the documents under {@code /sitemaps/}, one name for each: {@code news.xml}, {@code pages.xml},
 * {@code articles-2026-12.xml} for a month's first part and {@code articles-2026-12-2.xml} on for the next, so the
 * first part keeps its name when a month grows past one.
 */
final class SitemapFile {

    static final String DIRECTORY = "/sitemaps/";
    static final String NEWS = "news.xml";
    static final String PAGES = "pages.xml";

    private static final Pattern MONTH = Pattern.compile("articles-(\\d{4}-\\d{2})(?:-([2-9]|[1-9]\\d{1,4}))?\\.xml");

    private SitemapFile() {}

    /** The path of one part (from 1) of a month's sitemap. */
    static String month(YearMonth month, int part) {
        return DIRECTORY + "articles-" + month + (part == 1 ? "" : "-" + part) + ".xml";
    }

    /** The document a file name under {@code /sitemaps/} names, or empty for a name none has. */
    static Optional<SitemapKey> parse(String file) {
        if (file.equals(NEWS)) {
            return Optional.of(new SitemapKey.News());
        }
        if (file.equals(PAGES)) {
            return Optional.of(new SitemapKey.Pages());
        }
        Matcher m = MONTH.matcher(file);
        if (!m.matches()) {
            return Optional.empty();
        }
        try {
            YearMonth month = YearMonth.parse(m.group(1));
            int part = m.group(2) == null ? 1 : Integer.parseInt(m.group(2));
            return ArticleBounds.dates(month) ? Optional.of(new SitemapKey.Month(month, part)) : Optional.empty();
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
