package io.loa.feed;

import io.loa.config.Site;
import java.util.HashMap;
import java.util.Map;

/**
 * The {@code Link} header of a feed's current document, which names its hubs and the document itself (WebSub,
 * section 4): readers and subscribers discover the hub without parsing the body, in every format alike. Written
 * once for the configured feeds, whose documents every poll asks for.
 */
public final class HubLinks {

    private final Site site;
    private final Map<FeedKey, String> configured = new HashMap<>();

    public HubLinks(Site site, FeedPaths paths) {
        this.site = site;
        for (FeedKey key : paths.configured()) {
            configured.put(key, write(key));
        }
    }

    /** The header of a feed's current document. */
    String of(FeedKey current) {
        String header = configured.get(current);
        return header != null ? header : write(current);
    }

    private String write(FeedKey current) {
        StringBuilder links = new StringBuilder();
        for (String hub : site.hubUrls()) {
            links.append('<').append(hub).append(">; rel=\"hub\", ");
        }
        return links.append('<')
                .append(site.url(current.format().path(current.feed())))
                .append(">; rel=\"self\"")
                .toString();
    }
}
