package io.loa.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What a command tells the operator of the database it opens: never a password, an H2 file by its whole path. */
class DatabaseDescriptionTest {

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "jdbc:postgresql://db.internal:5432/loa?user=loa&password=s3cret&ssl=true"
                        + "|jdbc:postgresql://db.internal:5432/loa?user=loa&password=…&ssl=true",
                "jdbc:postgresql://db.internal/loa?password=s3cret|jdbc:postgresql://db.internal/loa?password=…",
                "jdbc:h2:tcp://db.internal/loa;USER=sa;PASSWORD=s3cret|jdbc:h2:tcp://db.internal/loa;USER=sa;PASSWORD=…",
                "jdbc:mysql://loa:s3cret@db.internal/loa|jdbc:mysql://loa:…@db.internal/loa",
                "jdbc:h2:mem:loa|jdbc:h2:mem:loa"
            })
    void aUrlIsShownWithoutItsPassword(String url, String shown) {
        assertThat(Database.describe(url)).isEqualTo(shown).doesNotContain("s3cret");
    }

    @ParameterizedTest
    @CsvSource({
        "jdbc:h2:file:./data/loa;AUTO_SERVER=TRUE, data/loa.mv.db",
        "jdbc:h2:./x/../data/loa, data/loa.mv.db",
        "jdbc:h2:file:/srv/loa/db;PASSWORD=s3cret, /srv/loa/db.mv.db"
    })
    void anH2FileIsShownByItsAbsolutePath(String url, String file) {
        assertThat(Database.describe(url)).isEqualTo(Path.of(file).toAbsolutePath() + " (H2)");
    }
}
