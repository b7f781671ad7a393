package io.loa.audience;

import java.util.Arrays;
import java.util.Locale;

/**
 * The feed readers Loa tells apart by their User-Agent, and {@link #OTHER} for every other client: a closed set, so
 * that it can label metrics and key counts. The hosted readers among them report how many of their users
 * subscribe to the feed they fetch ({@link SubscriberReport}).
 */
public enum Fetcher {
    FEEDLY("Feedly"),
    INOREADER("Inoreader"),
    FEEDBIN("Feedbin"),
    NEWSBLUR("NewsBlur"),
    OLD_READER("The Old Reader"),
    BAZQUX("BazQux"),
    FEEDHQ("FeedHQ"),
    FEEDSPOT("Feedspot"),
    MINIFLUX("Miniflux"),
    TINY_TINY_RSS("Tiny Tiny RSS"),
    FRESHRSS("FreshRSS"),
    NETNEWSWIRE("NetNewsWire"),
    OTHER("");

    private static final Fetcher[] KNOWN =
            Arrays.stream(values()).filter(fetcher -> fetcher != OTHER).toArray(Fetcher[]::new);

    /** What its User-Agent says, as it says it. */
    private final String token;

    private final String label;

    Fetcher(String token) {
        this.token = token;
        this.label = name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** {@code feedly}, {@code old-reader}, {@code other}: for metrics and JSON. */
    public String label() {
        return label;
    }

    /** The reader whose name the User-Agent carries, or {@link #OTHER}; plain substring tests, no regex. */
    public static Fetcher of(String userAgent) {
        if (userAgent == null || userAgent.length() < 6) {
            return OTHER;
        }
        for (Fetcher fetcher : KNOWN) {
            if (userAgent.contains(fetcher.token)) {
                return fetcher;
            }
        }
        return OTHER;
    }

    /** The fetcher a label names, for counts read back from the database; {@link #OTHER} for one no longer known. */
    public static Fetcher byLabel(String label) {
        for (Fetcher fetcher : values()) {
            if (fetcher.label.equals(label)) {
                return fetcher;
            }
        }
        return OTHER;
    }
}
