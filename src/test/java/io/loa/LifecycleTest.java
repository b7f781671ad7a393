package io.loa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the server started is closed last first, once, whether it stops or fails to start. */
class LifecycleTest {

    private final List<String> closed = new ArrayList<>();
    private final Lifecycle lifecycle = new Lifecycle();

    @Test
    void partsCloseLastFirstAndOnlyOnce() {
        lifecycle.add(() -> closed.add("database"));
        lifecycle.add(() -> closed.add("hub"));
        lifecycle.add(() -> closed.add("web"));

        lifecycle.close();
        lifecycle.close();

        assertThat(closed).containsExactly("web", "hub", "database");
    }

    @Test
    void aPartThatFailsToCloseLeavesNoneOpenAndIsReportedOnce() {
        lifecycle.add(() -> closed.add("database"));
        lifecycle.add(() -> {
            throw new IllegalStateException("hub stuck");
        });
        lifecycle.add(() -> {
            throw new java.io.IOException("socket");
        });

        assertThatThrownBy(lifecycle::close)
                .isInstanceOf(IllegalStateException.class)
                .satisfies(e -> assertThat(e.getSuppressed()).hasSize(1));
        assertThat(closed).containsExactly("database");
    }

    @Test
    void aFailedStartKeepsItsCauseAndCarriesTheFailuresToClose() {
        lifecycle.add(() -> closed.add("database"));
        lifecycle.add(() -> {
            throw new IllegalStateException("hub stuck");
        });
        RuntimeException cause = new IllegalArgumentException("port taken");

        lifecycle.closeAfter(cause);

        assertThat(closed).containsExactly("database");
        assertThat(cause.getSuppressed()).extracting(Throwable::getMessage).containsExactly("hub stuck");
    }
}
