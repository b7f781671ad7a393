package io.loa.db;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.loa.TestDatabase;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The compaction before a start rewrites the H2 file only when the running server would compact it at once: past
 * the floor and mostly free space. Below the floor, a start leaves the file alone, as the server would.
 */
class StartCompactionTest {

    private static final long MB = 1024 * 1024;

    @Test
    void aFileIsDueAtStartOnlyPastTheFloorAndMostlyFree() {
        assertThat(FileCompaction.dueAtStart(4 * MB, 3, 64 * MB))
                .as("a fresh file, mostly free but under the floor")
                .isFalse();
        assertThat(FileCompaction.dueAtStart(200 * MB, 2, 64 * MB))
                .as("a file an import left, past the floor and 2 % live")
                .isTrue();
        assertThat(FileCompaction.dueAtStart(200 * MB, 50, 64 * MB))
                .as("past the floor, but half of it live")
                .isFalse();
        assertThat(FileCompaction.dueAtStart(4 * MB, 3, 0)).as("no floor").isTrue();
    }

    @Test
    void aStartLeavesAFileUnderTheFloorAsItIsAndCompactsItWithoutOne(@TempDir Path dir) {
        String url = EmbeddedH2.durable(TestDatabase.h2File(dir));
        Database.open(url, "sa", "").close(); // migrated: a new file, most of it the migrations' freed space
        Logger log = (Logger) LoggerFactory.getLogger(EmbeddedH2.class);
        ListAppender<ILoggingEvent> events = new ListAppender<>();
        events.start();
        log.addAppender(events);
        try {
            EmbeddedH2.compact(url, "sa", "", 64 * MB);
            assertThat(compactions(events)).as("under the floor: left as it is").isZero();

            EmbeddedH2.compact(url, "sa", "", 0);
            assertThat(compactions(events)).as("with no floor: compacted").isEqualTo(1);
        } finally {
            log.detachAppender(events);
        }
    }

    private static long compactions(ListAppender<ILoggingEvent> events) {
        return events.list.stream()
                .filter(e -> e.getFormattedMessage().startsWith("Compacting the database file before serving"))
                .count();
    }
}
