package io.loa.websub;

import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.jooq.CaseValueStep;
import org.jooq.CaseWhenStep;
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
        Set<String> full = inFlight.entrySet().stream().filter(e -> e.getValue() >= perKey)
                .map(Map.Entry::getKey).collect(Collectors.toSet());
        return full.isEmpty() ? DSL.noCondition() : key.notIn(full);
    }

    /** The free slots of a row's key, as SQL. */
    Field<Integer> free(Field<String> key) {
        if (inFlight.isEmpty()) {
            return DSL.inline(perKey);
        }
        CaseValueStep<String> choose = DSL.choose(key);
        CaseWhenStep<String, Integer> free = null;
        for (Map.Entry<String, Integer> busy : inFlight.entrySet()) {
            Field<String> busyKey = DSL.val(busy.getKey());
            Field<Integer> left = DSL.inline(Math.max(0, perKey - busy.getValue()));
            free = free == null ? choose.when(busyKey, left) : free.when(busyKey, left);
        }
        return free.otherwise(DSL.inline(perKey));
    }
}
