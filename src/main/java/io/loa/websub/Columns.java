package io.loa.websub;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * What the hub's two stores share. Work in them (a verification, a delivery) is claimed with
 * {@code FOR UPDATE SKIP LOCKED} (see {@link Claims}) and then held under a claim, a random number with a deadline,
 * while the HTTP call runs outside any transaction; only the holder of a claim may record the outcome.
 */
final class Columns {

    /**
     * Longer than any outbound call may take (Outbound.TIMEOUT, queueing included), so a claim only lapses when
     * its instance died holding it; then the work waits this long before another instance, or a restart, takes it.
     */
    static final Duration CLAIM = Outbound.TIMEOUT.multipliedBy(3);

    private static final int TEXT_LENGTH = 300;

    private Columns() {}

    static OffsetDateTime at(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    /** A text cut to what its column holds. */
    static String clip(String text) {
        return text == null || text.length() <= TEXT_LENGTH ? text : text.substring(0, TEXT_LENGTH - 3) + "…";
    }
}
