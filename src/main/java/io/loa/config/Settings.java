package io.loa.config;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The operator's settings: one {@code LOA_*} environment variable each, with {@code --config DIR} as a flag too.
 *
 * @param bind the address to listen on; empty means every interface
 * @param baseUrl the public base URL; empty means "from feeds-config, else http://localhost:PORT"
 * @param allowPrivateCallbacks whether WebSub callbacks may be on private addresses; empty means "as feeds-config says"
 * @param compactBytes the size below which an embedded H2 file is not compacted while Loa runs
 * @param webhookRetries how long after each failed attempt a webhook, a purge or an IndexNow ping is tried again
 *     ({@code LOA_WEBHOOK_RETRIES})
 * @param secrets the {@code LOA_*} variables that API tokens are read from, by the names site.yaml gives
 */
public record Settings(
        int port,
        Optional<InetAddress> bind,
        Optional<String> baseUrl,
        Path configDir,
        String dbUrl,
        String dbUser,
        String dbPassword,
        boolean demo,
        int maxBodyBytes,
        long cacheBytes,
        long syncMillis,
        boolean accessLog,
        Optional<Boolean> allowPrivateCallbacks,
        long compactBytes,
        RetrySchedule webhookRetries,
        Secrets secrets) {

    /**
     * H2 in a file under ./data. AUTO_SERVER lets {@code token create} open it while the server runs (on the
     * loopback interface only); {@link io.loa.db.EmbeddedH2} adds what makes every acknowledged write survive kill -9.
     */
    public static final String DEFAULT_DB_URL = "jdbc:h2:file:./data/loa;AUTO_SERVER=TRUE";
    /** What an IP address or a host name may hold; anything else is refused before any lookup. */
    private static final Pattern HOST = Pattern.compile("[0-9A-Za-z.:%\\[\\]-]{1,253}");

    public static Settings from(Map<String, String> env, String... args) {
        String config = env.getOrDefault("LOA_CONFIG", "feeds-config");
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals("--config")) {
                config = args[i + 1];
            }
        }
        return new Settings(
                integer(env, "LOA_PORT", 8080, 0, 65_535),
                address(env, "LOA_BIND"),
                Optional.ofNullable(env.get("LOA_BASE_URL")).filter(s -> !s.isBlank()),
                Path.of(config),
                env.getOrDefault("LOA_DB_URL", DEFAULT_DB_URL),
                env.getOrDefault("LOA_DB_USER", "sa"),
                env.getOrDefault("LOA_DB_PASSWORD", ""),
                Boolean.parseBoolean(env.getOrDefault("LOA_DEMO", "true")),
                integer(env, "LOA_MAX_BODY_BYTES", 1024 * 1024, 1, Integer.MAX_VALUE),
                integer(env, "LOA_CACHE_BYTES", 64 * 1024 * 1024, 0, Integer.MAX_VALUE),
                integer(env, "LOA_SYNC_MILLIS", 250, 1, 3_600_000),
                Boolean.parseBoolean(env.getOrDefault("LOA_ACCESS_LOG", "true")),
                Optional.ofNullable(env.get("LOA_WEBSUB_ALLOW_PRIVATE_CALLBACKS"))
                        .filter(s -> !s.isBlank())
                        .map(s -> bool("LOA_WEBSUB_ALLOW_PRIVATE_CALLBACKS", s)),
                integer(env, "LOA_DB_COMPACT_BYTES", 64 * 1024 * 1024, 1024 * 1024, Integer.MAX_VALUE),
                Optional.ofNullable(env.get("LOA_WEBHOOK_RETRIES"))
                        .filter(s -> !s.isBlank())
                        .map(RetrySchedule::parse)
                        .orElse(RetrySchedule.STANDARD),
                Secrets.from(env));
    }

    private static boolean bool(String name, String value) {
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException(name + " must be true or false, not \"" + value + "\"");
        };
    }

    /** An address of this machine, or a name of one: a value it cannot listen on stops the start with a message. */
    private static Optional<InetAddress> address(Map<String, String> env, String name) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        if (HOST.matcher(value.strip()).matches()) {
            try {
                InetAddress address = InetAddress.getByName(value.strip());
                if (address.isAnyLocalAddress()
                        || address.isLoopbackAddress()
                        || NetworkInterface.getByInetAddress(address) != null) {
                    return Optional.of(address);
                }
            } catch (UnknownHostException | SocketException e) {
                // said below, as for an address of another machine
            }
        }
        throw new IllegalArgumentException(
                name + " must be an IP address or a host name of this machine, not \"" + value + "\"");
    }

    /** A whole number from {@code min} to {@code max}; anything else stops the start with a message naming it. */
    private static int integer(Map<String, String> env, String name, int fallback, int min, int max) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            int number = Integer.parseInt(value.strip());
            if (number >= min && number <= max) {
                return number;
            }
        } catch (NumberFormatException e) {
            // said below, as for a number out of range
        }
        throw new IllegalArgumentException(
                name + " must be a whole number from " + min + " to " + max + ", not \"" + value + "\"");
    }
}
