package io.loa.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.loa.ServerSetup;
import io.loa.TestServer;
import io.loa.db.Database;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * While the database is away, every background loop fails each round: it says so in one line when it starts failing
 * and in one when it works again, and counts its failed rounds in /metrics.
 */
class BackgroundLoopsTest {

    static final List<String> LOOPS = List.of("change-stream", "scheduled-release", "websub-hub", "webhooks");
    /**
     * The tables every loop reads each round: articles (releases), the stream's head, the hub's subscriptions,
     * webhooks' messages.
     */
    static final List<String> TABLES = List.of("article", "stream_head", "websub_subscription", "webhook_message");

    @Test
    void eachLoopLogsOneLineWhenTheDatabaseGoesAndOneWhenItComesBackAndCountsItsFailedRounds() throws Exception {
        Logger loa = (Logger) LoggerFactory.getLogger("io.loa");
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        loa.addAppender(log);
        try (TestServer server =
                        ServerSetup.defaults().setting("LOA_SYNC_MILLIS", "20").start();
                Database db = server.database()) {
            for (String table : TABLES) {
                db.dsl()
                        .alterTable(DSL.name(table))
                        .renameTo(DSL.name(table + "_away"))
                        .execute();
            }
            // Many rounds of every loop fail while the tables are away.
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> LOOPS.stream().allMatch(loop -> failures(server, loop) >= 10));
            for (String table : TABLES) {
                db.dsl()
                        .alterTable(DSL.name(table + "_away"))
                        .renameTo(DSL.name(table))
                        .execute();
            }
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> LOOPS.stream()
                            .allMatch(loop -> !lines(log, Level.INFO, "The " + loop + " loop works again")
                                    .isEmpty()));

            List<ILoggingEvent> warnings = lines(log, Level.WARN, "");
            assertThat(warnings).as("warnings").hasSize(LOOPS.size());
            for (String loop : LOOPS) {
                List<ILoggingEvent> failing = lines(log, Level.WARN, "The " + loop + " loop is failing");
                assertThat(failing).as(loop).hasSize(1);
                assertThat(failing.get(0).getFormattedMessage()).as(loop).doesNotContain("\n");
                assertThat(failing.get(0).getThrowableProxy())
                        .as(loop + ": no stack trace")
                        .isNull();
                assertThat(lines(log, Level.INFO, "The " + loop + " loop works again"))
                        .as(loop)
                        .hasSize(1);
                assertThat(failures(server, loop)).as(loop).isGreaterThanOrEqualTo(10);
            }
            // Working again: the counts stay where they are.
            double counted =
                    LOOPS.stream().mapToDouble(loop -> failures(server, loop)).sum();
            await().during(Duration.ofMillis(500))
                    .atMost(Duration.ofSeconds(10))
                    .untilAsserted(() -> assertThat(LOOPS.stream()
                                    .mapToDouble(loop -> failures(server, loop))
                                    .sum())
                            .isEqualTo(counted));
            assertThat(lines(log, Level.WARN, "")).as("warnings after recovery").hasSize(LOOPS.size());
        } finally {
            loa.detachAppender(log);
        }
    }

    private static List<ILoggingEvent> lines(ListAppender<ILoggingEvent> log, Level level, String start) {
        synchronized (log) {
            return log.list.stream()
                    .filter(e ->
                            e.getLevel() == level && e.getFormattedMessage().startsWith(start))
                    .toList();
        }
    }

    /** The loop's failed rounds as /metrics counts them; 0 while it has none. */
    private static double failures(TestServer server, String loop) {
        Matcher count = Pattern.compile(
                        "^loa_background_failures_total\\{loop=\"" + Pattern.quote(loop) + "\"} (\\S+)$",
                        Pattern.MULTILINE)
                .matcher(server.get("/metrics").body());
        return count.find() ? Double.parseDouble(count.group(1)) : 0;
    }
}
