package io.loa.cli;

import io.loa.config.ConfigException;
import io.loa.config.Configuration;
import io.loa.config.Settings;
import io.loa.db.Database;
import io.loa.db.DatabaseUnavailable;
import io.loa.db.EmbeddedH2;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * What the commands beside the server (token, import, export) share: settings from the environment and --config,
 * and how a failure is told: in one line on stderr, with the exit status.
 */
public final class Commands {

    public interface Body {
        int run() throws IOException;
    }

    private Commands() {}

    /**
     * Runs a command's body: a usage or configuration problem is status 2, a database that cannot be opened or an
     * I/O failure status 1.
     */
    public static int run(String name, String usage, PrintStream err, Body body) {
        try {
            return body.run();
        } catch (UsageException e) {
            err.println("loa " + name + ": " + e.getMessage());
            err.println("usage: " + usage);
            return 2;
        } catch (ConfigException | IllegalArgumentException e) {
            err.println("loa " + name + ": " + e.getMessage());
            return 2;
        } catch (DatabaseUnavailable | IOException | UncheckedIOException e) {
            err.println("loa " + name + ": " + describe(e));
            return 1;
        } catch (RuntimeException e) {
            // The database failed midway: one line, not a stack trace.
            Throwable cause = e;
            while (cause.getCause() != null) {
                cause = cause.getCause();
            }
            err.println("loa " + name + ": " + describe(e) + (cause == e ? "" : " (" + describe(cause) + ")"));
            return 1;
        }
    }

    /**
     * A failure in one line: the first line of its message, the file it concerns when it is the file system's
     * (whose messages are the file's name alone), and what kind of failure it is when it has no message.
     */
    public static String describe(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof ExecutionException
                        || cause instanceof CompletionException
                        || cause instanceof UncheckedIOException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof NoSuchFileException e) {
            return "no such file or folder: " + e.getFile();
        }
        if (cause instanceof AccessDeniedException e) {
            return "permission denied: " + e.getFile();
        }
        if (cause instanceof ConnectException && cause.getMessage() == null) {
            return "Connection refused";
        }
        String message = cause.getMessage() == null
                ? ""
                : cause.getMessage().strip().lines().findFirst().orElse("");
        return message.isEmpty() ? cause.getClass().getSimpleName() : message;
    }

    /**
     * Opens the database of {@code settings}, having said on {@code err} which one it is, and warned when it is an
     * H2 file about to be made anew while the server's default one exists: a command run with another
     * {@code LOA_DB_URL} than the server's would otherwise work, unseen, on a database of its own.
     */
    public static Database open(Settings settings, PrintStream err) {
        String url = settings.dbUrl();
        err.println("Database: " + Database.describe(url));
        Optional<Path> file = EmbeddedH2.file(url);
        Path server = EmbeddedH2.file(Settings.DEFAULT_DB_URL).orElseThrow();
        if (file.isPresent() && !file.get().equals(server) && !Files.exists(file.get()) && Files.exists(server)) {
            err.println("Warning: a new database is made in " + file.get() + ", not the server's default one in "
                    + server + ": is LOA_DB_URL the server's?");
        }
        return Database.open(url, settings.dbUser(), settings.dbPassword());
    }

    /** The settings and the site, as the server reads them, with the command's {@code --config DIR}. */
    public static Configuration configuration(Map<String, String> env, Arguments arguments) {
        return Configuration.load(
                env,
                arguments
                        .flag("--config")
                        .map(dir -> new String[] {"--config", dir})
                        .orElse(new String[0]));
    }
}
