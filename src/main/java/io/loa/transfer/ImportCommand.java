package io.loa.transfer;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.loa.Settings;
import io.loa.article.ArticleStore;
import io.loa.cli.Arguments;
import io.loa.cli.UsageException;
import io.loa.config.Site;
import io.loa.db.Database;
import io.loa.db.FileCompaction;
import io.loa.ingest.ArticleValidator;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * {@code loa import SOURCE [--section SLUG] [--map-categories FILE] [--dry-run]}: a feed with its archives, a
 * WordPress export or Loa's own backup, into the database the server uses (also while it runs). Exits 0 when every
 * item was taken, 1 when any was skipped or the source could not be read, 2 on a command line it does not understand.
 */
public final class ImportCommand {

    static final String USAGE = "java -jar loa.jar import SOURCE [--section SLUG] [--map-categories FILE] [--dry-run]"
            + " [--config DIR]\n       (SOURCE: a feed URL or file, a WordPress export file, or a file from loa export)";

    private final PrintStream out;
    private final PrintStream err;
    private final boolean terminal;

    /** @param terminal whether to draw a progress bar */
    public ImportCommand(PrintStream out, PrintStream err, boolean terminal) {
        this.out = out;
        this.err = err;
        this.terminal = terminal;
    }

    public int run(Map<String, String> env, List<String> args) {
        return Commands.run("import", USAGE, err, () -> {
            Arguments arguments = Arguments.read(args, Set.of("--section", "--map-categories", "--config"),
                    Set.of("--dry-run"), List.of("SOURCE"));
            Settings settings = Commands.settings(env, arguments);
            Site site = Commands.site(settings);
            CategoryMap categories = CategoryMap.of(site, arguments.flag("--map-categories").map(Path::of).orElse(null),
                    arguments.flag("--section").orElse(null));
            ImportSource source = source(arguments.word(0), site);
            boolean dryRun = arguments.has("--dry-run");
            long started = System.nanoTime();
            Importer.Tally tally;
            try (Database db = Database.open(settings.dbUrl(), settings.dbUser(), settings.dbPassword());
                 // An import is many commits: on an H2 file it holds alone, it keeps the file small as the server does.
                 FileCompaction compaction = FileCompaction.start(db, settings.compactBytes());
                 ProgressBar bar = progressBar(source.expectedItems())) {
                Importer importer = new Importer(ArticleStore.forBulkLoad(db.dsl(), Clock.systemUTC()),
                        new ArticleValidator(site), categories, dryRun, err, bar == null ? () -> {} : bar::step);
                source.read(importer);
                importer.finish();
                tally = importer.tally();
            }
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            out.println((dryRun ? "Dry run, nothing written: " : "Done: ") + tally.summary(dryRun) + " in "
                    + String.format("%.1f s", took.toMillis() / 1000.0));
            return tally.skippedCount() > 0 ? 1 : 0;
        });
    }

    private ProgressBar progressBar(long expected) {
        if (!terminal) {
            return null;
        }
        return new ProgressBarBuilder().setTaskName("Importing").setInitialMax(expected).setUnit(" articles", 1)
                .setStyle(ProgressBarStyle.ASCII).showSpeed().setConsumer(
                        new me.tongfei.progressbar.ConsoleProgressBarConsumer(err)).build();
    }

    /** What SOURCE is: a URL is a feed; a file is told by its first bytes. */
    private static ImportSource source(String source, Site site) throws IOException {
        ObjectMapper json = new ObjectMapper();
        if (Documents.isWeb(source)) {
            return new FeedSource(URI.create(source), new Documents(), json, site.zone());
        }
        Path file = Path.of(source);
        if (!Files.isRegularFile(file)) {
            throw new UsageException("SOURCE \"" + source + "\" is neither an http(s) URL nor a readable file");
        }
        String head;
        try (InputStream in = Files.newInputStream(file)) {
            head = new String(in.readNBytes(4096), StandardCharsets.UTF_8).replace("\uFEFF", "").strip();
        }
        if (head.startsWith("{")) {
            String first = head.lines().findFirst().orElse("");
            try {
                if (Backup.isHeader(json.readTree(first))) {
                    return new BackupSource(file, json);
                }
            } catch (IOException e) {
                // not a backup's header line: a JSON Feed spread over lines
            }
        } else if (WordPressSource.isExport(head)) {
            return new WordPressSource(file);
        }
        return new FeedSource(file.toAbsolutePath().toUri(), new Documents(), json, site.zone());
    }
}
