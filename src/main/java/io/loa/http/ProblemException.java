package io.loa.http;

import java.util.Optional;

/**
 * A refusal that only HTTP has words for, such as a body of the wrong media type (415), too large (413), not
 * well-formed (400) or of the wrong shape for its type (422, naming the field); the domain's refusals are faults
 * of its own. The web layer writes either as {@code application/problem+json}.
 */
public final class ProblemException extends RuntimeException {

    private final int status;
    private final String field;
    private final String fieldDetail;

    public ProblemException(int status, String detail) {
        this(status, detail, null, null);
    }

    private ProblemException(int status, String detail, String field, String fieldDetail) {
        super(detail, null, false, false);
        this.status = status;
        this.field = field;
        this.fieldDetail = fieldDetail;
    }

    /** A 422 for one field of a body: {@code field} is its path (e.g. {@code images[0].url}), then what is wrong. */
    public static ProblemException invalid(String field, String detail) {
        return new ProblemException(422, field + ": " + detail, field, detail);
    }

    public int status() {
        return status;
    }

    /** The offending field's path, for a refusal of one field. */
    public Optional<String> field() {
        return Optional.ofNullable(field);
    }

    /** What is wrong with {@link #field()}, when there is one. */
    public String fieldDetail() {
        return fieldDetail;
    }
}
