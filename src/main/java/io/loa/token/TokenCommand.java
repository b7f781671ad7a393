package io.loa.token;

import io.loa.cli.Arguments;
import io.loa.cli.Commands;
import io.loa.cli.Subcommands;
import io.loa.cli.Subcommands.Subcommand;
import io.loa.cli.UsageException;
import io.loa.config.Section;
import io.loa.config.Settings;
import io.loa.config.Site;
import io.loa.db.Database;
import java.io.PrintStream;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.ToIntFunction;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * {@code loa token create --name NAME [--sections a,b]}, {@code token list}, {@code token revoke NAME}: editor
 * tokens from the command line, on the same database settings as the server (and while it runs). A command line
 * it does not fully understand is refused with status 2 before the database is opened.
 */
public final class TokenCommand {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,99}");

    private final PrintStream out;
    private final PrintStream err;
    private final Subcommands subcommands = new Subcommands(
            "token",
            List.of(
                    new Subcommand(
                            "create",
                            "--name NAME [--sections a,b] [--config DIR]",
                            Set.of("--name", "--sections", "--config"),
                            List.of(),
                            this::create),
                    new Subcommand("list", "[--config DIR]", Set.of("--config"), List.of(), this::list),
                    new Subcommand(
                            "revoke", "NAME [--config DIR]", Set.of("--config"), List.of("NAME"), this::revoke)));

    public TokenCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    /** Runs the subcommand and returns the process exit code: 0 done, 1 refused or failed, 2 usage. */
    public int run(Map<String, String> env, String... args) {
        return subcommands.run(env, err, args);
    }

    private int create(Arguments args, Site site, Settings settings) {
        String name = args.flag("--name").orElseThrow(() -> new UsageException("--name is missing"));
        if (!NAME.matcher(name).matches()) {
            throw new UsageException("--name must be 1 to 100 letters, digits, '.', '_', '@' or '-'");
        }
        Set<String> sections =
                args.flag("--sections").map(list -> sections(list, site)).orElse(Set.of());
        return withTokens(settings, tokens -> {
            if (tokens.inUse(name)) {
                err.println("loa token create: a token named \"" + name + "\" exists already and is in use: revoke it"
                        + " first");
                return 1;
            }
            out.println(tokens.create(name, sections));
            err.println("Token \"" + name + "\" created for "
                    + (sections.isEmpty() ? "every section" : String.join(", ", sections))
                    + ". It is shown this once; keep it secret.");
            return 0;
        });
    }

    /**
     * The configured sections a {@code --sections} list names, blanks between commas left out. It must name at least
     * one: an empty set is what a token for every section holds.
     */
    private static Set<String> sections(String list, Site site) {
        Set<String> slugs = new LinkedHashSet<>();
        for (String part : list.split(",")) {
            String slug = part.strip();
            if (slug.isEmpty()) {
                continue;
            }
            if (!site.hasSection(slug)) {
                throw new UsageException("\"" + slug + "\" is not a configured section (they are: "
                        + site.sections().stream().map(Section::slug).collect(Collectors.joining(", ")) + ")");
            }
            slugs.add(slug);
        }
        if (slugs.isEmpty()) {
            throw new UsageException("--sections names no section");
        }
        return slugs;
    }

    private int list(Arguments args, Site site, Settings settings) {
        return withTokens(settings, tokens -> {
            for (TokenStore.TokenInfo t : tokens.list()) {
                out.printf(
                        "%-24s %-10s created %s  sections: %s%n",
                        t.name(),
                        t.revoked() == null ? "active" : "revoked",
                        t.created(),
                        t.sections().isEmpty() ? "all" : String.join(",", t.sections()));
            }
            return 0;
        });
    }

    private int revoke(Arguments args, Site site, Settings settings) {
        String name = args.word(0);
        return withTokens(settings, tokens -> {
            if (!tokens.revoke(name)) {
                err.println("loa token revoke: no active token named \"" + name + "\"");
                return 1;
            }
            err.println("Token \"" + name + "\" revoked.");
            return 0;
        });
    }

    private int withTokens(Settings settings, ToIntFunction<TokenStore> work) {
        try (Database db = Commands.open(settings, err)) {
            return work.applyAsInt(new TokenStore(db.dsl(), Clock.systemUTC()));
        }
    }
}
