package io.loa.sitemap;

import io.loa.config.Site;
import io.loa.http.Representation;
import java.nio.charset.StandardCharsets;

/**
 * {@code /robots.txt} (RFC 9309): crawlers may read every public page and feed; not the editors' API, the
 * operators' endpoints, nor search results, which are endless and repeat the articles' own pages. It names the
 * sitemaps, by absolute URL on the site's base URL.
 */
final class Robots {

    private Robots() {}

    static Representation render(Site site) {
        String text = "# " + site.title().replaceAll("[\\r\\n]", " ") + "\n"
                + "User-agent: *\n"
                + "Allow: /\n"
                + "Disallow: /api/\n"
                + "Disallow: /metrics\n"
                + "Disallow: /health\n"
                + "Disallow: /ready\n"
                + "Disallow: /websub\n"
                + "Disallow: /search?\n"
                + "Disallow: /feeds/search.\n"
                + "\n"
                + "Sitemap: " + Locations.escape(site.url("/sitemap.xml")) + "\n"
                + "Sitemap: " + Locations.escape(site.url(SitemapFile.DIRECTORY + SitemapFile.NEWS)) + "\n";
        return Representation.of(
                text.getBytes(StandardCharsets.UTF_8), "text/plain;charset=utf-8", null, site.maxAge());
    }
}
