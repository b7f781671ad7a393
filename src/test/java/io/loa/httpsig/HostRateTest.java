package io.loa.httpsig;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Key fetches per host: a burst, then a steady rate, each host on its own. */
class HostRateTest {

    @Test
    void aHostGetsItsBurstThenTwoFetchesASecond() {
        AtomicLong nanos = new AtomicLong();
        HostRate rate = new HostRate(nanos::get);
        for (int i = 0; i < HostRate.BURST; i++) {
            assertThat(rate.tryAcquire("mastodon.example")).as("fetch %d", i).isTrue();
        }
        assertThat(rate.tryAcquire("mastodon.example")).isFalse();
        assertThat(rate.tryAcquire("Other.example")).isTrue();

        nanos.addAndGet(1_000_000_000L);
        assertThat(rate.tryAcquire("MASTODON.example")).isTrue();
        assertThat(rate.tryAcquire("mastodon.example")).isTrue();
        assertThat(rate.tryAcquire("mastodon.example")).isFalse();
    }
}
