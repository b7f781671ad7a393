package io.loa.fault;

/** Something that was there and was deleted, and is known to have been. */
public final class Gone extends Fault {

    public Gone(String detail) {
        super(detail);
    }
}
