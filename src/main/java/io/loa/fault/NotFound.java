package io.loa.fault;

/** Nothing by that name: no such article, section, feed, page or archive. */
public final class NotFound extends Fault {

    public NotFound(String detail) {
        super(detail);
    }
}
