package io.loa.audience;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The subscriber counts hosted readers put in their User-Agent, as they write them, and the reader behind each. */
class SubscriberReportTest {

    @Test
    void eachReadersFormatIsRead() {
        assertThat(
                        SubscriberReport.parse(
                                "Feedly/1.0 (+http://www.feedly.com/fetcher.html; 123 subscribers; feed-id=feed/http://x/a.rss)"))
                .isEqualTo(new SubscriberReport(123, "feed/http://x/a.rss"));
        assertThat(SubscriberReport.parse("Feedly/1.0 (poller; 131 subscribers;)"))
                .isEqualTo(new SubscriberReport(131, ""));
        assertThat(SubscriberReport.parse(
                        "Mozilla/5.0 (compatible; Inoreader/1.0; https://www.inoreader.com; 45 subscribers)"))
                .isEqualTo(new SubscriberReport(45, ""));
        assertThat(SubscriberReport.parse("Feedbin feed-id:1234 - 67 subscribers"))
                .isEqualTo(new SubscriberReport(67, "1234"));
        assertThat(SubscriberReport.parse("NewsBlur Feed Fetcher - 12 subscribers - https://www.newsblur.com/site/9/x"))
                .isEqualTo(new SubscriberReport(12, ""));
        assertThat(SubscriberReport.parse(
                        "Mozilla/5.0 (compatible; theoldreader.com; The Old Reader; 8 subscribers; feed-id=abc)"))
                .isEqualTo(new SubscriberReport(8, "abc"));
        assertThat(SubscriberReport.parse("SomeReader/2.0 (+https://example.com; 1 reader)"))
                .isEqualTo(new SubscriberReport(1, ""));
    }

    @Test
    void userAgentsWithoutACountHaveNone() {
        assertThat(SubscriberReport.parse(null)).isNull();
        assertThat(SubscriberReport.parse("NetNewsWire (RSS Reader; https://netnewswire.com/)"))
                .isNull();
        assertThat(SubscriberReport.parse("Mozilla/5.0 (X11; Linux x86_64) Firefox/120.0"))
                .isNull();
        assertThat(SubscriberReport.parse("Mozilla/5.0 (compatible; Inoreader/1.0; https://www.inoreader.com)"))
                .isNull();
        assertThat(SubscriberReport.parse("x 99999999999 subscribers")).isNull();
        assertThat(SubscriberReport.parse("v1.5subscribers")).isNull();
    }

    @Test
    void readersAreToldApartByName() {
        assertThat(Fetcher.of("Feedly/1.0 (poller; 131 subscribers;)")).isEqualTo(Fetcher.FEEDLY);
        assertThat(Fetcher.of("Mozilla/5.0 (compatible; Inoreader/1.0; https://www.inoreader.com; 45 subscribers)"))
                .isEqualTo(Fetcher.INOREADER);
        assertThat(Fetcher.of("Feedbin feed-id:1234 - 67 subscribers")).isEqualTo(Fetcher.FEEDBIN);
        assertThat(Fetcher.of("NewsBlur Feed Fetcher - 12 subscribers")).isEqualTo(Fetcher.NEWSBLUR);
        assertThat(Fetcher.of("Mozilla/5.0 (compatible; The Old Reader; 8 subscribers)"))
                .isEqualTo(Fetcher.OLD_READER);
        assertThat(Fetcher.of("Java-http-client/17")).isEqualTo(Fetcher.OTHER);
        assertThat(Fetcher.of(null)).isEqualTo(Fetcher.OTHER);
    }
}
