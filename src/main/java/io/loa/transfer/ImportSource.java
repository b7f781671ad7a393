package io.loa.transfer;

import java.io.IOException;

/** Where articles come from: a feed (and its archives), a WordPress export, or Loa's own backup. */
interface ImportSource extends AutoCloseable {

    /** How many items reading will hand over, or -1 when that is known only by reading. */
    long expectedItems() throws IOException;

    /** Hands over what the source holds; an {@link ImportStopped} ends it early. */
    void read(ImportSink sink) throws IOException;

    /** Frees what reading held (a feed's HTTP client). */
    @Override
    default void close() {}
}
