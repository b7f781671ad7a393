package io.loa.httpsig;

import java.net.URI;
import java.util.Map;

/**
 * Signs one outgoing request: the headers to add to it ({@code Date}, {@code Host}, {@code Signature}, and
 * {@code Digest} with a body). {@link HttpSigner} is one; {@link RemoteKeys} takes one to sign its key fetches
 * with the site's actor key, which it knows nothing else of.
 */
@FunctionalInterface
public interface RequestSigner {

    RequestSigner UNSIGNED = (method, url, body) -> Map.of();

    /**
     * The headers to add to the request.
     *
     * @param body the bytes sent, or null for none
     */
    Map<String, String> sign(String method, URI url, byte[] body);
}
