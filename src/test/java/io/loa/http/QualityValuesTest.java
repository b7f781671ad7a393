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
        assertThat(QualityValues.parse("text/html").mediaType("application/json"))
                .isZero();
        assertThat(QualityValues.parse("text/html;q=zero, */*;q=0.1").mediaType("text/html"))
                .as("not a qvalue")
                .isEqualTo(0.1);
        assertThat(QualityValues.parse(null).mediaType("text/html")).isZero();
        assertThat(QualityValues.parse(" , ").mediaType("text/html")).isZero();
    }

    @ParameterizedTest(name = "Accept {0} weighs text/html at {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "; | 0",
                ";; | 0",
                "text/html,; | 1",
                ";q=1, text/html;q=0.5 | 0.5",
                "/ | 0",
                "text/ | 0",
                "text/html/x | 0",
                "text/html;q=1.5, */*;q=0.2 | 0.2",
                "text/html;q=0.1234 | 0",
                "text/html;q= | 0",
                "text/html;q=0.9; | 0.9",
                "text/html ; Q=0.7 | 0.7",
                "text/html;a=\"x;q=0,y\";q=0.3 | 0.3",
                "text/html;a=\"x | 0",
                "text/html;;q=0.4 | 0.4",
                "text/html;a b=c | 0",
                "'' | 0",
                "text/\u0000html | 0",
                "t\u00eaxt/html | 0"
            })
    void membersThatDoNotFollowTheGrammarAreLeftOut(String accept, double html) {
        assertThat(QualityValues.parse(accept).mediaType("text/html")).isEqualTo(html);
    }

    @ParameterizedTest(name = "{0} at a {1} gets HTML: {2}")
    @CsvSource(
            delimiter = '|',
            value = {
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
                "text/*;q=0.9, application/*;q=0.5 | application/atom+xml | false"
            })
    void aClientGetsHtmlOnlyWhenItPrefersItToTheFeed(String accept, String type, boolean html) {
        assertThat(ConditionalGet.prefersHtml(accept, type)).isEqualTo(html);
    }

    @Test
    void noAcceptHeaderMeansTheFeed() {
        assertThat(ConditionalGet.prefersHtml(null, "application/rss+xml")).isFalse();
    }

    @ParameterizedTest(name = "Accept-Encoding {0} takes gzip: {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "gzip, deflate, br | true",
                "x-gzip | true",
                "GZIP;q=0.1 | true",
                "*;q=0.5 | true",
                "gzip;q=0, * | false",
                "gzip;q=0, identity | false",
                "x-gzip;q=0, gzip | true",
                "br | false",
                "; | false",
                ";; | false",
                "'gzip,;' | true",
                "'gzip;q=2, *' | true",
                "'gzip;q=.5' | false",
                "'' | false"
            })
    void gzipIsTakenWhenNamedOrCoveredWithAWeight(String acceptEncoding, boolean gzip) {
        assertThat(ConditionalGet.acceptsGzip(acceptEncoding)).isEqualTo(gzip);
    }
}
