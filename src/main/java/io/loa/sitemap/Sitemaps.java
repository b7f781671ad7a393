package io.loa.sitemap;

import io.loa.article.ArticleListing;
import io.loa.article.Image;
import io.loa.cdn.SurrogateKeys;
import io.loa.config.Section;
import io.loa.config.Site;
import io.loa.fault.NotFound;
import io.loa.feed.FeedLinks;
import io.loa.http.Representation;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Renders the sitemaps (sitemaps.org 0.9) of the live articles: the index of every month's sitemap, each month's
 * articles with their images, the pages of sections, authors and tags, and the Google News sitemap of the last
 * two days. A month is read along the publication date index a row at a time and split into parts of at most
 * 50,000 URLs; scheduled and deleted articles are never read.
 */
final class Sitemaps {

    private static final Logger LOG = LoggerFactory.getLogger(Sitemaps.class);
    static final String TYPE = "application/xml;charset=utf-8";
    /** The protocol's limits of one sitemap file: URLs, and bytes before compression. */
    static final int MAX_URLS = 50_000;

    static final int MAX_BYTES = 52_428_800;
    /** Room kept for the entry being written and the closing tag when images are weighed against the limit. */
    private static final int ENTRY_ROOM = 64 * 1024;
    /** Google News takes articles of the last two days, at most 1,000 in one sitemap. */
    static final Duration NEWS_WINDOW = Duration.ofDays(2);

    static final int NEWS_MAX = 1000;

    private final Site site;
    private final ArticleListing listing;
    private final ZoneId zone;
    private final String publication;

    /** @param publication the name Google News knows the publication by */
    Sitemaps(Site site, ArticleListing listing, String publication) {
        this.site = site;
        this.listing = listing;
        this.zone = site.zone();
        this.publication = publication;
    }

    /** A news sitemap, and when its oldest article leaves the two days' window, so it must be rendered again. */
    record News(Representation doc, Instant staleAt) {}

    /** {@code /sitemap.xml}: each part of each month that has live articles, then the pages' sitemap. */
    Representation index() {
        List<ArticleListing.Month> months = listing.months(zone);
        SitemapXml xml = SitemapXml.index(zone);
        Instant newest = null;
        for (ArticleListing.Month month : months) {
            int parts = (month.articles() + MAX_URLS - 1) / MAX_URLS;
            for (int part = 1; part <= parts; part++) {
                xml.entry(site.url(SitemapFile.month(month.month(), part)), month.changed())
                        .end();
            }
            newest = newest == null || month.changed().isAfter(newest) ? month.changed() : newest;
        }
        // The pages list what the articles hold: they changed when an article last did.
        xml.entry(site.url(SitemapFile.DIRECTORY + SitemapFile.PAGES), newest).end();
        return Representation.of(xml.finish(), TYPE, newest, site.maxAge(), SurrogateKeys.SITEMAPS);
    }

    /** One part (from 1) of the sitemap of a month's live articles, oldest first; 404 past its last part. */
    Representation month(YearMonth month, int part) {
        Instant from = month.atDay(1).atStartOfDay(zone).toInstant();
        Instant to = month.plusMonths(1).atDay(1).atStartOfDay(zone).toInstant();
        SitemapXml xml = SitemapXml.urlset(zone, SitemapXml.IMAGE);
        int[] written = new int[1];
        boolean[] imagesDropped = new boolean[1];
        listing.eachPublished(from, to, (part - 1) * MAX_URLS, MAX_URLS, article -> {
            Locations.of(article.link(site.baseUrl())).ifPresent(loc -> {
                xml.entry(loc, article.updated());
                // Images go while the file stays within the protocol's size; the article's own URL always does.
                if (xml.size() + ENTRY_ROOM * 2L < MAX_BYTES) {
                    images(xml, article.images());
                } else {
                    imagesDropped[0] = true;
                }
                xml.end();
                written[0]++;
            });
        });
        if (written[0] == 0) {
            throw new NotFound("There is no sitemap of " + month + (part == 1 ? "" : ", part " + part) + ".");
        }
        if (imagesDropped[0]) {
            LOG.warn(
                    "The sitemap of {} part {} reached 50 MB: the images of its last articles are left out",
                    month,
                    part);
        }
        Instant changed = listing.changed(from, to).orElse(null);
        return Representation.of(xml.finish(), TYPE, changed, site.maxAge(), SurrogateKeys.SITEMAPS);
    }

    /** {@code /sitemaps/pages.xml}: the home page, then every section, author and tag with a live article. */
    Representation pages(Instant now) {
        SitemapXml xml = SitemapXml.urlset(zone);
        xml.entry(site.url("/"), null).end();
        List<String> sections = site.sections().stream().map(Section::slug).toList();
        for (ArticleListing.Listed page : listing.pages(sections, MAX_URLS - 1)) {
            xml.entry(site.url(FeedLinks.page(page.feed())), page.changed()).end();
        }
        // Rendered again after every write: nothing it shows changed later than this.
        return Representation.of(xml.finish(), TYPE, now, site.maxAge(), SurrogateKeys.SITEMAPS);
    }

    /** {@code /sitemaps/news.xml}: the live articles published in the last two days, newest first, at most 1,000. */
    News news(Instant now) {
        List<ArticleListing.Entry> recent = listing.publishedSince(now.minus(NEWS_WINDOW), NEWS_MAX);
        SitemapXml xml = SitemapXml.urlset(zone, SitemapXml.NEWS);
        String language = newsLanguage(site.language());
        for (ArticleListing.Entry article : recent) {
            Locations.of(article.link(site.baseUrl()))
                    .ifPresent(loc -> xml.entry(loc, article.updated())
                            .news(publication, language, article.published(), article.title())
                            .end());
        }
        Instant staleAt = recent.isEmpty()
                ? Instant.MAX
                : recent.get(recent.size() - 1).published().plus(NEWS_WINDOW);
        return new News(Representation.of(xml.finish(), TYPE, now, site.maxAge(), SurrogateKeys.SITEMAPS), staleAt);
    }

    private static void images(SitemapXml xml, List<Image> images) {
        for (Image image : images) {
            Locations.of(image.url()).ifPresent(loc -> xml.image(loc, image.caption()));
        }
    }

    /**
     * The language as Google News asks for it: an ISO 639 code of two or three letters, or {@code zh-cn} /
     * {@code zh-tw}; a site's BCP 47 tag ({@code vi-VN}) is cut to its language.
     */
    static String newsLanguage(String tag) {
        String lower = tag.toLowerCase(Locale.ROOT);
        if (lower.startsWith("zh-")) {
            return lower.contains("hant") || lower.endsWith("-tw") || lower.endsWith("-hk") ? "zh-tw" : "zh-cn";
        }
        int dash = lower.indexOf('-');
        return dash < 0 ? lower : lower.substring(0, dash);
    }
}
