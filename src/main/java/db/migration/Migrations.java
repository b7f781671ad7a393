package db.migration;

import org.flywaydb.core.api.migration.Context;
import org.jooq.DSLContext;
import org.jooq.conf.RenderQuotedNames;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;
import org.jooq.tools.jdbc.JDBCUtils;

/** The jOOQ context of a Java migration: its connection, inside Flyway's transaction, named as the server names. */
final class Migrations {

    private Migrations() {}

    static DSLContext dsl(Context context) {
        return DSL.using(
                context.getConnection(),
                JDBCUtils.dialect(context.getConnection()),
                new Settings().withRenderQuotedNames(RenderQuotedNames.EXPLICIT_DEFAULT_UNQUOTED));
    }
}
