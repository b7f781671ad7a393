package io.loa.transfer;

import java.io.IOException;

/** Where articles come from: a feed (and its archives), a WordPress export, or Loa's own backup. */
interface ImportSource {

    /** How many items reading will hand over, or -1 when that is known only by reading. */
    long expectedItems() throws IOException;

    void read(ImportSink sink) throws IOException;
}
