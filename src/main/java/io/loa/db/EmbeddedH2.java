package io.loa.db;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How Loa opens an H2 database file so that every acknowledged write survives kill -9.
 *
 * <p>MVStore writes each commit as a chunk. When a chunk goes into space freed by older chunks rather than at the
 * end of the file, the file header it writes names the chunk before it, whose guess of where the next chunk goes
 * was wrong. After a crash, recovery follows header and guesses, finds the older chunk complete, and silently
 * opens that version: every commit since is gone. Freed space becomes reusable once it is older than H2's
 * retention time (45 s, counted across downtime), so a restart after a pause made nearly every write of the next
 * run vanish. Appending every chunk ({@code REUSE_SPACE=FALSE}) leaves the newest chunk at the end of the file,
 * where recovery always looks. The file then grows with every write until the next start compacts it.
 */
public final class EmbeddedH2 {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedH2.class);
    /** What every embedded file needs: each commit written before it returns, and appended, never placed in a gap. */
    private static final String[][] DURABLE = {{"WRITE_DELAY", "0"}, {"REUSE_SPACE", "FALSE"}};

    static {
        // AUTO_SERVER lets a second process on this machine (the token command) in; no other machine needs to reach it.
        if (System.getProperty("h2.bindAddress") == null) {
            System.setProperty("h2.bindAddress", "127.0.0.1");
        }
    }

    private EmbeddedH2() {}

    /** Whether {@code url} names an H2 database in a file of this machine (not in memory, not on a server). */
    public static boolean isFile(String url) {
        if (!url.regionMatches(true, 0, "jdbc:h2:", 0, 8)) {
            return false;
        }
        String rest = url.substring(8).toLowerCase(Locale.ROOT);
        return !(rest.startsWith("mem:") || rest.startsWith("tcp:") || rest.startsWith("ssl:"));
    }

    /**
     * The file H2 keeps the database of {@code url} in, as an absolute path ({@code jdbc:h2:file:./data/loa} is
     * {@code ./data/loa.mv.db} under the working directory), when {@code url} names a file.
     */
    public static Optional<Path> file(String url) {
        if (!isFile(url)) {
            return Optional.empty();
        }
        String name = url.substring(8).split(";", 2)[0];
        if (name.regionMatches(true, 0, "file:", 0, 5)) {
            name = name.substring(5);
        }
        if (name.startsWith("~")) {
            name = System.getProperty("user.home") + name.substring(1);
        }
        return Optional.of(Path.of(name + ".mv.db").toAbsolutePath().normalize());
    }

    /** The URL with the settings that keep acknowledged writes, where it does not name them itself. */
    public static String durable(String url) {
        if (!isFile(url)) {
            return url;
        }
        StringBuilder out = new StringBuilder(url);
        String upper = url.toUpperCase(Locale.ROOT);
        for (String[] setting : DURABLE) {
            if (!upper.contains(";" + setting[0] + "=")) {
                out.append(';').append(setting[0]).append('=').append(setting[1]);
            }
        }
        return out.toString();
    }

    /** How much of the file, in percent, H2 counts as live in its chunks. */
    static final String FILL_PERCENT = "SELECT CAST(SETTING_VALUE AS INT)"
            + " FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME = 'info.CHUNKS_FILL_RATE'";

    /**
     * Rewrites the file without the space earlier runs left behind, when no other process has it open and the
     * running server would compact it at once ({@link FileCompaction#GROWTH} times its live data or more), better
     * before it serves than with requests held. A file closer to its live size is left as it is: rewriting it costs
     * as long as copying every byte (a minute or more at a million articles) on the way to the first request, and
     * the running server compacts it once it has grown past that bound. H2 compacts into a new file and swaps it in,
     * so a kill during this loses nothing.
     */
    public static void compact(String url, String user, String password) {
        if (!isFile(url) || file(url).filter(Files::exists).isEmpty()) {
            return;
        }
        // Without AUTO_SERVER this connection is refused, rather than routed, when another process holds the file.
        String exclusive = url.replaceAll("(?i);AUTO_SERVER=TRUE", "");
        try (Connection connection = DriverManager.getConnection(exclusive, user, password);
                Statement statement = connection.createStatement();
                ResultSet fill = statement.executeQuery(FILL_PERCENT)) {
            int percent = fill.next() ? fill.getInt(1) : 100;
            if (percent * FileCompaction.GROWTH < 100) {
                LOG.info("Compacting the database file before serving: {} % of it is live", percent);
                statement.execute("SHUTDOWN COMPACT");
            }
        } catch (SQLException e) {
            LOG.info("The database file is not compacted now: {}", e.getMessage());
        }
    }
}
