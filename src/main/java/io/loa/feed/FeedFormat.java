package io.loa.feed;

import java.util.Arrays;
import java.util.Optional;

/** The feed formats Loa writes, by file extension. */
public enum FeedFormat {
    RSS("rss", "application/rss+xml; charset=utf-8"),
    ATOM("atom", "application/atom+xml; charset=utf-8"),
    JSON("json", "application/feed+json; charset=utf-8");

    private final String extension;
    private final String mediaType;

    FeedFormat(String extension, String mediaType) {
        this.extension = extension;
        this.mediaType = mediaType;
    }

    public String extension() {
        return extension;
    }

    /** The media type with its charset, as the feed is served. */
    public String mediaType() {
        return mediaType;
    }

    /** The bare media type, as autodiscovery links and OPML name it. */
    public String type() {
        return mediaType.substring(0, mediaType.indexOf(';'));
    }

    /** Short and human: RSS, Atom, JSON Feed. */
    public String label() {
        return switch (this) {
            case RSS -> "RSS";
            case ATOM -> "Atom";
            case JSON -> "JSON Feed";
        };
    }

    /** Where the feed of {@code key} (a section slug or {@code all}) lives on the site. */
    public String path(String key) {
        return "/feeds/" + key + "." + extension;
    }

    public static Optional<FeedFormat> byExtension(String extension) {
        return Arrays.stream(values())
                .filter(f -> f.extension.equals(extension))
                .findFirst();
    }
}
