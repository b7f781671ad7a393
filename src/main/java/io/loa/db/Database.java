package io.loa.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
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

    private final HikariDataSource pool;
    private final DSLContext dsl;

    private Database(HikariDataSource pool, SQLDialect dialect) {
        this.pool = pool;
        // Generated names are lower case; unquoted they match both H2 (upper-casing) and PostgreSQL (lower-casing).
        this.dsl = DSL.using(pool, dialect,
                new Settings().withRenderQuotedNames(RenderQuotedNames.EXPLICIT_DEFAULT_UNQUOTED));
    }

    /** Opens the pool and brings the schema up to date. */
    public static Database open(String url, String user, String password) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(10);
        config.setPoolName("loa");
        HikariDataSource pool = new HikariDataSource(config);
        try {
            Flyway.configure()
                    .dataSource(pool)
                    .locations("classpath:db")
                    .failOnMissingLocations(true)
                    .load()
                    .migrate();
            return new Database(pool, JDBCUtils.dialect(url));
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
    }

    public DSLContext dsl() {
        return dsl;
    }

    @Override
    public void close() {
        pool.close();
    }
}
