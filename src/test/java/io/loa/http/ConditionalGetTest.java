package io.loa.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** If-None-Match and If-Match are read by their grammar (RFC 9110, 13.1.1 and 13.1.2): "*" or entity tags. */
class ConditionalGetTest {

    private static final String CURRENT = "\"a,b\"";

    @ParameterizedTest(name = "{0}: weakly {1}, strongly {2}")
    @CsvSource(
            delimiter = '|',
            value = {
                "'\"a,b\"' | true | true",
                "'W/\"a,b\"' | true | false",
                "'\"x\", \"a,b\"' | true | true",
                "' \"x\" ,W/\"a,b\" ' | true | false",
                "'\"x\",,\"a,b\",' | true | true",
                "* | true | true",
                "' * ' | true | true",
                "'\"x\", *' | false | false",
                "'\"x\"' | false | false",
                "a,b | false | false",
                "'\"a,b' | false | false",
                "'\"a,b\" \"x\"' | false | false",
                "'W/ \"a,b\"' | false | false",
                "'w/\"a,b\"' | false | false",
                "'\"a,b\";' | false | false",
                "'' | false | false",
                "';' | false | false"
            })
    void aListOfEntityTagsMatchesByItsGrammar(String header, boolean weakly, boolean strongly) {
        assertThat(ConditionalGet.matches(header, CURRENT::equals))
                .as("If-None-Match: " + header)
                .isEqualTo(weakly);
        assertThat(ConditionalGet.matchesStrongly(header, CURRENT::equals))
                .as("If-Match: " + header)
                .isEqualTo(strongly);
    }
}
