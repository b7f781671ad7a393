package db.migration;

import io.loa.article.Backfills;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Gives the articles stored before authors had feeds (V9) their author's slug, which only Java computes. */
public class V17__Author_slugs extends BaseJavaMigration {

    private static final Logger LOG = LoggerFactory.getLogger(V17__Author_slugs.class);

    @Override
    public void migrate(Context context) throws Exception {
        int filled = Backfills.authorSlugs(Migrations.dsl(context));
        if (filled > 0) {
            LOG.info("Gave {} articles stored before author feeds existed their author's slug", filled);
        }
    }
}
