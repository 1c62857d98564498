package dev.agentwatch.alerting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentwatch.rules.ConditionStatus;
import dev.agentwatch.rules.NoDataPolicy;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AlertStateCodecTest {

    private static final long T0 = 1_704_067_200_000L;

    /** One state of every shape the machine reaches. */
    private static List<AlertState> states() {
        List<AlertState> out = new ArrayList<>();
        out.add(new AlertState()); // fresh
        AlertState pending = new AlertState();
        pending.step(T0, ConditionStatus.TRUE, 60_000, 0, NoDataPolicy.OK);
        out.add(pending);
        AlertState firing = new AlertState();
        firing.step(T0, ConditionStatus.TRUE, 0, 300_000, NoDataPolicy.OK);
        out.add(firing);
        AlertState keepFiring = new AlertState();
        keepFiring.step(T0, ConditionStatus.TRUE, 0, 300_000, NoDataPolicy.OK);
        keepFiring.step(T0 + 10_000, ConditionStatus.FALSE, 0, 300_000, NoDataPolicy.OK);
        out.add(keepFiring);
        AlertState resolved = new AlertState();
        resolved.step(T0, ConditionStatus.TRUE, 0, 0, NoDataPolicy.OK);
        resolved.step(T0 + 10_000, ConditionStatus.FALSE, 0, 0, NoDataPolicy.OK);
        out.add(resolved);
        AlertState negative = new AlertState(); // times before the epoch are still times
        negative.step(-5_000, ConditionStatus.TRUE, 1, 0, NoDataPolicy.OK);
        out.add(negative);
        return out;
    }

    @Test
    void everyStateRoundTrips() {
        for (AlertState s : states()) {
            byte[] bytes = AlertStateCodec.encode(s);
            assertThat(AlertStateCodec.decode(bytes)).as(s.toString()).isEqualTo(s);
            assertThat(bytes.length).isLessThanOrEqualTo(AlertStateCodec.MAX_SIZE);
            AlertState reused = states().get(3);
            AlertStateCodec.decodeInto(bytes, reused);
            assertThat(reused).isEqualTo(s);
        }
    }

    @Test
    void aDecodedStateBehavesLikeTheOriginal() {
        AlertState a = states().get(3); // firing, keep_firing_for clock running since T0 + 10 s
        AlertState b = AlertStateCodec.decode(AlertStateCodec.encode(a));
        long now = T0 + 310_000;
        assertThat(b.step(now, ConditionStatus.FALSE, 0, 300_000, NoDataPolicy.OK))
                .isEqualTo(a.step(now, ConditionStatus.FALSE, 0, 300_000, NoDataPolicy.OK))
                .isEqualTo(Transition.RESOLVED);
    }

    @Test
    void sizesAreCompact() {
        List<AlertState> s = states();
        assertThat(AlertStateCodec.encode(s.get(0))).hasSize(3);
        assertThat(AlertStateCodec.encode(s.get(1))).hasSize(11);
        assertThat(AlertStateCodec.encode(s.get(2))).hasSize(19);
        assertThat(AlertStateCodec.encode(s.get(3))).hasSize(27);
    }

    @Test
    void foreignBytesAreRefused() {
        assertThatThrownBy(() -> AlertStateCodec.decode(new byte[] {9, 0, 0})).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AlertStateCodec.decode(new byte[] {1, 7, 0})).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AlertStateCodec.decode(new byte[] {1, 1, 1})).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AlertStateCodec.decode(new byte[] {1})).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AlertStateCodec.decode(null)).isInstanceOf(IllegalArgumentException.class);
    }
}
