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
 * How many more calls each callback origin (scheme, host, port) may have: {@code perOrigin} less those this
 * instance has in flight to it. Claims take no more than that, so one host's backlog never fills a batch.
 */
record Slots(int perOrigin, Map<String, Integer> inFlight) {

    Slots {
        inFlight = Map.copyOf(inFlight);
    }

    /** Leaves out the origins with no slot free. */
    Condition open(Field<String> origin) {
        Set<String> full = inFlight.entrySet().stream().filter(e -> e.getValue() >= perOrigin)
                .map(Map.Entry::getKey).collect(Collectors.toSet());
        return full.isEmpty() ? DSL.noCondition() : origin.notIn(full);
    }

    /** The free slots of a row's origin, as SQL. */
    Field<Integer> free(Field<String> origin) {
        if (inFlight.isEmpty()) {
            return DSL.inline(perOrigin);
        }
        CaseValueStep<String> choose = DSL.choose(origin);
        CaseWhenStep<String, Integer> free = null;
        for (Map.Entry<String, Integer> busy : inFlight.entrySet()) {
            Field<String> key = DSL.val(busy.getKey());
            Field<Integer> left = DSL.inline(Math.max(0, perOrigin - busy.getValue()));
            free = free == null ? choose.when(key, left) : free.when(key, left);
        }
        return free.otherwise(DSL.inline(perOrigin));
    }
}
