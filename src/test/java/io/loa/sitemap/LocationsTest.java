package io.loa.sitemap;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** URLs as sitemaps write them: ASCII, every other character percent-encoded as UTF-8, a Unicode host in Punycode. */
class LocationsTest {

    @Test
    void vietnamesePathsAndHostsBecomeAscii() {
        assertThat(Locations.escape("https://baohatinh.vn/tin-tức/bài-một.html?a=1&b=2#đầu"))
                .isEqualTo("https://baohatinh.vn/tin-t%E1%BB%A9c/b%C3%A0i-m%E1%BB%99t.html?a=1&b=2#%C4%91%E1%BA%A7u");
        assertThat(Locations.escape("https://báohàtĩnh.vn:8443/a")).isEqualTo("https://xn--bohtnh-ktaf66d.vn:8443/a");
        assertThat(Locations.escape("https://example.vn/a%20b/100%/c d"))
                .as("escapes already there are kept; a lone % and a space are encoded")
                .isEqualTo("https://example.vn/a%20b/100%25/c%20d");
        assertThat(Locations.escape("https://[::1]:8080/a[1]?b=[2]"))
                .as("brackets belong to an IP literal host only")
                .isEqualTo("https://[::1]:8080/a%5B1%5D?b=%5B2%5D");
    }

    @Test
    void aUrlLongerThanTheProtocolAllowsOnceEncodedIsLeftOut() {
        String base = "https://baohatinh.vn/";
        assertThat(Locations.of(base + "a".repeat(2048 - base.length()))).isPresent();
        assertThat(Locations.of(base + "ả".repeat(400))).isEmpty();
    }

    /** Whatever the path holds, the location is ASCII, a valid URI, and decodes to the same path. */
    @Property
    void anyPathIsWrittenAsAnAsciiUriThatDecodesToIt(@ForAll("paths") String path) {
        String escaped = Locations.escape("https://baohatinh.vn/" + path);
        assertThat(escaped.chars()).allMatch(c -> c > 0x20 && c < 0x7F);
        URI uri = URI.create(escaped);
        assertThat(uri.getHost()).isEqualTo("baohatinh.vn");
        assertThat(URLDecoder.decode(uri.getRawPath().substring(1).replace("+", "%2B"), StandardCharsets.UTF_8))
                .isEqualTo(path);
    }

    @Provide
    Arbitrary<String> paths() {
        // Letters of any script, marks, spaces and symbols, but none of the delimiters that end a path.
        return Arbitraries.strings()
                .all()
                .excludeChars('?', '#', '%')
                .ofMaxLength(40)
                .filter(s -> s.codePoints().noneMatch(c -> Character.getType(c) == Character.SURROGATE));
    }
}
