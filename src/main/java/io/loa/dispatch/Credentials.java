package io.loa.dispatch;

import java.util.Map;

/**
 * Headers a channel adds to its requests as they go out and that are never stored: an API token, read from the
 * environment at start. Receipts, logs and the database never see them.
 */
@FunctionalInterface
public interface Credentials {

    Credentials NONE = destination -> Map.of();

    /** The headers for a request to {@code destination}, as the channel named it when queueing. */
    Map<String, String> headers(String destination);
}
