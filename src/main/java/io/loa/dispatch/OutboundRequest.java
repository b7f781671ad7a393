package io.loa.dispatch;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One HTTP request to send: method, absolute URL, headers (in order) and a body, if any, in UTF-8. Whatever is here
 * is stored as it is and shown by nothing but the request itself: a secret goes in through {@link Credentials}
 * when the request is sent, never here.
 * <pre>
 * new OutboundRequest("PURGE", "http://127.0.0.1:6081/", Map.of("xkey-purge", "feed:all article:a1"), null)
 * </pre>
 */
public record OutboundRequest(String method, String url, Map<String, String> headers, String body) {

    /** The largest body queued: more is refused, so a channel splits its work below it. */
    public static final int MAX_BODY_BYTES = 1024 * 1024;

    private static final Pattern TOKEN = Pattern.compile("[A-Za-z-]{1,32}");

    public OutboundRequest {
        if (!TOKEN.matcher(method).matches()) {
            throw new IllegalArgumentException("Not an HTTP method: " + method);
        }
        headers = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(headers));
        headers.forEach((name, value) -> {
            if (!TOKEN.matcher(name).matches() || value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
                throw new IllegalArgumentException("Not an HTTP header: " + name);
            }
        });
        if (body != null && bodyBytes(body) > MAX_BODY_BYTES) {
            throw new IllegalArgumentException("A request body is at most " + MAX_BODY_BYTES + " bytes");
        }
    }

    /** The size of {@code body} as it is sent. */
    public static int bodyBytes(String body) {
        return body.getBytes(StandardCharsets.UTF_8).length;
    }

    /** The headers as stored: one {@code Name: value} a line. */
    String headerLines() {
        StringBuilder lines = new StringBuilder();
        headers.forEach(
                (name, value) -> lines.append(name).append(": ").append(value).append('\n'));
        return lines.toString();
    }

    static Map<String, String> headers(String lines) {
        Map<String, String> headers = new LinkedHashMap<>();
        lines.lines().filter(line -> !line.isEmpty()).forEach(line -> {
            int colon = line.indexOf(": ");
            headers.put(line.substring(0, colon), line.substring(colon + 2));
        });
        return headers;
    }
}
