package io.loa.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The breaker per host: open after five failures in a row for longer each time, closed by an answer, opened at
 * once for as long as a {@code Retry-After} asks (an hour at most), and a bounded memory of hosts.
 */
class HostBreakerTest {

    static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    final HostBreaker breaker = new HostBreaker();

    @Test
    void aHostOpensAfterFiveFailuresInARowAndClosesWhenItAnswers() {
        for (int i = 1; i < HostBreaker.FAILURES_TO_OPEN; i++) {
            assertThat(breaker.failed("down.example", NOW, Optional.empty())).isEmpty();
        }
        breaker.answered("down.example");
        for (int i = 1; i < HostBreaker.FAILURES_TO_OPEN; i++) {
            assertThat(breaker.failed("down.example", NOW, Optional.empty()))
                    .as("an answer started the count again")
                    .isEmpty();
        }
        assertThat(breaker.failed("down.example", NOW, Optional.empty())).hasValue(NOW.plusSeconds(30));
        assertThat(breaker.openUntil("down.example", NOW.plusSeconds(29))).hasValue(NOW.plusSeconds(30));
        assertThat(breaker.openUntil("other.example", NOW)).isEmpty();
        assertThat(breaker.openUntil("down.example", NOW.plusSeconds(30)))
                .as("tried again")
                .isEmpty();

        Instant later = NOW.plusSeconds(30);
        assertThat(breaker.failed("down.example", later, Optional.empty()))
                .as("the try failed: open again, for twice as long")
                .hasValue(later.plusSeconds(60));
        breaker.answered("down.example");
        assertThat(breaker.openUntil("down.example", later)).isEmpty();
        assertThat(breaker.size()).isZero();
    }

    @Test
    void openingsGrowToAnHourAtMost() {
        Instant at = NOW;
        Instant until = NOW;
        for (int i = 0; i < HostBreaker.FAILURES_TO_OPEN + 30; i++) {
            Optional<Instant> opened = breaker.failed("down.example", at, Optional.empty());
            if (opened.isPresent()) {
                until = opened.get();
            }
        }
        assertThat(Duration.between(at, until)).isEqualTo(HostBreaker.LONGEST);
    }

    @Test
    void aRetryAfterOpensTheHostAtOnceForAsLongAsItAsks() {
        assertThat(breaker.failed("busy.example", NOW, Optional.of(Duration.ofSeconds(2))))
                .hasValue(NOW.plusSeconds(2));
        assertThat(breaker.openUntil("busy.example", NOW.plusSeconds(1))).isPresent();
        assertThat(breaker.openUntil("busy.example", NOW.plusSeconds(2))).isEmpty();
    }

    @Test
    void aRetryAfterIsReadAsSecondsOrAnHttpDateAndBounded() {
        assertThat(HostBreaker.retryAfter("2", NOW)).hasValue(Duration.ofSeconds(2));
        assertThat(HostBreaker.retryAfter(" 120 ", NOW)).hasValue(Duration.ofMinutes(2));
        assertThat(HostBreaker.retryAfter("Thu, 01 Jan 2026 00:05:00 GMT", NOW)).hasValue(Duration.ofMinutes(5));
        assertThat(HostBreaker.retryAfter("Wed, 31 Dec 2025 23:00:00 GMT", NOW))
                .as("a date past")
                .hasValue(Duration.ZERO);
        assertThat(HostBreaker.retryAfter("999999999", NOW)).hasValue(HostBreaker.LONGEST);
        assertThat(HostBreaker.retryAfter("Fri, 01 Jan 2027 00:00:00 GMT", NOW)).hasValue(HostBreaker.LONGEST);
        assertThat(HostBreaker.retryAfter("-5", NOW)).isEmpty();
        assertThat(HostBreaker.retryAfter("soon", NOW)).isEmpty();
        assertThat(HostBreaker.retryAfter(null, NOW)).isEmpty();
    }

    @Test
    void itRemembersTenThousandHostsAtMostTheLeastLatelySeenForgottenFirst() {
        for (int i = 0; i < HostBreaker.MAX_HOSTS + 500; i++) {
            breaker.failed("h" + i + ".example", NOW, Optional.of(Duration.ofMinutes(1)));
        }
        assertThat(breaker.size()).isEqualTo(HostBreaker.MAX_HOSTS);
        assertThat(breaker.openUntil("h0.example", NOW)).as("forgotten").isEmpty();
        assertThat(breaker.openUntil("h10499.example", NOW)).isPresent();
    }
}
