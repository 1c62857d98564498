package dev.agentwatch.sink.semantics;

import dev.agentwatch.sink.testing.Alerts;
import dev.agentwatch.sink.testing.EngineHarness;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static dev.agentwatch.sink.testing.EngineHarness.T0;
import static org.assertj.core.api.Assertions.assertThat;

/** An unchanged firing group is notified again after repeat_interval, at the group's next interval tick. */
class RepeatIntervalTest {

    @Test
    void unchangedGroupIsRepeatedOnlyAfterRepeatInterval() {
        try (SemanticsFixture f = new SemanticsFixture()) {
            EngineHarness h = f.harness("""
                    group_wait: 10s
                    group_interval: 5m
                    repeat_interval: 1h
                    """, "");
            h.accept(Alerts.firing("fp-1", "AgentTimeout", "agent-1", "CRITICAL", T0));
            Instant first = T0.plusSeconds(10);
            h.runUntil(first.plus(Duration.ofMinutes(59)));
            assertThat(f.notifications()).hasSize(1);
            // Ticks at first + 5 min * k; the first at or after one hour is first + 60 min.
            h.runUntil(first.plus(Duration.ofMinutes(60)));
            assertThat(f.notifications()).hasSize(2);
            h.runUntil(first.plus(Duration.ofMinutes(119)));
            assertThat(f.notifications()).hasSize(2);
            h.runUntil(first.plus(Duration.ofMinutes(120)));
            assertThat(f.notifications()).hasSize(3);
            assertThat(SemanticsFixture.alerts(f.notifications().get(2))).containsExactly("firing:fp-1");
        }
    }
}
