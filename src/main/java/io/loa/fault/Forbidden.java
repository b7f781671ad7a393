package io.loa.fault;

/** A request understood and refused whoever asks again the same way: out of a token's scope, or past a bound. */
public final class Forbidden extends Fault {

    public Forbidden(String detail) {
        super(detail);
    }
}
