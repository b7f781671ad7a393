package db.migration;

import io.loa.article.ArticleWords;
import io.loa.article.Backfills;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Words the articles stored before search existed (V10), or by an older word rule, for search. A later change of
 * {@link ArticleWords#RULE} adds a migration that calls the same backfill.
 */
public class V18__Search_words extends BaseJavaMigration {

    private static final Logger LOG = LoggerFactory.getLogger(V18__Search_words.class);

    @Override
    public void migrate(Context context) throws Exception {
        int worded = Backfills.words(Migrations.dsl(context));
        if (worded > 0) {
            LOG.info("Worded {} articles for search stored before search existed or by an older word rule", worded);
        }
    }
}
