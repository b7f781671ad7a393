package io.loa.transfer;

/**
 * The import ended before its source did, keeping what it had taken: a bound of {@link ImportLimits} was
 * reached, or a signal asked it to stop ({@link StopRequest}). The message says which, in one line that follows
 * "Stopped": "at --max-documents 20000: …", "by SIGTERM".
 */
final class ImportStopped extends RuntimeException {

    private final int status;

    /** @param status what the command exits with */
    ImportStopped(String why, int status) {
        super(why);
        this.status = status;
    }

    int status() {
        return status;
    }
}
