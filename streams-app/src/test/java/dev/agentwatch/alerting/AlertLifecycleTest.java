package dev.agentwatch.alerting;

import static dev.agentwatch.rules.ConditionStatus.BASELINE_NOT_READY;
import static dev.agentwatch.rules.ConditionStatus.FALSE;
import static dev.agentwatch.rules.ConditionStatus.NO_DATA;
import static dev.agentwatch.rules.ConditionStatus.TOO_FEW_SAMPLES;
import static dev.agentwatch.rules.ConditionStatus.TRUE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.agentwatch.rules.ConditionStatus;
import dev.agentwatch.rules.NoDataPolicy;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The state machine alone: hold, keep_firing_for, min_samples, no_data; one FIRING and one RESOLVED per alert. */
class AlertLifecycleTest {

    private static final long T0 = 1_704_067_200_000L;
    private static final long SEC = 1_000;
    private static final long MIN = 60 * SEC;

    /** Steps every 10 s from {@code from}, {@code n} times, with the same status; returns the non-NONE transitions. */
    private static List<String> run(AlertState s, long from, int n, ConditionStatus status, long hold, long keep,
            NoDataPolicy noData) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            long now = from + i * 10 * SEC;
            Transition t = s.step(now, status, hold, keep, noData);
            if (t != Transition.NONE) {
                out.add(t + "@" + (now - T0) / SEC);
            }
        }
        return out;
    }

    @Test
    void holdKeepsTheAlertPendingUntilTheConditionHasHeldThatLong() {
        AlertState s = new AlertState();
        long hold = 2 * MIN;
        assertThat(s.step(T0, TRUE, hold, 0, NoDataPolicy.OK)).isEqualTo(Transition.NONE);
        assertThat(s.phase()).isEqualTo(AlertState.Phase.PENDING);
        assertThat(s.activeSince()).isEqualTo(T0);
        assertThat(run(s, T0 + 10 * SEC, 11, TRUE, hold, 0, NoDataPolicy.OK)).isEmpty(); // up to 1:50
        assertThat(s.step(T0 + 2 * MIN, TRUE, hold, 0, NoDataPolicy.OK)).isEqualTo(Transition.FIRING);
        assertThat(s.startsAt()).isEqualTo(T0 + 2 * MIN);
        // firing goes on without repeats, then ends once
        assertThat(run(s, T0 + 2 * MIN + 10 * SEC, 100, TRUE, hold, 0, NoDataPolicy.OK)).isEmpty();
        assertThat(s.step(T0 + 30 * MIN, FALSE, hold, 0, NoDataPolicy.OK)).isEqualTo(Transition.RESOLVED);
        assertThat(s.endsAt()).isEqualTo(T0 + 30 * MIN);
        assertThat(s.startsAt()).isEqualTo(T0 + 2 * MIN); // still there for the RESOLVED event
        assertThat(s.isIdle()).isTrue();
        assertThat(run(s, T0 + 31 * MIN, 20, FALSE, hold, 0, NoDataPolicy.OK)).isEmpty();
    }

    @Test
    void aPendingAlertThatClearsStartsItsHoldAgain() {
        AlertState s = new AlertState();
        long hold = MIN;
        List<String> out = new ArrayList<>();
        out.addAll(run(s, T0, 5, TRUE, hold, 0, NoDataPolicy.OK));          // 0..40 s pending
        out.addAll(run(s, T0 + 50 * SEC, 1, FALSE, hold, 0, NoDataPolicy.OK)); // back to inactive
        out.addAll(run(s, T0 + 60 * SEC, 7, TRUE, hold, 0, NoDataPolicy.OK));  // 60..120 s: fires at 120 s
        assertThat(out).containsExactly("FIRING@120");
    }

    @Test
    void withoutHoldATrueConditionFiresAtOnce() {
        AlertState s = new AlertState();
        assertThat(s.step(T0, TRUE, 0, 0, NoDataPolicy.OK)).isEqualTo(Transition.FIRING);
        assertThat(s.step(T0 + 10 * SEC, TRUE, 0, 0, NoDataPolicy.OK)).isEqualTo(Transition.NONE);
        assertThat(s.step(T0 + 20 * SEC, FALSE, 0, 0, NoDataPolicy.OK)).isEqualTo(Transition.RESOLVED);
    }

    @Test
    void keepFiringForRidesOutFlappingAndResolvesOnceItRunsOut() {
        AlertState s = new AlertState();
        long keep = 5 * MIN;
        List<String> out = new ArrayList<>();
        for (int i = 0; i < 60; i++) { // 10 minutes of flapping: true, false, true, ...
            Transition t = s.step(T0 + i * 10 * SEC, i % 2 == 0 ? TRUE : FALSE, 0, keep, NoDataPolicy.OK);
            if (t != Transition.NONE) {
                out.add(t + "@" + i * 10);
            }
        }
        // false from then on: the last true was at 580 s, so keep_firing_for runs from the false at 590 s
        out.addAll(run(s, T0 + 600 * SEC, 60, FALSE, 0, keep, NoDataPolicy.OK));
        assertThat(out).containsExactly("FIRING@0", "RESOLVED@890");
        assertThat(s.endsAt() - s.startsAt()).isEqualTo(890 * SEC);
    }

    @Test
    void withoutKeepFiringForTheSameFlappingIsManyAlerts() {
        AlertState s = new AlertState();
        List<String> out = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            Transition t = s.step(T0 + i * 10 * SEC, i % 2 == 0 ? TRUE : FALSE, 0, 0, NoDataPolicy.OK);
            if (t != Transition.NONE) {
                out.add(t.name());
            }
        }
        assertThat(out).containsExactly("FIRING", "RESOLVED", "FIRING", "RESOLVED", "FIRING", "RESOLVED");
    }

    @Test
    void tooFewSamplesAndAnUnreadyBaselineCountAsFalse() {
        AlertState s = new AlertState();
        assertThat(run(s, T0, 100, TOO_FEW_SAMPLES, 0, 0, NoDataPolicy.ALERTING)).isEmpty();
        assertThat(run(s, T0, 100, BASELINE_NOT_READY, 0, 0, NoDataPolicy.ALERTING)).isEmpty();
        assertThat(s.isIdle()).isTrue();
        s.step(T0, TRUE, 0, 0, NoDataPolicy.OK);
        assertThat(s.step(T0 + 10 * SEC, TOO_FEW_SAMPLES, 0, 0, NoDataPolicy.OK)).isEqualTo(Transition.RESOLVED);
    }

    @Test
    void noDataOkResolves() {
        AlertState s = new AlertState();
        s.step(T0, TRUE, 0, 0, NoDataPolicy.OK);
        assertThat(s.step(T0 + 10 * SEC, NO_DATA, 0, 0, NoDataPolicy.OK)).isEqualTo(Transition.RESOLVED);
        assertThat(run(s, T0 + 20 * SEC, 10, NO_DATA, 0, 0, NoDataPolicy.OK)).isEmpty();
    }

    @Test
    void noDataKeepLastChangesNothing() {
        AlertState firing = new AlertState();
        firing.step(T0, TRUE, 0, 0, NoDataPolicy.KEEP_LAST);
        assertThat(run(firing, T0 + 10 * SEC, 360, NO_DATA, 0, 0, NoDataPolicy.KEEP_LAST)).isEmpty(); // an hour
        assertThat(firing.phase()).isEqualTo(AlertState.Phase.FIRING);
        assertThat(firing.step(T0 + 2 * 3_600 * SEC, FALSE, 0, 0, NoDataPolicy.KEEP_LAST)).isEqualTo(Transition.RESOLVED);

        AlertState pending = new AlertState();
        pending.step(T0, TRUE, 10 * MIN, 0, NoDataPolicy.KEEP_LAST);
        assertThat(run(pending, T0 + 10 * SEC, 30, NO_DATA, 10 * MIN, 0, NoDataPolicy.KEEP_LAST)).isEmpty();
        assertThat(pending.phase()).isEqualTo(AlertState.Phase.PENDING);

        AlertState idle = new AlertState();
        assertThat(run(idle, T0, 30, NO_DATA, 0, 0, NoDataPolicy.KEEP_LAST)).isEmpty();
        assertThat(idle.isIdle()).isTrue();
    }

    @Test
    void noDataAlertingFiresAfterHoldAndEndsWhenDataReturnsHealthy() {
        AlertState s = new AlertState();
        List<String> out = new ArrayList<>(run(s, T0, 31, NO_DATA, 5 * MIN, 0, NoDataPolicy.ALERTING));
        out.addAll(run(s, T0 + 310 * SEC, 3, FALSE, 5 * MIN, 0, NoDataPolicy.ALERTING));
        assertThat(out).containsExactly("FIRING@300", "RESOLVED@310");
    }

    @Test
    void aConditionReturningWithinKeepFiringForContinuesTheSameAlert() {
        AlertState s = new AlertState();
        s.step(T0, TRUE, 0, 10 * MIN, NoDataPolicy.OK);
        long startsAt = s.startsAt();
        assertThat(s.step(T0 + MIN, FALSE, 0, 10 * MIN, NoDataPolicy.OK)).isEqualTo(Transition.NONE);
        assertThat(s.clearedAt()).isEqualTo(T0 + MIN);
        assertThat(s.step(T0 + 9 * MIN, TRUE, 0, 10 * MIN, NoDataPolicy.OK)).isEqualTo(Transition.NONE);
        assertThat(s.clearedAt()).isEqualTo(AlertState.NONE);
        assertThat(s.startsAt()).isEqualTo(startsAt);
        // the clock restarts from the next clearing, not the first
        assertThat(s.step(T0 + 10 * MIN, FALSE, 0, 10 * MIN, NoDataPolicy.OK)).isEqualTo(Transition.NONE);
        assertThat(s.step(T0 + 19 * MIN, FALSE, 0, 10 * MIN, NoDataPolicy.OK)).isEqualTo(Transition.NONE);
        assertThat(s.step(T0 + 20 * MIN, FALSE, 0, 10 * MIN, NoDataPolicy.OK)).isEqualTo(Transition.RESOLVED);
    }
}
