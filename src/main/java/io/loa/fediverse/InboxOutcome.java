package io.loa.fediverse;

import java.util.Locale;

/**
 * What became of a POST to an inbox: a closed set, so a metric label ({@code loa_fediverse_inbox_total{outcome}}).
 * The first four are accepted (202); the others refused, each with its status.
 */
public enum InboxOutcome {
    FOLLOWED(202),
    UNFOLLOWED(202),
    ACTOR_DELETED(202),
    IGNORED(202),
    /** No signature, or one that does not verify (a bad key, a wrong digest, too old). */
    UNSIGNED(401),
    BAD_SIGNATURE(401),
    /** Signed, but by another actor than the activity's. */
    NOT_THE_ACTOR(401),
    NOT_ACTIVITY_JSON(415),
    TOO_LARGE(413),
    MALFORMED(400),
    UNKNOWN_ACTOR(404),
    /** A Follow from an actor whose document (its inbox) could not be read. */
    FOLLOWER_UNREADABLE(502);

    private final int status;

    InboxOutcome(int status) {
        this.status = status;
    }

    public int status() {
        return status;
    }

    /** {@code actor-deleted}: a closed set, so a metric label. */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
