package io.loa.webhook;

import io.loa.config.Section;
import io.loa.config.Site;
import io.loa.fault.Invalid;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * An endpoint as asked for, from the command line or the API, checked for syntax alone: an absolute http or https
 * URL without credentials or fragment, known event types, configured sections. Where the URL leads is judged at each
 * delivery, by the address guard ({@link io.loa.net.PublicAddresses}), as for WebSub callbacks: a name resolved
 * now may point elsewhere later.
 */
public record EndpointRequest(String url, Set<EventType> events, Set<String> sections) {

    static final int MAX_URL_LENGTH = 2048;
    /** DNS's own limit. */
    private static final int MAX_HOST_LENGTH = 253;

    public EndpointRequest {
        events = Set.copyOf(events);
        sections = Set.copyOf(sections);
    }

    /** Checks what was sent; the {@link Invalid} fault names the first field at fault. */
    public static EndpointRequest of(String url, Collection<String> events, Collection<String> sections, Site site) {
        return new EndpointRequest(url(url), events(events), sections(sections, site));
    }

    private static String url(String url) {
        if (url == null || url.isBlank()) {
            throw new Invalid("url", "is missing");
        }
        if (url.length() > MAX_URL_LENGTH) {
            throw new Invalid("url", "is longer than " + MAX_URL_LENGTH + " characters");
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new Invalid("url", "is not a URL: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
            throw new Invalid("url", "must be an absolute http or https URL");
        }
        if (uri.getHost().length() > MAX_HOST_LENGTH) {
            throw new Invalid("url", "names a host longer than " + MAX_HOST_LENGTH + " characters");
        }
        if (uri.getRawUserInfo() != null) {
            throw new Invalid("url", "must not carry credentials (user:password@)");
        }
        if (uri.getRawFragment() != null) {
            throw new Invalid("url", "must not have a fragment (#…)");
        }
        return url;
    }

    private static Set<EventType> events(Collection<String> types) {
        if (types == null || types.isEmpty()) {
            throw new Invalid("events", "names no event; choose from " + EventType.all());
        }
        Set<EventType> events = new LinkedHashSet<>();
        for (String type : types) {
            events.add(EventType.of(type == null ? "" : type.strip())
                    .orElseThrow(() ->
                            new Invalid("events", "\"" + type + "\" is not an event; choose from " + EventType.all())));
        }
        return events;
    }

    private static Set<String> sections(Collection<String> slugs, Site site) {
        Set<String> sections = new LinkedHashSet<>();
        for (String slug : slugs == null ? List.<String>of() : slugs) {
            String section = slug == null ? "" : slug.strip();
            if (!site.hasSection(section)) {
                throw new Invalid(
                        "sections",
                        "\"" + slug + "\" is not a configured section (they are: "
                                + site.sections().stream().map(Section::slug).collect(Collectors.joining(", ")) + ")");
            }
            sections.add(section);
        }
        return sections;
    }
}
