package io.loa.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What a client takes, read from its Accept and Accept-Encoding headers with their q-values. */
class QualityValuesTest {

    @Test
    void aMediaTypeWeighsAsTheMostSpecificRangeThatNamesIt() {
        QualityValues accept = QualityValues.parse("text/*;q=0.3, TEXT/HTML;q=0.7, text/html;level=1, */*;q=0.5");
        assertThat(accept.mediaType("text/html")).as("listed twice: the higher").isEqualTo(1.0);
        assertThat(accept.mediaType("text/plain")).isEqualTo(0.3);
        assertThat(accept.mediaType("application/rss+xml; charset=utf-8")).isEqualTo(0.5);
        assertThat(QualityValues.parse("text/html").mediaType("application/json")).isZero();
        assertThat(QualityValues.parse("text/html;q=zero, */*").mediaType("text/html")).as("not a number").isZero();
        assertThat(QualityValues.parse(null).mediaType("text/html")).isZero();
        assertThat(QualityValues.parse(" , ").mediaType("text/html")).isZero();
    }

    @ParameterizedTest(name = "{0} at a {1} gets HTML: {2}")
    @CsvSource(delimiter = '|', value = {
            // Browsers: Chromium, Firefox and Safari ask for HTML first.
            "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8 | application/rss+xml | true",
            "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8 | application/atom+xml | true",
            "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8 | application/feed+json | true",
            "text/html | application/rss+xml | true",
            // Feed readers, and clients that take anything.
            "application/rss+xml, */* | application/rss+xml | false",
            "*/* | application/rss+xml | false",
            "'' | application/rss+xml | false",
            "text/html, */* | application/feed+json | false",
            "application/rss+xml, application/atom+xml, text/xml;q=0.9, */*;q=0.1 | application/rss+xml | false",
            "application/atom+xml, text/html;q=0.5 | application/rss+xml | false",
            "application/feed+json, text/html | application/atom+xml | false",
            // An old WebKit named plain XML ahead of HTML; a client that refuses HTML never gets it.
            "application/xml,application/xhtml+xml,text/html;q=0.9,text/plain;q=0.8,image/png,*/*;q=0.5 | application/rss+xml | false",
            "text/html;q=0, */* | application/rss+xml | false",
            // Ranges: text/* covers text/xml as much as text/html.
            "text/html;q=0.9, application/*;q=0.5 | application/atom+xml | true",
            "text/*;q=0.9, application/*;q=0.5 | application/atom+xml | false"})
    void aClientGetsHtmlOnlyWhenItPrefersItToTheFeed(String accept, String type, boolean html) {
        assertThat(ConditionalGet.prefersHtml(accept, type)).isEqualTo(html);
    }

    @Test
    void noAcceptHeaderMeansTheFeed() {
        assertThat(ConditionalGet.prefersHtml(null, "application/rss+xml")).isFalse();
    }

    @ParameterizedTest(name = "Accept-Encoding {0} takes gzip: {1}")
    @CsvSource(delimiter = '|', value = {
            "gzip, deflate, br | true",
            "x-gzip | true",
            "GZIP;q=0.1 | true",
            "*;q=0.5 | true",
            "gzip;q=0, * | false",
            "gzip;q=0, identity | false",
            "x-gzip;q=0, gzip | true",
            "br | false",
            "'' | false"})
    void gzipIsTakenWhenNamedOrCoveredWithAWeight(String acceptEncoding, boolean gzip) {
        assertThat(ConditionalGet.acceptsGzip(acceptEncoding)).isEqualTo(gzip);
    }
}
