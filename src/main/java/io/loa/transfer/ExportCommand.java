package io.loa.transfer;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.loa.article.ArticleBackup;
import io.loa.cli.Arguments;
import io.loa.cli.Commands;
import io.loa.config.Configuration;
import io.loa.config.Settings;
import io.loa.config.Site;
import io.loa.db.Database;
import io.loa.stream.FeedChanges;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.List;
import java.util.Set;

/**
 * {@code loa export FILE}: every article, deletion and feed change time as JSON Lines ({@link Backup}), written to
 * a temporary file beside FILE and moved into place when complete, so a failed export never leaves half a backup.
 */
public final class ExportCommand {

    static final String USAGE = "java -jar loa.jar export FILE [--config DIR]";

    private final PrintStream err;

    public ExportCommand(PrintStream err) {
        this.err = err;
    }

    /** Returns the exit status: 0 written, 1 failed, 2 usage. */
    public int run(java.util.Map<String, String> env, List<String> args) {
        return Commands.run("export", USAGE, err, () -> {
            Arguments arguments = Arguments.read(args, Set.of("--config"), List.of("FILE"));
            Configuration configuration = Commands.configuration(env, arguments);
            Settings settings = configuration.settings();
            Site site = configuration.site();
            Path file = Path.of(arguments.word(0)).toAbsolutePath();
            Path partial = file.resolveSibling(file.getFileName() + ".partial");
            if (!Files.isDirectory(file.getParent())) {
                throw new IOException("cannot write " + file + ": there is no folder " + file.getParent());
            }
            try (Database db = Commands.open(settings, err)) {
                int count;
                // Closed, so written out, before it is moved into place.
                try (Writer out = new OutputStreamWriter(Files.newOutputStream(partial), StandardCharsets.UTF_8)) {
                    count = Backup.write(
                            new ArticleBackup(db.dsl(), Clock.systemUTC()),
                            new FeedChanges(db.dsl()),
                            site,
                            new ObjectMapper(),
                            out);
                }
                Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                err.println("Exported " + count + " articles to " + file);
                return 0;
            } catch (IOException e) {
                Files.deleteIfExists(partial);
                throw new IOException("could not write " + file + ": " + Commands.describe(e), e);
            }
        });
    }
}
