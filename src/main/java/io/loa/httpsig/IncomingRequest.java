package io.loa.httpsig;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** The parts of a received request that a signature can cover, headers looked up without case. */
final class IncomingRequest {

    final String method;
    final String pathAndQuery;
    final byte[] body;
    private final Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);

    IncomingRequest(String method, String pathAndQuery, Map<String, ? extends List<String>> headers, byte[] body) {
        this.method = method;
        this.pathAndQuery = pathAndQuery;
        this.body = body == null ? new byte[0] : body;
        headers.forEach((name, values) ->
                this.headers.computeIfAbsent(name, n -> new ArrayList<>()).addAll(values));
    }

    /**
     * A header's value as a signature covers it: each field line's value trimmed, several joined with ", " (what
     * draft-cavage section 2.3 and RFC 9421 section 2.1 both say); empty if the request has no such header.
     */
    Optional<String> header(String name) {
        List<String> values = headers.get(name);
        if (values == null || values.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(values.stream().map(String::strip).collect(Collectors.joining(", ")));
    }

    boolean hasBody() {
        return body.length > 0;
    }

    String path() {
        int query = pathAndQuery.indexOf('?');
        String path = query < 0 ? pathAndQuery : pathAndQuery.substring(0, query);
        return path.isEmpty() ? "/" : path;
    }

    /** The query with its "?", or a lone "?" for none, as RFC 9421's @query is. */
    String query() {
        int query = pathAndQuery.indexOf('?');
        return query < 0 ? "?" : pathAndQuery.substring(query);
    }

    /** The host as the request named it, lower-cased, as RFC 9421's @authority is. */
    Optional<String> authority() {
        return header("host").map(host -> host.toLowerCase(Locale.ROOT));
    }
}
