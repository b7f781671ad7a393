package io.loa.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.MeterRegistry;
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
        this.dsl = DSL.using(pool, dialect,
                new Settings().withRenderQuotedNames(RenderQuotedNames.EXPLICIT_DEFAULT_UNQUOTED));
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
        return EmbeddedH2.file(url).map(file -> file + " (H2)").orElseGet(() -> PASSWORD.matcher(url)
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

    @Override
    public void close() {
        pool.close();
    }
}
