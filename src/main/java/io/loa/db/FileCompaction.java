package io.loa.db;

import io.loa.background.Rounds;
import io.loa.background.Timers;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps an embedded H2 file near the size of its data while Loa runs. Every commit is appended to the file (see
 * {@link EmbeddedH2}), so it only grows; once it is {@value #GROWTH} times its size after the last compaction and
 * past a floor, the database is compacted the one way known to be safe, {@code SHUTDOWN COMPACT}: H2 writes the
 * data into a new file and swaps it in, so a kill at any moment leaves the old file or the new one, whole.
 *
 * <p>That closes the database, so the pool is held meanwhile ({@link Database#whileIdle}): writes in flight finish
 * first, requests arriving wait and then go on, and feeds keep being served from the render cache. Another process
 * connected through AUTO_SERVER (a token command, an import) would lose its connection: the compaction waits until
 * none is. A process that reaches the file through another's server leaves compacting to that one.
 */
public final class FileCompaction implements AutoCloseable {

    /** How many times its compacted size the file may grow to. */
    static final int GROWTH = 3;

    private static final long CHECK_MILLIS = 1_000;
    /** How long lent connections may take to come back; requests wait this long at most before a compaction. */
    private static final Duration DRAIN = Duration.ofSeconds(2);
    /** How long after a compaction that failed, or found connections busy, the next is tried. */
    private static final Duration RETRY = Duration.ofSeconds(30);

    private static final Logger LOG = LoggerFactory.getLogger(FileCompaction.class);

    private final Database database;
    private final Path file;
    private final long floor;
    private final Rounds rounds;
    private long bound;
    /** When the next compaction may be tried (System.nanoTime), after one failed. */
    private long notBefore = System.nanoTime();
    /** Why the last check could not compact, so that a reason is logged when it starts and not every second. */
    private String holdUp = "";

    private FileCompaction(Database database, Path file, long floor, Rounds rounds) {
        this.database = database;
        this.rounds = rounds;
        this.file = file;
        this.floor = floor;
    }

    /** The same, for a command: its rounds' failures are logged, and counted nowhere. */
    public static FileCompaction start(Database database, long floor) {
        return start(database, floor, new Timers(new SimpleMeterRegistry()));
    }

    /**
     * Checks the database's file every second and compacts it when it passes its bound; nothing, unless the
     * database is an H2 file.
     *
     * @param floor the size below which the file is never compacted while Loa runs
     */
    public static FileCompaction start(Database database, long floor, Timers timers) {
        Rounds rounds = timers.rounds(Timers.Loop.DB_COMPACTION);
        if (!database.isEmbeddedFile()) {
            return new FileCompaction(database, null, floor, rounds);
        }
        FileCompaction compaction = new FileCompaction(
                database, Path.of(database.dsl().fetchValue("SELECT DATABASE_PATH()") + ".mv.db"), floor, rounds);
        try {
            // The schema's migrations leave a fresh file mostly free space: it counts as compacted to what is live.
            compaction.bound = compaction.boundAfter(compaction.live(Files.size(compaction.file)));
        } catch (IOException | RuntimeException e) {
            LOG.warn("The database file will not be compacted while Loa runs: {}", e.toString());
            return compaction;
        }
        rounds.every(CHECK_MILLIS, CHECK_MILLIS, compaction::check);
        return compaction;
    }

    private long boundAfter(long compacted) {
        return Math.max(GROWTH * compacted, floor);
    }

    private void check() {
        try {
            long size = Files.size(file);
            if (size > bound && System.nanoTime() - notBefore >= 0) {
                compact(size);
            }
        } catch (IOException | SQLException | RuntimeException e) {
            retryLater("it failed: " + e);
        }
    }

    private void compact(long size) throws IOException, SQLException {
        // The new file needs room beside the old one for the data still live in it.
        long live = live(size);
        long usable = Files.getFileStore(file).getUsableSpace();
        if (usable < live) {
            heldUp("the disk has " + megabytes(usable) + " free, and the compacted copy needs about "
                    + megabytes(live));
            return;
        }
        // Asked before the pool is held, so that requests do not wait every second while another process is on;
        // and again on the connection that closes the database, in case one came in meanwhile.
        String others = database.dsl().connectionResult(connection -> {
            try (Statement statement = connection.createStatement()) {
                return othersOn(statement);
            }
        });
        if (!others.isEmpty()) {
            heldUp(others);
            return;
        }
        LOG.debug("Compacting the database file: {}, past {}", megabytes(size), megabytes(bound));
        long started = System.nanoTime();
        String[] reason = {""};
        boolean ran = database.whileIdle(DRAIN, () -> {
            try (Connection connection = database.unpooled();
                    Statement statement = connection.createStatement()) {
                reason[0] = othersOn(statement);
                if (reason[0].isEmpty()) {
                    statement.execute("SHUTDOWN COMPACT");
                }
            }
        });
        if (!ran) {
            retryLater("connections were still in use after " + DRAIN.toSeconds() + " s");
        } else if (!reason[0].isEmpty()) {
            heldUp(reason[0]);
        } else {
            long compacted = Files.size(file);
            bound = boundAfter(compacted);
            holdUp = "";
            LOG.info(
                    "Compacted the database file from {} to {} in {} ms; next at {}",
                    megabytes(size),
                    megabytes(compacted),
                    (System.nanoTime() - started) / 1_000_000,
                    megabytes(bound));
        }
    }

    /** About how much of a file of {@code size} bytes is live data, from H2's own count of its chunks. */
    private long live(long size) {
        Number percent = (Number) database.dsl().fetchValue(EmbeddedH2.FILL_PERCENT);
        return size / 100 * percent.longValue();
    }

    /** Why the database is not this connection's to close: empty when it is. */
    private static String othersOn(Statement statement) throws SQLException {
        // SERVER names the TCP server of a session that came in through AUTO_SERVER; it is null for this process's.
        try (ResultSet sessions = statement.executeQuery("SELECT COUNT(*) FILTER (WHERE SESSION_ID = SESSION_ID()),"
                + " COUNT(*) FROM INFORMATION_SCHEMA.SESSIONS WHERE SERVER IS NOT NULL")) {
            sessions.next();
            if (sessions.getLong(1) > 0) {
                return "another process holds the file, and compacts it";
            }
            return sessions.getLong(2) == 0 ? "" : "other processes are connected to it through AUTO_SERVER";
        }
    }

    /** For what held requests up in vain: they are not held again every second. */
    private void retryLater(String reason) {
        notBefore = System.nanoTime() + RETRY.toNanos();
        heldUp(reason + "; trying again in " + RETRY.toSeconds() + " s");
    }

    private void heldUp(String reason) {
        if (!reason.equals(holdUp)) {
            LOG.warn(
                    "The database file is {}, past {}, and not compacted now: {}",
                    megabytes(fileSize()),
                    megabytes(bound),
                    reason);
            holdUp = reason;
        }
    }

    private long fileSize() {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return -1;
        }
    }

    private static String megabytes(long bytes) {
        return String.format("%.1f MB", bytes / 1_048_576.0);
    }

    @Override
    public void close() {
        rounds.close();
    }
}
