package io.loa.fault;

/** A conditional write found the article not as the writer expected (RFC 9110 If-Match, If-None-Match). */
public final class PreconditionFailed extends Fault {

    public PreconditionFailed(String detail) {
        super(detail);
    }
}
