package io.loa.cli;

import io.loa.config.Configuration;
import io.loa.config.Settings;
import io.loa.config.Site;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A command made of subcommands ({@code token create|list|revoke}): which one was asked for, what may follow it,
 * and the usage of one or of all when the command line is not understood, before anything is opened.
 */
public final class Subcommands {

    /** What a subcommand does once what follows it has been read. */
    public interface Action {
        int run(Arguments args, Site site, Settings settings);
    }

    /** A subcommand: its name, what may follow it (as the usage shows it and as it is read), and what it does. */
    public record Subcommand(String name, String syntax, Set<String> flags, List<String> words, Action action) {}

    private final String command;
    private final List<Subcommand> subcommands;

    public Subcommands(String command, List<Subcommand> subcommands) {
        this.command = command;
        this.subcommands = List.copyOf(subcommands);
    }

    /** Runs the subcommand {@code args} names, and returns the process exit code: 0 done, 1 failed, 2 usage. */
    public int run(Map<String, String> env, PrintStream err, String... args) {
        Optional<Subcommand> subcommand = args.length == 0
                ? Optional.empty()
                : subcommands.stream().filter(s -> s.name().equals(args[0])).findFirst();
        String usage = subcommand
                .map(this::usage)
                .orElseGet(() -> subcommands.stream().map(this::usage).collect(Collectors.joining("\n       ")));
        return Commands.run(command + subcommand.map(s -> " " + s.name()).orElse(""), usage, err, () -> {
            Subcommand chosen = subcommand.orElseThrow(() -> new UsageException(
                    args.length == 0 ? names() + " is missing" : "unknown command \"" + args[0] + "\""));
            Arguments arguments =
                    Arguments.read(Arrays.asList(args).subList(1, args.length), chosen.flags(), chosen.words());
            Configuration configuration = Commands.configuration(env, arguments);
            return chosen.action().run(arguments, configuration.site(), configuration.settings());
        });
    }

    private String usage(Subcommand subcommand) {
        return "java -jar loa.jar " + command + " " + subcommand.name() + " " + subcommand.syntax();
    }

    /** {@code create, list or revoke}. */
    private String names() {
        List<String> names = subcommands.stream().map(Subcommand::name).toList();
        return String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.get(names.size() - 1);
    }
}
