package io.loa.http;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Errors Jetty answers before a request reaches Loa's routes (a path it will not decode, a header too large,
 * a malformed request line) leave as {@code application/problem+json} too, never as Jetty's HTML page.
 */
public final class ProblemErrorHandler extends ErrorHandler {

    public static final String MEDIA_TYPE = "application/problem+json";

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        int status = response.getStatus() >= 400 ? response.getStatus() : 500;
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, MEDIA_TYPE);
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        SecurityHeaders.addTo(response.getHeaders());
        response.write(true, ByteBuffer.wrap(body(status, request.getHttpURI().getPath())), callback);
        return true;
    }

    private static byte[] body(int status, String path) {
        String title = HttpStatus.getMessage(status);
        String instance = path == null ? "" : ",\"instance\":\"" + escape(path) + "\"";
        return ("{\"type\":\"about:blank\",\"title\":\"" + escape(title) + "\",\"status\":" + status
                        + ",\"detail\":\"The request was refused before it could be read: " + escape(title) + ".\""
                        + instance + "}")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** Enough JSON escaping for a path or a status phrase: quotes, backslashes and control characters. */
    private static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
