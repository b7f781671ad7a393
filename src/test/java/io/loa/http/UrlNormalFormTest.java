package io.loa.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Locale;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The one spelling of URLs that mean the same, which is how WebSub topics are compared. */
class UrlNormalFormTest {

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource(delimiter = '|', textBlock = """
            http://localhost:8080/feeds/thoi-su.atom        | http://localhost:8080/feeds/thoi-su.atom
            http://localhost:8080/feeds/thoi%2Dsu.atom      | http://localhost:8080/feeds/thoi-su.atom
            http://localhost:8080/feeds/thoi%2dsu%2Eatom    | http://localhost:8080/feeds/thoi-su.atom
            http://localhost/%7Efeeds/%5F%61%5A%30          | http://localhost/~feeds/_aZ0
            HTTP://LOCALHOST:8080/feeds/thoi-su.atom        | http://localhost:8080/feeds/thoi-su.atom
            hTTpS://Example.COM/feeds/all.rss               | https://example.com/feeds/all.rss
            http://example.com:80/feeds/all.rss             | http://example.com/feeds/all.rss
            https://example.com:443/feeds/all.rss           | https://example.com/feeds/all.rss
            http://example.com:443/feeds/all.rss            | http://example.com:443/feeds/all.rss
            https://example.com:80/feeds/all.rss            | https://example.com:80/feeds/all.rss
            http://example.com:/feeds/all.rss               | http://example.com/feeds/all.rss
            http://[::1]:80/feeds/all.rss                   | http://[::1]/feeds/all.rss
            http://example.com/a%2fb%3F%e1%BA%A1            | http://example.com/a%2Fb%3F%E1%BA%A1
            http://example.com/feeds/x.atom?q=%2D%2f#Frag%2D | http://example.com/feeds/x.atom?q=-%2F#Frag%2D
            http://User%2D@Example.com/Path                 | http://User%2D@example.com/Path
            http://example.com                              | http://example.com
            """)
    void equivalentSpellingsShareOneForm(String url, String normal) {
        assertThat(UrlNormalForm.of(url)).isEqualTo(normal);
    }

    @ParameterizedTest(name = "{0} stays as it is")
    @CsvSource(delimiter = '|', textBlock = """
            not a url
            /feeds/thoi-su.atom
            http://example.com/100%
            mailto:toa-soan@example.com
            """)
    void whatIsNotAUrlWithAHostIsLeftAlone(String text) {
        assertThat(UrlNormalForm.of(text)).isEqualTo(text);
    }

    @Property
    void theNormalFormIsItsOwnNormalForm(@ForAll("urls") String url) {
        String normal = UrlNormalForm.of(url);
        assertThat(UrlNormalForm.of(normal)).isEqualTo(normal);
    }

    @Property
    void aPercentEncodedUnreservedCharacterIsTheCharacterItself(@ForAll("unreserved") char c) {
        String hex = Integer.toHexString(c);
        for (String encoding : List.of(hex.toLowerCase(Locale.ROOT), hex.toUpperCase(Locale.ROOT))) {
            assertThat(UrlNormalForm.of("http://example.com/feeds/%" + encoding + ".atom"))
                    .isEqualTo("http://example.com/feeds/" + c + ".atom");
        }
    }

    @Provide
    Arbitrary<Character> unreserved() {
        return Arbitraries.chars()
                .range('a', 'z')
                .range('A', 'Z')
                .range('0', '9')
                .with('-', '.', '_', '~');
    }

    @Provide
    Arbitrary<String> urls() {
        Arbitrary<String> scheme = Arbitraries.of("http", "HTTP", "https", "Https");
        Arbitrary<String> host = Arbitraries.of("localhost", "Example.COM", "[::1]", "127.0.0.1");
        Arbitrary<String> port = Arbitraries.of("", ":80", ":443", ":8080");
        Arbitrary<String> path = Arbitraries.strings()
                .withChars("abcXYZ019-._~/%2d%2F%e1%41!$&'()*+,;=:@")
                .ofMaxLength(30)
                .map(p -> "/" + p);
        return Combinators.combine(scheme, host, port, path).as((s, h, p, q) -> s + "://" + h + p + q);
    }
}
