package io.loa.audience;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The polling rule's table: a client may fetch once per ttl, plus its grace; at its bound it lets clients through. */
class PollTableTest {

    private static final long TTL = 60_000;

    @Test
    void aBurstIsLetThroughUpToTheGraceThenToldHowLongToWait() {
        PollTable table = new PollTable();
        long now = 1_000_000;
        for (int fetch = 0; fetch < 3; fetch++) {
            assertThat(PollTable.waitOf(table.fetch(42, now, TTL, 2, true))).isZero();
        }
        assertThat(PollTable.waitOf(table.fetch(42, now, TTL, 2, true))).isEqualTo(TTL);
        assertThat(PollTable.waitOf(table.fetch(42, now + TTL, TTL, 2, true))).isZero();
    }

    @Test
    void aPolitePollerIsNeverToldToWait() {
        PollTable table = new PollTable();
        for (int fetch = 0; fetch < 100; fetch++) {
            long result = table.fetch(7, 1_000 + fetch * TTL, TTL, 0, true);
            assertThat(PollTable.waitOf(result)).isZero();
            assertThat(PollTable.interval(result)).isEqualTo(fetch == 0 ? -1 : TTL);
        }
    }

    @Test
    void conditionalFetchesAreNotCounted() {
        PollTable table = new PollTable();
        for (int fetch = 0; fetch < 100; fetch++) {
            assertThat(PollTable.waitOf(table.fetch(7, 1_000, TTL, 0, false))).isZero();
        }
        assertThat(PollTable.waitOf(table.fetch(7, 1_000, TTL, 0, true))).isZero();
    }

    @Test
    void whenEveryPlaceAClientHashesToIsHeldTheClientIsLetThroughUncounted() {
        PollTable table = new PollTable();
        long now = 1_000;
        // Far more clients polling too fast than the table holds: none is ever refused for lack of room.
        int refused = 0;
        for (long client = 1; client <= 4L * PollTable.SLOTS; client++) {
            table.fetch(client, now, TTL, 0, true);
            if (PollTable.waitOf(table.fetch(client, now, TTL, 0, true)) > 0) {
                refused++;
            }
        }
        assertThat(table.untracked()).isPositive();
        // Each refused client was counted in a slot; the rest were let through.
        assertThat(refused).isLessThanOrEqualTo(PollTable.SLOTS);
    }
}
