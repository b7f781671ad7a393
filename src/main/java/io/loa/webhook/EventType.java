package io.loa.webhook;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** What a webhook tells of an article, by the {@code type} its message carries ({@code article.published}). */
public enum EventType {
    PUBLISHED,
    UPDATED,
    UNPUBLISHED,
    SCHEDULED,
    RESCHEDULED;

    /** {@code article.published}: the Standard Webhooks {@code type}, and what endpoints subscribe to. */
    public String type() {
        return "article." + name().toLowerCase(Locale.ROOT);
    }

    public static Optional<EventType> of(String type) {
        return Arrays.stream(values()).filter(e -> e.type().equals(type)).findFirst();
    }

    /** Every type, for messages that list what may be chosen. */
    public static String all() {
        return String.join(", ", Arrays.stream(values()).map(EventType::type).toList());
    }
}
