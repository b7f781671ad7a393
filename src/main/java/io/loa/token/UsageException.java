package io.loa.token;

/** A command line that asks for something the {@code token} command does not do; the message says what, in one line. */
final class UsageException extends RuntimeException {

    UsageException(String reason) {
        super(reason);
    }
}
