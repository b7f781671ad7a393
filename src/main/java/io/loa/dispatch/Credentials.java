package io.loa.dispatch;

import java.util.Map;

/**
 * Headers a channel adds to its requests as they go out and that are never stored: an API token read from the
 * environment at start, or a signature over the request made as it is sent (its date, its digest). Receipts, logs
 * and the database never see them.
 * <pre>
 * dispatch.credentials(DispatchChannel.PURGE, (destination, request) -&gt; Map.of("Authorization", "Bearer " + token));
 * </pre>
 */
@FunctionalInterface
public interface Credentials {

    Credentials NONE = (destination, request) -> Map.of();

    /**
     * The headers for {@code request} (method, URL, stored headers and body, as it is about to go) to
     * {@code destination}, as the channel named it when queueing; called once for each attempt.
     */
    Map<String, String> headers(String destination, OutboundRequest request);
}
