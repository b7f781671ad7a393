package io.loa.fault;

import java.util.Optional;

/**
 * A request that needs an editor token and came without a valid one.
 *
 * @see #reason() what the token lacked
 */
public final class Unauthenticated extends Fault {

    private final String reason;

    /** @param reason RFC 6750's error code ({@code invalid_request}, {@code invalid_token}), or null: no token sent */
    public Unauthenticated(String detail, String reason) {
        super(detail);
        this.reason = reason;
    }

    /** Empty when no token was sent at all (RFC 6750, 3.1: then no error code is given). */
    public Optional<String> reason() {
        return Optional.ofNullable(reason);
    }
}
