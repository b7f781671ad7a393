package io.loa.cli;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What follows a subcommand, read strictly: every flag known, given once and with a value ({@code --flag value} or
 * {@code --flag=value}), and exactly the words the subcommand takes. Anything else is a {@link UsageException}:
 * a flag that was mistyped or lost its value must never be skipped, since skipping {@code --sections} makes a
 * token for every section.
 */
public final class Arguments {

    private static final Pattern SIZE = Pattern.compile("([0-9]{1,18})([KMG]iB)?");
    private static final Pattern TIME = Pattern.compile("([0-9]{1,12})(ms|s|m|h)?");

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
    public static Arguments read(
            List<String> args, Set<String> knownFlags, Set<String> knownSwitches, List<String> wordNames) {
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
                // The next word is a flag, not this one's value: "--sections --name x" must not name a section
                // "--name".
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

    /** A flag's whole number of 1 or more ({@code --max-documents 500}), or {@code otherwise} when not given. */
    public long count(String name, long otherwise) {
        return flag(name)
                .map(value -> {
                    if (!value.matches("[0-9]{1,12}")) {
                        throw new UsageException(name + " takes a whole number, not \"" + value + "\"");
                    }
                    return positive(name, value, value);
                })
                .orElse(otherwise);
    }

    /** A flag's size in bytes: a number of bytes, or of KiB, MiB or GiB ({@code 64MiB}, {@code 4GiB}). */
    public long bytes(String name, long otherwise) {
        return flag(name)
                .map(value -> {
                    Matcher size = SIZE.matcher(value);
                    if (!size.matches()) {
                        throw new UsageException(
                                name + " takes a size such as 1048576, 512MiB or 4GiB, not \"" + value + "\"");
                    }
                    int shift = size.group(2) == null
                            ? 0
                            : 10 * ("KMG".indexOf(size.group(2).charAt(0)) + 1);
                    long amount = positive(name, size.group(1), value);
                    if (amount > Long.MAX_VALUE >> shift) {
                        throw new UsageException(name + " is more than anything can hold: \"" + value + "\"");
                    }
                    return amount << shift;
                })
                .orElse(otherwise);
    }

    /** A flag's duration: seconds, or a number with {@code ms}, {@code s}, {@code m} or {@code h} ({@code 6h}). */
    public Duration duration(String name, Duration otherwise) {
        return flag(name)
                .map(value -> {
                    Matcher time = TIME.matcher(value);
                    if (!time.matches()) {
                        throw new UsageException(name + " takes a time such as 90s, 30m or 6h, not \"" + value + "\"");
                    }
                    long amount = positive(name, time.group(1), value);
                    return switch (time.group(2) == null ? "s" : time.group(2)) {
                        case "ms" -> Duration.ofMillis(amount);
                        case "m" -> Duration.ofMinutes(amount);
                        case "h" -> Duration.ofHours(amount);
                        default -> Duration.ofSeconds(amount);
                    };
                })
                .orElse(otherwise);
    }

    private static long positive(String name, String number, String value) {
        long parsed = Long.parseLong(number);
        if (parsed < 1) {
            throw new UsageException(name + " must be 1 or more, not \"" + value + "\"");
        }
        return parsed;
    }
}
