package io.loa.fault;

/** A request that cannot be read as one: a query, a form or a parameter that is missing or not understood. */
public final class Malformed extends Fault {

    public Malformed(String detail) {
        super(detail);
    }
}
