package io.loa.article;

/** A conditional write found the article not as the writer expected (RFC 9110 If-Match, If-None-Match). */
public final class PreconditionFailed extends RuntimeException {

    public PreconditionFailed(String message) {
        super(message, null, false, false);
    }
}
