package io.loa.stream;

import java.util.List;

/**
 * Acts per instance (drops this instance's cache, updates its search index); its cursor is in memory, starting at
 * the head when the instance starts.
 */
public interface InstanceConsumer {

    ConsumerName name();

    /** Entries in position order; throwing leaves the cursor where it was, to be tried again. */
    void accept(List<StreamEntry> entries);
}
