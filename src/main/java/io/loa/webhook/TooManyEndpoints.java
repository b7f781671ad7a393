package io.loa.webhook;

/** A new endpoint refused because the site has as many as it may have. */
public final class TooManyEndpoints extends RuntimeException {

    TooManyEndpoints(int max) {
        super("There are " + max + " webhook endpoints already, as many as Loa keeps: delete one first.", null, false,
                false);
    }
}
