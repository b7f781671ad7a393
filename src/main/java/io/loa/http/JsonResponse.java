package io.loa.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;

/** Writes a value as a JSON response, UTF-8, with its length. */
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
        byte[] body = bytes(value);
        ctx.status(status).contentType("application/json; charset=utf-8")
                .header("Content-Length", String.valueOf(body.length)).result(body);
    }
}
