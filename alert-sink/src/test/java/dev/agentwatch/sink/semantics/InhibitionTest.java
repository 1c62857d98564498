package dev.agentwatch.sink.semantics;

import dev.agentwatch.schema.AlertEvent;
import dev.agentwatch.sink.testing.Alerts;
import dev.agentwatch.sink.testing.EngineHarness;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static dev.agentwatch.sink.testing.EngineHarness.T0;
import static org.assertj.core.api.Assertions.assertThat;

/** The default inhibit rule: a CRITICAL mutes the same agent's WARNINGs, and only while it fires. */
class InhibitionTest {

    private static final String RULE = """
            inhibit_rules:
              - source_matchers: ['severity="critical"']
                target_matchers: ['severity="warning"']
                equal: [agent_id]
            """;

    @Test
    void aCriticalMutesTheSameAgentsWarningUntilItResolves() {
        try (SemanticsFixture f = new SemanticsFixture()) {
            EngineHarness h = f.harness("""
                    group_by: [alertname, agent_id]
                    group_wait: 10s
                    group_interval: 1m
                    """, RULE);
            AlertEvent critical = Alerts.firing("crit-a", "AgentTimeout", "agent-a", "CRITICAL", T0);
            h.accept(critical);
            h.accept(Alerts.firing("warn-a", "HighTokenDrift", "agent-a", "WARNING", T0));
            h.accept(Alerts.firing("warn-b", "HighTokenDrift", "agent-b", "WARNING", T0));
            h.runFor(Duration.ofSeconds(30));

            assertThat(f.notifiedAlerts())
                    .containsExactlyInAnyOrder("firing:crit-a", "firing:warn-b");
            assertThat(h.allDone()).as("the muted warning's record is done too").isTrue();

            // The critical ends: at the warning group's next interval the warning is news.
            h.accept(Alerts.resolved(critical, T0.plusSeconds(30)));
            h.runFor(Duration.ofMinutes(2));
            assertThat(f.notifiedAlerts())
                    .containsExactlyInAnyOrder("firing:crit-a", "firing:warn-b", "resolved:crit-a", "firing:warn-a");
        }
    }

    @Test
    void aCriticalOfAnotherAgentMutesNothing() {
        try (SemanticsFixture f = new SemanticsFixture()) {
            EngineHarness h = f.harness("group_wait: 0s\ngroup_by: [alertname, agent_id]\n", RULE);
            h.accept(Alerts.firing("crit-a", "AgentTimeout", "agent-a", "CRITICAL", T0));
            h.accept(Alerts.firing("warn-b", "HighTokenDrift", "agent-b", "WARNING", T0));
            h.runFor(Duration.ofSeconds(5));
            assertThat(f.notifications()).hasSize(2);
        }
    }
}
