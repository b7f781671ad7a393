package io.loa.db;

import java.sql.SQLException;

/**
 * The database could not be opened. The message says why in one line, and what to do where that is known, for a
 * command to print as it is.
 */
public final class DatabaseUnavailable extends RuntimeException {

    /** H2's {@code ErrorCode.DATABASE_ALREADY_OPEN_1}: another process holds the file, and this URL cannot share it. */
    private static final int H2_FILE_IN_USE = 90020;

    private DatabaseUnavailable(String message, Throwable cause) {
        super(message, cause);
    }

    static DatabaseUnavailable of(RuntimeException failure) {
        Throwable root = failure;
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && sql.getErrorCode() == H2_FILE_IN_USE) {
                return new DatabaseUnavailable(
                        "the database file is in use by another process (a running Loa?): "
                                + "add ;AUTO_SERVER=TRUE to LOA_DB_URL, for the server and the commands alike, or stop it",
                        failure);
            }
            root = cause;
        }
        return new DatabaseUnavailable("the database cannot be opened: " + firstLine(root), failure);
    }

    private static String firstLine(Throwable failure) {
        return failure.getMessage() == null
                ? failure.getClass().getSimpleName()
                : failure.getMessage().lines().findFirst().orElse("");
    }
}
