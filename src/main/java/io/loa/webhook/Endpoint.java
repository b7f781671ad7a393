package io.loa.webhook;

import java.time.Instant;
import java.util.Collection;
import java.util.Set;

/**
 * A receiver of webhooks: where messages go, which events it is sent, and the sections it is limited to (empty:
 * every section). Its secret is shown once, when it is made, and never listed.
 *
 * @param failingSince the first failed attempt since its last success, if it is failing
 * @param disabled when it was disabled for failing too long, if it was; it is sent nothing until enabled
 */
public record Endpoint(
        String id,
        String url,
        Set<EventType> events,
        Set<String> sections,
        Instant created,
        Instant failingSince,
        Instant disabled) {

    public Endpoint {
        events = Set.copyOf(events);
        sections = Set.copyOf(sections);
    }

    /** Whether a change of this type to an article in these sections is for this endpoint. */
    boolean wants(EventType event, Collection<String> articleSections) {
        return disabled == null
                && events.contains(event)
                && (sections.isEmpty() || articleSections.stream().anyMatch(sections::contains));
    }
}
