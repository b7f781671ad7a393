package io.loa;

import static org.assertj.core.api.Assertions.assertThat;

import io.loa.fault.Fault;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every kind of fault the domain can throw has its status in the one place faults become answers. */
class FaultStatusTest {

    @Test
    void everyKindOfFaultHasAStatus() {
        assertThat(Set.<Class<?>>copyOf(Problems.STATUS.keySet())).isEqualTo(kinds(Fault.class));
        assertThat(Problems.STATUS.values())
                .allSatisfy(status -> assertThat(status).isBetween(400, 599));
    }

    /** The classes a fault can be: the final ones below {@code type} in its sealed hierarchy. */
    private static Set<Class<?>> kinds(Class<?> type) {
        if (!type.isSealed()) {
            return Set.of(type);
        }
        return Stream.of(type.getPermittedSubclasses())
                .flatMap(sub -> kinds(sub).stream())
                .collect(Collectors.toSet());
    }
}
