package io.loa.cli;

import io.loa.Settings;
import io.loa.config.ConfigException;
import io.loa.config.ConfigLoader;
import io.loa.config.Site;
import io.loa.db.DatabaseUnavailable;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.Map;

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
            err.println("loa " + name + ": " + e.getMessage());
            return 1;
        } catch (RuntimeException e) {
            // The database failed midway: one line, not a stack trace.
            Throwable cause = e;
            while (cause.getCause() != null) {
                cause = cause.getCause();
            }
            err.println("loa " + name + ": " + e.getMessage().lines().findFirst().orElse("") + " ("
                    + cause.getMessage().lines().findFirst().orElse("") + ")");
            return 1;
        }
    }

    public static Settings settings(Map<String, String> env, Arguments arguments) {
        return Settings.from(env, arguments.flag("--config").map(dir -> new String[] {"--config", dir})
                .orElse(new String[0]));
    }

    public static Site site(Settings settings) {
        return ConfigLoader.withBaseUrl(new ConfigLoader().load(settings.configDir()), settings.baseUrl(),
                settings.port());
    }
}
