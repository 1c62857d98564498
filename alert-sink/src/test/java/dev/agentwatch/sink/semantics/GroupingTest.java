package dev.agentwatch.sink.semantics;

import dev.agentwatch.sink.testing.Alerts;
import dev.agentwatch.sink.testing.EngineHarness;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static dev.agentwatch.sink.testing.EngineHarness.T0;
import static org.assertj.core.api.Assertions.assertThat;

/** group_by, group_wait and group_interval as in Alertmanager. */
class GroupingTest {

    @Test
    void alertsOfOneGroupWaitForGroupWaitThenGoOutTogetherAndChangesWaitForGroupInterval() {
        try (SemanticsFixture f = new SemanticsFixture()) {
            EngineHarness h = f.harness("""
                    group_by: [alertname]
                    group_wait: 30s
                    group_interval: 5m
                    """, "");
            h.accept(Alerts.firing("fp-1", "HighTokenDrift", "agent-1", "WARNING", T0));
            h.runFor(Duration.ofSeconds(10));
            h.accept(Alerts.firing("fp-2", "HighTokenDrift", "agent-2", "WARNING", T0.plusSeconds(10)));
            h.accept(Alerts.firing("fp-3", "AgentTimeout", "agent-1", "CRITICAL", T0.plusSeconds(10)));
            h.runUntil(T0.plusSeconds(29));
            assertThat(f.notifications()).as("nothing before group_wait").isEmpty();

            h.runUntil(T0.plusSeconds(40));
            // HighTokenDrift's group was created at T0 (flushes at T0+30s); AgentTimeout's at T0+10s (T0+40s).
            assertThat(f.notifications()).hasSize(2);
            assertThat(f.notifications().get(0).path("groupLabels").path("alertname").asText()).isEqualTo("HighTokenDrift");
            assertThat(SemanticsFixture.alerts(f.notifications().get(0))).containsExactly("firing:fp-1", "firing:fp-2");
            assertThat(SemanticsFixture.alerts(f.notifications().get(1))).containsExactly("firing:fp-3");

            // A new alert in an existing group waits for the group's next interval (T0+30s+5m), not group_wait.
            h.runUntil(T0.plusSeconds(60));
            h.accept(Alerts.firing("fp-4", "HighTokenDrift", "agent-4", "WARNING", T0.plusSeconds(60)));
            h.runUntil(T0.plusSeconds(329));
            assertThat(f.notifications()).hasSize(2);
            h.runUntil(T0.plusSeconds(330));
            assertThat(f.notifications()).hasSize(3);
            assertThat(SemanticsFixture.alerts(f.notifications().get(2)))
                    .containsExactly("firing:fp-1", "firing:fp-2", "firing:fp-4");
            assertThat(h.allDone()).isTrue();
        }
    }

    @Test
    void groupByEveryLabelSendsEachAlertAlone() {
        try (SemanticsFixture f = new SemanticsFixture()) {
            EngineHarness h = f.harness("""
                    group_by: ['...']
                    group_wait: 0s
                    """, "");
            h.accept(Alerts.firing("fp-1", "HighTokenDrift", "agent-1", "WARNING", T0));
            h.accept(Alerts.firing("fp-2", "HighTokenDrift", "agent-2", "WARNING", T0));
            h.runFor(Duration.ofSeconds(1));
            assertThat(f.notifications()).hasSize(2);
        }
    }
}
