package io.loa.http;

/**
 * A refusal that only HTTP has words for, such as a body of the wrong media type (415) or too large (413); the
 * domain's refusals are {@link io.loa.fault.Fault}s. See {@link Problems} for how either is written.
 */
public final class ProblemException extends RuntimeException {

    private final int status;

    public ProblemException(int status, String detail) {
        super(detail, null, false, false);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
