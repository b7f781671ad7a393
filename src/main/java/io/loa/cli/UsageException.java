package io.loa.cli;

/** A command line that asks for something a command does not do; the message says what, in one line. */
public final class UsageException extends RuntimeException {

    public UsageException(String reason) {
        super(reason);
    }
}
