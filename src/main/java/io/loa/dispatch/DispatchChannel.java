package io.loa.dispatch;

import java.util.Locale;

/** Who queued a request: the name its receipts are listed under and its metrics carry. */
public enum DispatchChannel {
    PURGE,
    INDEXNOW,
    FEDIVERSE;

    /** {@code purge}: a closed set, so a metric label and a receipt's channel. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
