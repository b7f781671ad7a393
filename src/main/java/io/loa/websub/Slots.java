package io.loa.websub;

import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.impl.DSL;

/**
 * How many more calls each key (a callback's origin or host, see {@link Lane}) may have: {@code perKey} less
 * those this instance has in flight to it. Claims take no more than that, so one host's backlog never fills a batch.
 */
record Slots(int perKey, Map<String, Integer> inFlight) {

    Slots {
        inFlight = Map.copyOf(inFlight);
    }

    /** Leaves out the keys with no slot free. */
    Condition open(Field<String> key) {
        Set<String> full = inFlight.entrySet().stream()
                .filter(e -> e.getValue() >= perKey)
                .map(Map.Entry::getKey)
                .collect(Collectors.toSet());
        return full.isEmpty() ? DSL.noCondition() : key.notIn(full);
    }

    /** The free slots of a key. */
    int free(String key) {
        return Math.max(0, perKey - inFlight.getOrDefault(key, 0));
    }
}
