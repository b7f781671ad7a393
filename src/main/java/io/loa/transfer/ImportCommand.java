package io.loa.transfer;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.loa.article.ArticleBackup;
import io.loa.article.ArticleReads;
import io.loa.article.ArticleWrites;
import io.loa.cli.Arguments;
import io.loa.cli.Commands;
import io.loa.cli.UsageException;
import io.loa.config.Configuration;
import io.loa.config.Settings;
import io.loa.config.Site;
import io.loa.db.Database;
import io.loa.db.FileCompaction;
import io.loa.ingest.ArticleValidator;
import io.loa.net.HostLookup;
import io.loa.stream.FeedChanges;
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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * {@code loa import SOURCE [--section SLUG] [--map-categories FILE] [--dry-run] [--overwrite] [bounds]}: a feed
 * with its archives, a WordPress export or Loa's own backup, into the database the server uses (also while it runs),
 * merged into the articles it already holds ({@link ArticleMerge}).
 * Exits 0 when every item was taken, 1 when any was skipped, the source could not be read or a bound of
 * {@link ImportLimits} stopped it, 2 on a command line it does not understand, and 128 and the signal's number
 * when a signal stopped it ({@link #stop}); whatever ends it, what it did is summed up on stdout.
 */
public final class ImportCommand {

    static final String USAGE = "java -jar loa.jar import SOURCE [--section SLUG] [--map-categories FILE] [--dry-run]"
            + " [--overwrite] [--config DIR]\n       " + ImportLimits.FLAGS
            + "\n       (SOURCE: a feed URL or file, a WordPress export file, or a file from loa export)";
    private static final Pattern WEB = Pattern.compile("(?i)https?://.+");
    /** How long a signal waits for the article in hand and the summary before the process exits regardless. */
    private static final Duration STOPPING = Duration.ofSeconds(30);

    private final PrintStream out;
    private final PrintStream err;
    private final boolean terminal;
    private final StopRequest stop = new StopRequest();
    private final CountDownLatch finished = new CountDownLatch(1);

    /** @param terminal whether to draw a progress bar */
    public ImportCommand(PrintStream out, PrintStream err, boolean terminal) {
        this.out = out;
        this.err = err;
        this.terminal = terminal;
    }

    public int run(Map<String, String> env, List<String> args) {
        try {
            return Commands.run("import", USAGE, err, () -> importing(env, args));
        } finally {
            finished.countDown();
        }
    }

    /**
     * Stops a run under way as a signal asks: the article in hand is finished, the database closed after the
     * summary is printed, and {@link #run} returns 128 and the signal's number. Returns when the run has ended.
     *
     * @param signal the signal's number, or 0 when the JVM exits for another reason
     */
    public void stop(int signal) {
        stop.ask(signal);
        try {
            finished.await(STOPPING.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private int importing(Map<String, String> env, List<String> args) throws IOException {
        Arguments arguments = Arguments.read(
                args,
                Set.of(
                        "--section",
                        "--map-categories",
                        "--config",
                        "--max-documents",
                        "--max-bytes",
                        "--max-time",
                        "--max-request-time"),
                Set.of("--dry-run", "--overwrite", "--allow-private-links"),
                List.of("SOURCE"));
        Configuration configuration = Commands.configuration(env, arguments);
        Settings settings = configuration.settings();
        Site site = configuration.site();
        CategoryMap categories = CategoryMap.of(
                site,
                arguments.flag("--map-categories").map(Path::of).orElse(null),
                arguments.flag("--section").orElse(null));
        ImportLimits limits = ImportLimits.of(arguments);
        boolean dryRun = arguments.has("--dry-run");
        long started = System.nanoTime();
        Importer.Tally tally;
        ImportStopped stopped = null;
        try (ImportSource source = source(arguments.word(0), site, limits);
                Database db = Commands.open(settings, err);
                // An import is many commits: on an H2 file it holds alone, it keeps the file small as the server does.
                FileCompaction compaction = FileCompaction.start(db, settings.compactBytes());
                ProgressBar bar = progressBar(source.expectedItems())) {
            Importer importer = new Importer(
                    new ArticleReads(db.dsl()),
                    ArticleWrites.forBulkLoad(db.dsl(), Clock.systemUTC()),
                    new ArticleBackup(db.dsl(), Clock.systemUTC()),
                    new FeedChanges(db.dsl()),
                    new ArticleValidator(site),
                    categories,
                    dryRun,
                    arguments.has("--overwrite"),
                    out,
                    err,
                    bar == null ? () -> {} : bar::step,
                    stop);
            try {
                source.read(importer);
            } catch (ImportStopped e) {
                stopped = e;
            } catch (IOException e) {
                importer.writeRestores(); // what was read before the source failed goes in, as it did one by one
                throw e;
            }
            importer.finish();
            tally = importer.tally();
        }
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        String done = stopped != null
                ? "Stopped " + stopped.getMessage() + (dryRun ? "; nothing written, " : "; ")
                : dryRun ? "Dry run, nothing written: " : "Done: ";
        out.println(done + tally.summary(dryRun) + " in " + String.format("%.1f s", took.toMillis() / 1000.0));
        if (stopped != null) {
            err.println("loa import: stopped " + stopped.getMessage());
            return stopped.status();
        }
        return tally.skippedCount() > 0 ? 1 : 0;
    }

    private ProgressBar progressBar(long expected) {
        if (!terminal) {
            return null;
        }
        return new ProgressBarBuilder()
                .setTaskName("Importing")
                .setInitialMax(expected)
                .setUnit(" articles", 1)
                .setStyle(ProgressBarStyle.ASCII)
                .showSpeed()
                .setConsumer(new me.tongfei.progressbar.ConsoleProgressBarConsumer(err))
                .build();
    }

    /** What SOURCE is: a URL is a feed; a file is told by its first bytes. */
    private ImportSource source(String source, Site site, ImportLimits limits) throws IOException {
        ObjectMapper json = new ObjectMapper();
        if (WEB.matcher(source).matches()) {
            URI uri = URI.create(source);
            return new FeedSource(uri, new Documents(uri, limits, stop, HostLookup.SYSTEM), json, site.zone());
        }
        Path file = Path.of(source);
        if (!Files.isRegularFile(file)) {
            throw new UsageException("SOURCE \"" + source + "\" is neither an http(s) URL nor a readable file");
        }
        String head;
        try (InputStream in = Files.newInputStream(file)) {
            head = new String(in.readNBytes(4096), StandardCharsets.UTF_8)
                    .replace("\uFEFF", "")
                    .strip();
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
        URI uri = file.toAbsolutePath().toUri();
        return new FeedSource(uri, new Documents(uri, limits, stop, HostLookup.SYSTEM), json, site.zone());
    }
}
