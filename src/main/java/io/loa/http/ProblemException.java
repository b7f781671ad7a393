package io.loa.http;

import java.util.List;
import java.util.Map;

/** Thrown by handlers to answer with an RFC 9457 problem; see {@link Problems} for how it is written. */
public final class ProblemException extends RuntimeException {

    private final int status;
    private final List<FieldError> errors;
    private final Map<String, String> headers;

    public ProblemException(int status, String detail) {
        this(status, detail, List.of(), Map.of());
    }

    public ProblemException(int status, String detail, List<FieldError> errors, Map<String, String> headers) {
        super(detail, null, false, false);
        this.status = status;
        this.errors = List.copyOf(errors);
        this.headers = Map.copyOf(headers);
    }

    /** 422 for input that parsed but does not make a valid request; names every offending field. */
    public static ProblemException invalid(List<FieldError> errors) {
        String detail = errors.size() == 1
                ? errors.get(0).field() + ": " + errors.get(0).detail()
                : errors.size() + " fields are invalid; see errors";
        return new ProblemException(422, detail, errors, Map.of());
    }

    public static ProblemException invalid(String field, String detail) {
        return invalid(List.of(new FieldError(field, detail)));
    }

    public static ProblemException notFound(String detail) {
        return new ProblemException(404, detail);
    }

    public int status() {
        return status;
    }

    public List<FieldError> errors() {
        return errors;
    }

    public Map<String, String> headers() {
        return headers;
    }
}
