package io.loa.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;

/** Writes a value as a JSON response, UTF-8, with its length (and, where asked, its ETag). */
public final class JsonResponse {

    private final ObjectMapper json;

    public JsonResponse(ObjectMapper json) {
        this.json = json;
    }

    /** A strong ETag of the value's JSON form. */
    public String etag(Object value) {
        return Representation.etagOf(bytes(value));
    }

    private byte[] bytes(Object value) {
        try {
            return json.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A response value could not be written as JSON", e);
        }
    }

    public void send(Context ctx, int status, Object value) {
        write(ctx, status, bytes(value));
    }

    /**
     * Sends the value with its strong ETag; a GET or HEAD whose {@code If-None-Match} names that ETag gets 304, as a
     * feed reader's does.
     */
    public void sendVersioned(Context ctx, int status, Object value) {
        byte[] body = bytes(value);
        String etag = Representation.etagOf(body);
        ctx.header("ETag", etag);
        boolean read = ctx.method() == HandlerType.GET || ctx.method() == HandlerType.HEAD;
        if (read && ConditionalGet.matches(ctx.header("If-None-Match"), etag::equals)) {
            ctx.status(304);
            return;
        }
        write(ctx, status, body);
    }

    private static void write(Context ctx, int status, byte[] body) {
        ctx.status(status)
                .contentType("application/json; charset=utf-8")
                .header("Content-Length", String.valueOf(body.length))
                .result(body);
    }
}
