package io.loa.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.Locale;

/**
 * Reads a JSON request body into a type, refusing what is not JSON (415), too large (413), not well-formed (400)
 * or of the wrong shape (422, naming the field).
 */
public final class JsonBody {

    private final ObjectMapper json;
    private final int maxBytes;

    public JsonBody(ObjectMapper json, int maxBytes) {
        this.json = json.copy()
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
        this.maxBytes = maxBytes;
    }

    public <T> T read(Context ctx, Class<T> type) {
        try {
            requireJson(ctx.header("Content-Type"));
        } catch (ProblemException notJson) {
            throw BoundedBody.refuse(ctx, notJson);
        }
        byte[] body = BoundedBody.read(ctx, maxBytes);
        if (body.length == 0) {
            throw new ProblemException(400, "The request body is empty; a JSON object was expected.");
        }
        return bind(parse(body), type);
    }

    /** Syntax first, so a broken document is always 400 and only a well-formed one can be 422. */
    private JsonNode parse(byte[] body) {
        try {
            JsonNode tree = json.readTree(body);
            if (tree == null || !tree.isObject()) {
                throw new ProblemException(400, "The request body must be a JSON object.");
            }
            return tree;
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? ""
                    : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
            throw new ProblemException(400, "The request body is not well-formed JSON" + where + ": "
                    + e.getOriginalMessage());
        } catch (IOException e) {
            throw new ProblemException(400, "The request body could not be read.");
        }
    }

    private <T> T bind(JsonNode tree, Class<T> type) {
        try {
            return json.treeToValue(tree, type);
        } catch (UnrecognizedPropertyException e) {
            throw ProblemException.invalid(path(e), "is not a known field");
        } catch (MismatchedInputException e) {
            throw ProblemException.invalid(path(e), "has the wrong type: " + e.getOriginalMessage());
        } catch (JsonProcessingException e) {
            throw ProblemException.invalid(path(e instanceof JsonMappingException m ? m : null), e.getOriginalMessage());
        }
    }

    private static void requireJson(String contentType) {
        String mediaType = contentType == null ? "" : contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        boolean json = mediaType.equals("application/json") || mediaType.matches("application/[a-z0-9.+-]+\\+json");
        if (!json) {
            throw new ProblemException(415, "Send the article as application/json, not "
                    + (contentType == null ? "a body without Content-Type" : "\"" + contentType + "\"") + ".");
        }
        String params = contentType.contains(";") ? contentType.substring(contentType.indexOf(';')).toLowerCase(Locale.ROOT) : "";
        if (params.contains("charset") && !params.replace(" ", "").matches(".*charset=\"?utf-8\"?.*")) {
            throw new ProblemException(415, "JSON must be sent in UTF-8.");
        }
    }

    private static String path(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        if (e == null) {
            return "(body)";
        }
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                path.append(path.length() == 0 ? "" : ".").append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.length() == 0 ? "(body)" : path.toString();
    }
}
