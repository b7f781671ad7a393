package io.loa;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Assumptions;

/**
 * A fresh, empty database for one test server: in-memory H2 by default, or a schema of its own on the
 * PostgreSQL named by the system property {@code loa.test.pg.url} (set by the build from LOA_TEST_PG_URL;
 * the user is LOA_TEST_PG_USER, default postgres).
 */
public final class TestDatabase {

    private static final String PG_URL = System.getProperty("loa.test.pg.url", "");
    private static final String PG_USER = System.getenv().getOrDefault("LOA_TEST_PG_USER", "postgres");

    private TestDatabase() {}

    public static boolean isPostgres() {
        return !PG_URL.isBlank();
    }

    public static String user() {
        return isPostgres() ? PG_USER : "sa";
    }

    /** A JDBC URL of a database nobody else uses; on PostgreSQL, tests are skipped, loudly, if it is unreachable. */
    public static String fresh() {
        String name = "loa_test_" + UUID.randomUUID().toString().replace("-", "");
        if (!isPostgres()) {
            return "jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1";
        }
        execute("CREATE SCHEMA " + name);
        return PG_URL + (PG_URL.contains("?") ? "&" : "?") + "currentSchema=" + name;
    }

    /**
     * The embedded H2 file {@code dir/loa}, as an operator's default database is, opened so that a second process
     * (a command, another server) may use it while the server holds it.
     */
    public static String h2File(Path dir) {
        return "jdbc:h2:file:" + dir.resolve("loa") + ";AUTO_SERVER=TRUE";
    }

    /** Applies the migrations of {@code db/} up to {@code version} only, as a database of an older Loa has them. */
    public static void migrateTo(String url, String version) {
        Flyway.configure()
                .dataSource(url, user(), "")
                .locations("classpath:db")
                .target(version)
                .load()
                .migrate();
    }

    /** Drops a schema {@link #fresh()} made on PostgreSQL; in-memory H2 databases are left to the JVM. */
    public static void drop(String url) {
        int at = url.indexOf("currentSchema=");
        if (isPostgres() && at >= 0) {
            execute("DROP SCHEMA IF EXISTS " + url.substring(at + "currentSchema=".length()) + " CASCADE");
        }
    }

    private static void execute(String sql) {
        try (Connection c = DriverManager.getConnection(PG_URL, PG_USER, "");
                Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            Assumptions.abort("PostgreSQL at " + PG_URL + " is not reachable, so the PostgreSQL run is skipped: "
                    + e.getMessage());
        }
    }
}
