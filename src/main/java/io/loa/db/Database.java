package io.loa.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.regex.Pattern;
import org.flywaydb.core.Flyway;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.conf.RenderQuotedNames;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;
import org.jooq.tools.jdbc.JDBCUtils;

/**
 * The connection pool, the schema (migrated by Flyway from {@code db/} on open) and the one {@link DSLContext}.
 * The jOOQ dialect follows the JDBC URL.
 */
public final class Database implements AutoCloseable {

    /** A password a JDBC URL may carry: as a parameter ({@code ?password=…}, {@code ;PASSWORD=…}) or before an @. */
    private static final Pattern PASSWORD = Pattern.compile("(?i)([?&;]password=)[^&;]*|(//[^/@:]*:)[^/@]*@");

    private final HikariDataSource pool;
    private final Flyway flyway;
    private final DSLContext dsl;

    private Database(HikariDataSource pool, Flyway flyway, SQLDialect dialect) {
        this.pool = pool;
        this.flyway = flyway;
        // Generated names are lower case; unquoted they match both H2 (upper-casing) and PostgreSQL (lower-casing).
        this.dsl = DSL.using(
                pool, dialect, new Settings().withRenderQuotedNames(RenderQuotedNames.EXPLICIT_DEFAULT_UNQUOTED));
    }

    /** Opens the pool and brings the schema up to date; {@link DatabaseUnavailable} says in one line why not. */
    public static Database open(String url, String user, String password) {
        return open(url, user, password, null);
    }

    /** The same, with the pool's figures published to {@code metrics}. */
    public static Database open(String url, String user, String password, MeterRegistry metrics) {
        HikariConfig config = new HikariConfig();
        if (metrics != null) {
            config.setMetricRegistry(metrics);
        }
        config.setJdbcUrl(EmbeddedH2.durable(url));
        // An embedded file is compacted while Loa runs, with the pool held (see FileCompaction).
        config.setAllowPoolSuspension(EmbeddedH2.isFile(url));
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(10);
        config.setPoolName("loa");
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw DatabaseUnavailable.of(e);
        }
        try {
            Flyway flyway = Flyway.configure()
                    .dataSource(pool)
                    .locations("classpath:db")
                    .failOnMissingLocations(true)
                    .load();
            flyway.migrate();
            return new Database(pool, flyway, JDBCUtils.dialect(url));
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
    }

    /**
     * Which database {@code url} opens, as an operator is told: an H2 file's absolute path, else the URL with any
     * password in it left out.
     */
    public static String describe(String url) {
        return EmbeddedH2.file(url)
                .map(file -> file + " (H2)")
                .orElseGet(() -> PASSWORD.matcher(url)
                        .replaceAll(found -> found.group(1) != null ? found.group(1) + "…" : found.group(2) + "…@"));
    }

    public DSLContext dsl() {
        return dsl;
    }

    /** True when the database answers and every migration in the build has been applied to it. */
    public boolean ready() {
        try {
            dsl.selectOne().fetch();
            return flyway.info().pending().length == 0;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Whether the database is an H2 file of this machine, which the pool may be held for (see {@link #whileIdle}). */
    boolean isEmbeddedFile() {
        return EmbeddedH2.isFile(pool.getJdbcUrl());
    }

    /** A connection outside the pool, with its settings: for work the pool's own connections must not do. */
    Connection unpooled() throws SQLException {
        return DriverManager.getConnection(pool.getJdbcUrl(), pool.getUsername(), pool.getPassword());
    }

    /** Work on the database that may fail as JDBC fails. */
    @FunctionalInterface
    interface Work {
        void run() throws SQLException;
    }

    /**
     * Runs {@code work} while the pool lends no connection (an embedded file only): connections lent finish what
     * they do and come back first, requests for one wait until {@code work} is done, and the connections the pool
     * kept are replaced afterwards, so {@code work} may close the database. When connections are still lent after
     * {@code drain} (a long query), nothing runs and it returns false.
     */
    boolean whileIdle(Duration drain, Work work) throws SQLException {
        HikariPoolMXBean held = pool.getHikariPoolMXBean();
        held.suspendPool();
        try {
            long until = System.nanoTime() + drain.toNanos();
            while (held.getActiveConnections() > 0) {
                if (System.nanoTime() > until) {
                    return false;
                }
                Thread.sleep(10);
            }
            try {
                work.run();
            } finally {
                held.softEvictConnections();
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            held.resumePool();
        }
    }

    @Override
    public void close() {
        pool.close();
    }
}
