package io.loa.stream;

import java.util.Locale;

/** Every consumer of the change stream: the name its cursor, its log lines and its metrics carry. */
public enum ConsumerName {
    RENDER_CACHE,
    SEARCH_INDEX,
    METRICS,
    WEBSUB,
    WEBHOOKS,
    PURGE,
    INDEXNOW,
    FEDIVERSE;

    /** {@code render-cache}: a closed set, so a metric label. */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
