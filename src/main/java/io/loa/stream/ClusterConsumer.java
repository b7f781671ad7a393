package io.loa.stream;

import java.util.List;
import org.jooq.DSLContext;

/**
 * Acts once for the whole cluster (tells WebSub subscribers); its durable cursor (a row per consumer) advances in
 * the same transaction as what it does, which holds that row FOR UPDATE so one instance at a time consumes.
 */
public interface ClusterConsumer {

    ConsumerName name();

    /** Entries in position order, to be acted on in {@code tx}; throwing rolls back and leaves the cursor. */
    void accept(List<StreamEntry> entries, DSLContext tx);
}
