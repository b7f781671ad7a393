package io.loa.stream;

import java.util.Locale;

/** Every consumer of the stream, by the name its cursor and its metrics carry. */
public enum ConsumerName {
    RENDER_CACHE, SEARCH_INDEX, METRICS, WEBSUB, SCHEDULED_RELEASE, WEBHOOKS;

    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
