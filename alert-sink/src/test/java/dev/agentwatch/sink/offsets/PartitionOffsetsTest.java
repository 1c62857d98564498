package dev.agentwatch.sink.offsets;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

class PartitionOffsetsTest {

    @Test
    void theCommitPositionIsTheLowestOffsetNotYetDone() {
        PartitionOffsets p = new PartitionOffsets(0, DoneRanges.NONE);
        assertThat(p.commitPosition()).isEqualTo(-1);
        Ticket t10 = p.track(10);
        Ticket t11 = p.track(11);
        Ticket t12 = p.track(12);
        t11.release();
        p.drain();
        assertThat(p.commitPosition()).isEqualTo(10);
        t10.hold(); // a second receiver still owes it
        t10.release();
        p.drain();
        assertThat(p.commitPosition()).isEqualTo(10);
        t10.release();
        p.drain();
        assertThat(p.commitPosition()).isEqualTo(12);
        t12.release();
        p.drain();
        assertThat(p.commitPosition()).isEqualTo(13);
    }

    @Test
    void doneOffsetsAboveThePositionTravelInTheMetadataAndAreSkippedAfterARestart() {
        PartitionOffsets p = new PartitionOffsets(3, DoneRanges.NONE);
        Ticket t5 = p.track(5);
        for (long o = 6; o < 9; o++) {
            p.track(o).release();
        }
        Ticket t9 = p.track(9);
        p.track(10).release();
        p.drain();
        assertThat(p.commitPosition()).isEqualTo(5);
        String metadata = p.commitMetadata();
        assertThat(metadata).isEqualTo("v1:1+3,5+1");

        DoneRanges done = DoneRanges.decode(5, metadata);
        PartitionOffsets restarted = new PartitionOffsets(3, done);
        assertThat(List.of(5L, 6L, 7L, 8L, 9L, 10L, 11L).stream().filter(restarted::doneBefore).toList())
                .containsExactly(6L, 7L, 8L, 10L);
        t5.release();
        t9.release();
    }

    @Test
    void metadataStaysUnderTheBrokerLimitByDroppingFarRanges() {
        TreeSet<Long> pending = new TreeSet<>();
        for (long o = 0; o < 10_000; o += 2) {
            pending.add(o);
        }
        String m = DoneRanges.encode(0, pending, 10_000);
        assertThat(m.length()).isLessThanOrEqualTo(DoneRanges.MAX_CHARS);
        DoneRanges d = DoneRanges.decode(0, m);
        assertThat(d.contains(1)).isTrue();
        assertThat(d.contains(2)).isFalse();
        assertThat(d.contains(9_999)).as("dropped: delivered again rather than lost").isFalse();
    }

    @Test
    void unknownMetadataSkipsNothing() {
        assertThat(DoneRanges.decode(0, "").ranges()).isEmpty();
        assertThat(DoneRanges.decode(0, "something else").ranges()).isEmpty();
        assertThat(DoneRanges.decode(0, "v1:x+y").ranges()).isEmpty();
    }
}
