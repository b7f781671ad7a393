package io.loa;

import io.loa.background.Timers;
import io.loa.config.Settings;
import io.loa.db.Database;
import io.loa.db.EmbeddedH2;
import io.loa.db.FileCompaction;
import io.loa.ops.Metrics;

/** The database the server owns, migrated and open, and the compaction of its file while the server runs. */
record Storage(Database database) {

    static Storage open(Settings settings, Metrics metrics, Timers timers, Lifecycle lifecycle) {
        // Only the server compacts: the token command may run beside it, and must not close its file.
        EmbeddedH2.compact(EmbeddedH2.durable(settings.dbUrl()), settings.dbUser(), settings.dbPassword());
        Database database = lifecycle.add(
                Database.open(settings.dbUrl(), settings.dbUser(), settings.dbPassword(), metrics.registry()));
        lifecycle.add(FileCompaction.start(database, settings.compactBytes(), timers));
        return new Storage(database);
    }
}
