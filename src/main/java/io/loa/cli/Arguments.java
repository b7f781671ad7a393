package io.loa.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What follows a subcommand, read strictly: every flag known, given once and with a value ({@code --flag value} or
 * {@code --flag=value}), and exactly the words the subcommand takes. Anything else is a {@link UsageException}:
 * a flag that was mistyped or lost its value must never be skipped, since skipping {@code --sections} makes a
 * token for every section.
 */
public final class Arguments {

    private final Map<String, String> flags;
    private final Set<String> switches;
    private final List<String> words;

    private Arguments(Map<String, String> flags, Set<String> switches, List<String> words) {
        this.flags = flags;
        this.switches = switches;
        this.words = words;
    }

    /** Reads {@code args} given the flags a subcommand knows and the names of the words it takes, in order. */
    public static Arguments read(List<String> args, Set<String> knownFlags, List<String> wordNames) {
        return read(args, knownFlags, Set.of(), wordNames);
    }

    /** The same, with switches too: flags that take no value ({@code --dry-run}), each given at most once. */
    public static Arguments read(List<String> args, Set<String> knownFlags, Set<String> knownSwitches,
                                 List<String> wordNames) {
        Map<String, String> flags = new HashMap<>();
        Set<String> switches = new HashSet<>();
        List<String> words = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (!arg.startsWith("-")) {
                words.add(arg);
                continue;
            }
            if (knownSwitches.contains(arg)) {
                if (!switches.add(arg)) {
                    throw new UsageException(arg + " is given more than once");
                }
                continue;
            }
            int equals = arg.indexOf('=');
            String flag = equals < 0 ? arg : arg.substring(0, equals);
            if (!knownFlags.contains(flag)) {
                throw new UsageException("unknown option \"" + flag + "\"");
            }
            String value;
            if (equals >= 0) {
                value = arg.substring(equals + 1);
            } else if (i + 1 < args.size() && !args.get(i + 1).startsWith("-")) {
                value = args.get(++i);
            } else {
                // The next word is a flag, not this one's value: "--sections --name x" must not name a section "--name".
                value = "";
            }
            if (value.isBlank()) {
                throw new UsageException(flag + " needs a value");
            }
            if (flags.putIfAbsent(flag, value) != null) {
                throw new UsageException(flag + " is given more than once");
            }
        }
        if (words.size() > wordNames.size()) {
            throw new UsageException("unexpected argument \"" + words.get(wordNames.size()) + "\"");
        }
        if (words.size() < wordNames.size()) {
            throw new UsageException(wordNames.get(words.size()) + " is missing");
        }
        return new Arguments(flags, Set.copyOf(switches), List.copyOf(words));
    }

    public boolean has(String knownSwitch) {
        return switches.contains(knownSwitch);
    }

    public Optional<String> flag(String name) {
        return Optional.ofNullable(flags.get(name));
    }

    public String word(int index) {
        return words.get(index);
    }
}
