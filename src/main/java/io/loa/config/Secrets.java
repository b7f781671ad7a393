package io.loa.config;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The {@code LOA_*} environment, from which settings that must not be in a file are read (API tokens named by
 * site.yaml's {@code tokenEnv}). Its text names the variables only, so that no log line or message shows a value.
 */
public final class Secrets {

    private static final String PREFIX = "LOA_";

    private final Map<String, String> values;

    private Secrets(Map<String, String> values) {
        this.values = values;
    }

    public static Secrets from(Map<String, String> env) {
        return new Secrets(env.entrySet().stream()
                .filter(e -> e.getKey().startsWith(PREFIX) && !e.getValue().isBlank())
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().strip(), (a, b) -> a, TreeMap::new)));
    }

    /** The value of {@code name}, if set and not blank. */
    public Optional<String> get(String name) {
        return Optional.ofNullable(values.get(name));
    }

    /** The value of {@code name}; a missing one stops the start with a message saying who needs it. */
    public String require(String name, String neededBy) {
        return get(name)
                .orElseThrow(() -> new IllegalArgumentException(
                        name + " must be set: " + neededBy + " reads its API token from it"));
    }

    @Override
    public String toString() {
        return "Secrets" + values.keySet();
    }
}
