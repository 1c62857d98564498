package dev.agentwatch.sink.semantics;

import dev.agentwatch.sink.matching.Matcher;
import dev.agentwatch.sink.silence.Silence;
import dev.agentwatch.sink.testing.Alerts;
import dev.agentwatch.sink.testing.EngineHarness;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static dev.agentwatch.sink.testing.EngineHarness.T0;
import static org.assertj.core.api.Assertions.assertThat;

/** Silences mute matching alerts while active; once expired (ended, or expired early) they stop muting. */
class SilencingTest {

    @Test
    void aSilenceMutesUntilItIsExpiredThenTheAlertIsNotified() {
        try (SemanticsFixture f = new SemanticsFixture()) {
            EngineHarness h = f.harness("""
                    group_by: [alertname, agent_id]
                    group_wait: 10s
                    group_interval: 1m
                    """, "");
            Silence s = new Silence("s-1", List.of(Matcher.parse("agent_id=\"agent-a\""), Matcher.parse("alertname=~\"High.*\"")),
                    T0, T0.plus(Duration.ofHours(2)), "alice", "deploying agent-a", T0);
            h.silences.put(s);
            h.accept(Alerts.firing("fp-a", "HighTokenDrift", "agent-a", "WARNING", T0));
            h.accept(Alerts.firing("fp-b", "HighTokenDrift", "agent-b", "WARNING", T0));
            h.accept(Alerts.firing("fp-c", "AgentTimeout", "agent-a", "CRITICAL", T0));
            h.runFor(Duration.ofMinutes(30));
            assertThat(f.notifiedAlerts())
                    .containsExactlyInAnyOrder("firing:fp-b", "firing:fp-c");
            assertThat(h.allDone()).isTrue();

            // Expired early, as `silence expire` does: endsAt = now.
            h.silences.put(s.expiredAt(h.clock.instant()));
            h.runFor(Duration.ofMinutes(1));
            assertThat(f.notifiedAlerts())
                    .containsExactlyInAnyOrder("firing:fp-b", "firing:fp-c", "firing:fp-a");
        }
    }

    @Test
    void aSilenceStopsMutingWhenItEnds() {
        try (SemanticsFixture f = new SemanticsFixture()) {
            EngineHarness h = f.harness("group_wait: 0s\ngroup_interval: 1m\n", "");
            h.silences.put(new Silence("s-1", List.of(Matcher.parse("agent_id=agent-a")), T0, T0.plus(Duration.ofMinutes(10)),
                    "alice", "short maintenance", T0));
            h.accept(Alerts.firing("fp-a", "HighTokenDrift", "agent-a", "WARNING", T0));
            h.runUntil(T0.plus(Duration.ofMinutes(9)));
            assertThat(f.notifications()).isEmpty();
            h.runUntil(T0.plus(Duration.ofMinutes(10)));
            assertThat(f.notifications()).hasSize(1);
        }
    }
}
