package io.loa.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a JSON request body into a type, refusing what is not JSON (415), too large (413), not well-formed (400)
 * or of the wrong shape (422, naming the field). Types are JSON's own: {@code "title": 5} or {@code "width": "12"}
 * is refused, never quietly read as {@code "5"} or {@code 12}, as the OpenAPI contract says.
 */
public final class JsonBody {

    private final ObjectMapper json;
    private final int maxBytes;

    /** For each kind of value, the JSON shapes Jackson would otherwise convert into it: none is. */
    private static final Map<LogicalType, List<CoercionInputShape>> NO_COERCION = Map.of(
            LogicalType.Textual,
                    List.of(CoercionInputShape.Integer, CoercionInputShape.Float, CoercionInputShape.Boolean),
            LogicalType.Integer,
                    List.of(CoercionInputShape.String, CoercionInputShape.Float, CoercionInputShape.Boolean),
            LogicalType.Float, List.of(CoercionInputShape.String, CoercionInputShape.Boolean),
            LogicalType.Boolean,
                    List.of(CoercionInputShape.String, CoercionInputShape.Integer, CoercionInputShape.Float));

    public JsonBody(ObjectMapper json, int maxBytes) {
        this.json = json.copy()
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
        NO_COERCION.forEach((type, shapes) ->
                shapes.forEach(shape -> this.json.coercionConfigFor(type).setCoercion(shape, CoercionAction.Fail)));
        // "" is not an empty list or an absent object.
        this.json.coercionConfigDefaults().setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
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
            String where = e.getLocation() == null
                    ? ""
                    : " (line " + e.getLocation().getLineNr() + ", column "
                            + e.getLocation().getColumnNr() + ")";
            throw new ProblemException(
                    400, "The request body is not well-formed JSON" + where + ": " + e.getOriginalMessage());
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
            throw ProblemException.invalid(path(e), expected(e.getTargetType()));
        } catch (JsonMappingException e) {
            throw ProblemException.invalid(
                    path(e),
                    e.getCause() instanceof InputCoercionException
                            ? "is a number out of range"
                            : e.getOriginalMessage());
        } catch (JsonProcessingException e) {
            throw ProblemException.invalid("(body)", e.getOriginalMessage());
        }
    }

    /** What a value of the wrong type should have been, in JSON's words rather than Java's. */
    private static String expected(Class<?> type) {
        if (type == null) {
            return "has the wrong type";
        }
        if (CharSequence.class.isAssignableFrom(type)) {
            return "must be a string";
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "must be an array";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "must be true or false";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "must be a whole number";
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
            return "must be a number";
        }
        return "must be an object";
    }

    /**
     * Only {@code application/json}: another {@code +json} type says something else about the body (a
     * {@code merge-patch+json} body is a change, which a PUT would take for the whole article).
     */
    private static void requireJson(String contentType) {
        String mediaType =
                contentType == null ? "" : contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        if (!mediaType.equals("application/json")) {
            throw new ProblemException(
                    415,
                    "Send the article as application/json, not "
                            + (contentType == null ? "a body without Content-Type" : "\"" + contentType + "\"") + ".");
        }
        String params = contentType.contains(";")
                ? contentType.substring(contentType.indexOf(';')).toLowerCase(Locale.ROOT)
                : "";
        if (params.contains("charset") && !params.replace(" ", "").matches(".*charset=\"?utf-8\"?.*")) {
            throw new ProblemException(415, "JSON must be sent in UTF-8.");
        }
    }

    private static String path(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
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
