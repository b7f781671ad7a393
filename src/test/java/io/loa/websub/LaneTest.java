package io.loa.websub;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LaneTest {

    @Test
    void aKeyTakesNoMoreThanItsShareAndTheLaneCountsEveryCall() {
        Lane lane = new Lane(10, 4);
        for (int i = 0; i < 4; i++) {
            assertThat(lane.take("a")).isTrue();
        }
        assertThat(lane.take("a")).as("a fifth call to one key").isFalse();
        assertThat(lane.take("b")).isTrue();
        assertThat(lane.inFlight()).isEqualTo(5);
        assertThat(lane.free()).isEqualTo(5);
    }

    @Test
    void aFullKeyThatIsHalfDoneIsTheMomentToClaimMore() {
        Lane lane = new Lane(10, 4);
        for (int i = 0; i < 4; i++) {
            lane.take("a");
        }
        assertThat(lane.done("a")).isFalse();
        assertThat(lane.done("a")).as("two of four left").isTrue();
        assertThat(lane.done("a")).isFalse();
        assertThat(lane.done("a")).isFalse();
        assertThat(lane.inFlight()).isZero();
        assertThat(lane.slots().inFlight())
                .as("a key with nothing in flight has no entry")
                .isEmpty();
    }

    @Test
    void aLaneHalfDoneIsTheMomentToClaimMoreWhateverTheKeys() {
        Lane lane = new Lane(4, 4);
        for (String key : new String[] {"a", "b", "c", "d"}) {
            lane.take(key);
        }
        assertThat(lane.done("a")).isFalse();
        assertThat(lane.done("b")).as("two of four left").isTrue();
        assertThat(lane.done("c")).isFalse();
    }
}
