package io.loa.token;

import io.loa.Settings;
import io.loa.config.ConfigException;
import io.loa.config.ConfigLoader;
import io.loa.config.Site;
import io.loa.db.Database;
import java.io.PrintStream;
import java.time.Clock;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code loa token create --name NAME [--sections a,b]}, {@code token list}, {@code token revoke NAME}: editor
 * tokens from the command line, on the same database settings as the server (and while it runs).
 */
public final class TokenCommand {

    static final String USAGE = """
            usage: java -jar loa.jar token create --name NAME [--sections a,b] [--config DIR]
                   java -jar loa.jar token list
                   java -jar loa.jar token revoke NAME""";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,99}");

    private final PrintStream out;
    private final PrintStream err;

    public TokenCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    /** Runs the subcommand and returns the process exit code: 0 done, 1 refused, 2 usage. */
    public int run(Map<String, String> env, String... args) {
        if (args.length == 0) {
            err.println(USAGE);
            return 2;
        }
        Settings settings;
        Site site;
        try {
            settings = Settings.from(env, args);
            site = new ConfigLoader().load(settings.configDir());
        } catch (ConfigException | IllegalArgumentException e) {
            err.println("loa token: " + e.getMessage());
            return 2;
        }
        try (Database db = Database.open(settings.dbUrl(), settings.dbUser(), settings.dbPassword())) {
            TokenStore tokens = new TokenStore(db.dsl(), Clock.systemUTC());
            List<String> rest = Arrays.asList(args).subList(1, args.length);
            return switch (args[0]) {
                case "create" -> create(tokens, site, rest);
                case "list" -> list(tokens);
                case "revoke" -> revoke(tokens, rest);
                default -> {
                    err.println(USAGE);
                    yield 2;
                }
            };
        }
    }

    private int create(TokenStore tokens, Site site, List<String> args) {
        String name = option(args, "--name");
        if (name == null || !NAME.matcher(name).matches()) {
            err.println("loa token create: --name must be 1 to 100 letters, digits, '.', '_', '@' or '-'\n" + USAGE);
            return 2;
        }
        Set<String> sections = new LinkedHashSet<>();
        String list = option(args, "--sections");
        if (list != null) {
            for (String slug : list.split(",")) {
                if (!site.hasSection(slug.strip())) {
                    err.println("loa token create: \"" + slug.strip() + "\" is not a configured section");
                    return 1;
                }
                sections.add(slug.strip());
            }
        }
        if (tokens.exists(name)) {
            err.println("loa token create: a token named \"" + name + "\" exists already");
            return 1;
        }
        out.println(tokens.create(name, sections));
        err.println("Token \"" + name + "\" created for " + (sections.isEmpty() ? "every section" : String.join(", ", sections))
                + ". It is shown this once; keep it secret.");
        return 0;
    }

    private int list(TokenStore tokens) {
        for (TokenStore.TokenInfo t : tokens.list()) {
            out.printf("%-24s %-10s created %s  sections: %s%n", t.name(), t.revoked() == null ? "active" : "revoked",
                    t.created(), t.sections().isEmpty() ? "all" : String.join(",", t.sections()));
        }
        return 0;
    }

    private int revoke(TokenStore tokens, List<String> args) {
        if (args.size() != 1 && !(args.size() == 3 && args.contains("--config"))) {
            err.println(USAGE);
            return 2;
        }
        String name = args.get(0);
        if (!tokens.revoke(name)) {
            err.println("loa token revoke: no active token named \"" + name + "\"");
            return 1;
        }
        err.println("Token \"" + name + "\" revoked.");
        return 0;
    }

    private static String option(List<String> args, String flag) {
        int i = args.indexOf(flag);
        return i >= 0 && i + 1 < args.size() ? args.get(i + 1) : null;
    }
}
