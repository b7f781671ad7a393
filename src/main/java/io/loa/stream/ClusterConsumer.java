package io.loa.stream;

import java.util.List;
import org.jooq.DSLContext;

/** Acts once for the whole cluster; its durable cursor advances in the same transaction as what it does. */
public interface ClusterConsumer {

    ConsumerName name();

    void accept(List<StreamEntry> entries, DSLContext tx);
}
