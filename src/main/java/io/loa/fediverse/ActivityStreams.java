package io.loa.fediverse;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/** The vocabulary every ActivityPub document of Loa shares: media types, contexts, the public audience. */
final class ActivityStreams {

    /** The type ActivityPub documents are served as (ActivityPub, 3.2). */
    static final String MEDIA_TYPE = "application/activity+json; charset=utf-8";

    static final String NAMESPACE = "https://www.w3.org/ns/activitystreams";
    static final String SECURITY = "https://w3id.org/security/v1";
    /** Everyone: what a public post is addressed to. */
    static final String PUBLIC = NAMESPACE + "#Public";

    static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private ActivityStreams() {}

    /** A document with its {@code @context}: ActivityStreams, the security vocabulary of keys, and Mastodon's terms. */
    static ObjectNode document() {
        ObjectNode doc = JSON.objectNode();
        ArrayNode context = doc.putArray("@context");
        context.add(NAMESPACE).add(SECURITY);
        context.addObject()
                .put("toot", "http://joinmastodon.org/ns#")
                .put("discoverable", "toot:discoverable")
                .put("Hashtag", "as:Hashtag")
                .put("sensitive", "as:sensitive");
        return doc;
    }

    /** An instant as ActivityStreams dates are written (xsd:dateTime), to the second, in UTC. */
    static String date(Instant at) {
        return at.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /** The media type of an image by its file name, or null when the name does not tell. */
    static String imageType(String url) {
        String path = url.toLowerCase(Locale.ROOT).replaceAll("[?#].*", "");
        if (path.endsWith(".png")) {
            return "image/png";
        }
        if (path.endsWith(".jpg") || path.endsWith(".jpeg")) {
            return "image/jpeg";
        }
        if (path.endsWith(".webp")) {
            return "image/webp";
        }
        if (path.endsWith(".gif")) {
            return "image/gif";
        }
        return path.endsWith(".svg") ? "image/svg+xml" : null;
    }
}
