package dev.agentwatch.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentwatch.baseline.BaselineKey;
import dev.agentwatch.baseline.BaselineStats;
import dev.agentwatch.rules.AgentIdentity;
import dev.agentwatch.rules.ConditionStatus;
import dev.agentwatch.rules.RuleEvaluation;
import dev.agentwatch.rules.RuleFiles;
import dev.agentwatch.rules.RuleSet;
import dev.agentwatch.rules.RuleVariant;
import dev.agentwatch.rules.Rules;
import dev.agentwatch.rules.SliceInputs;
import dev.agentwatch.rules.TestBaselines;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Compiled rules driving the state machine, with real window aggregates and baselines. */
class RuleDrivenLifecycleTest {

    private static final long T0 = 1_704_067_200_000L;
    private static final long MIN = 60_000;
    private static final long HOUR = 60 * MIN;

    private static final RuleVariant ANOMALY = Rules.one("""
            - alert: LatencyAnomaly
              condition: abs(zscore(latency_avg, 7d)) > 3 for 30min
              keep_firing_for: 12h
            """);
    private static final BaselineKey WEEK = ANOMALY.condition().baselines().get(0);
    private static final BaselineStats HISTORY = TestBaselines.alternating(WEEK, 900, 1_100);

    /** Evaluates every minute for {@code minutes} with a window of 100 events at {@code latencyMs}. */
    private static List<String> run(AlertState s, RuleVariant rule, long from, int minutes, double latencyMs) {
        List<String> out = new ArrayList<>();
        RuleEvaluation e = new RuleEvaluation();
        SliceInputs in = new SliceInputs().baseline(WEEK, HISTORY).latencies(100, latencyMs);
        for (int i = 0; i < minutes; i++) {
            long now = from + i * MIN;
            rule.evaluate(in, e);
            Transition t = s.step(now, e.status(), rule);
            if (t != Transition.NONE) {
                out.add(t + "@" + (now - T0) / MIN + "min");
            }
        }
        return out;
    }

    @Test
    void theTwoSidedAnomalyRuleFiresOnADropAsWellAsARise() {
        double mean = HISTORY.mean();
        double sd = HISTORY.flooredStddev();
        assertThat(HISTORY.ready(ANOMALY.baselineMinHistory())).isTrue();

        AlertState normal = new AlertState();
        assertThat(run(normal, ANOMALY, T0, 120, mean + 2 * sd)).isEmpty();
        assertThat(run(normal, ANOMALY, T0, 120, mean - 2 * sd)).isEmpty();

        AlertState rise = new AlertState();
        assertThat(run(rise, ANOMALY, T0, 10, mean + 4 * sd)).containsExactly("FIRING@0min");

        AlertState drop = new AlertState();
        assertThat(run(drop, ANOMALY, T0, 10, mean - 4 * sd)).containsExactly("FIRING@0min");
        // back to normal: keep_firing_for 12h holds the alert, then it resolves once
        List<String> after = run(drop, ANOMALY, T0 + 10 * MIN, 13 * 60, mean);
        assertThat(after).containsExactly("RESOLVED@730min");
        assertThat(drop.endsAt() - drop.startsAt()).isEqualTo(12 * HOUR + 10 * MIN);
    }

    @Test
    void oneErrorInTwoRequestsFiresNothingUnderMinSamples() {
        RuleSet seed = RuleFiles.parse("seed-1.yaml", Rules.resource("seed-articles-1.yaml"));
        RuleVariant errors = seed.rule("ErrorSpikeDetected").orElseThrow().base();
        SliceInputs oneInTwo = new SliceInputs().outcomes(2, 1);
        RuleEvaluation e = new RuleEvaluation();
        AlertState s = new AlertState();
        for (int i = 0; i < 60; i++) {
            errors.evaluate(oneInTwo, e);
            assertThat(e.value()).isEqualTo(0.5);
            assertThat(s.step(T0 + i * 10_000, e.status(), errors)).isEqualTo(Transition.NONE);
        }
        assertThat(e.status()).isEqualTo(ConditionStatus.TOO_FEW_SAMPLES);
        assertThat(s.isIdle()).isTrue();
    }

    @Test
    void aThresholdOverrideChangesTheOutcomeForOneAgentOnly() {
        RuleSet set = Rules.parse("""
                - alert: ErrorSpike
                  condition: error_rate > 5% for 10min
                  severity: warning
                  overrides:
                    - match: {agent_id: checkout}
                      threshold: 8%
                """);
        AgentIdentity checkout = AgentIdentity.of("checkout", "payments", "gpt-4o", Map.of());
        AgentIdentity search = AgentIdentity.of("search", "payments", "gpt-4o", Map.of());
        SliceInputs sixPercent = new SliceInputs().outcomes(1_000, 60);
        RuleEvaluation e = new RuleEvaluation();
        Map<String, AlertState> states = Map.of("checkout", new AlertState(), "search", new AlertState());
        List<String> fired = new ArrayList<>();
        for (AgentIdentity agent : List.of(checkout, search)) {
            RuleVariant v = set.rules().get(0).forAgent(agent);
            for (int i = 0; i < 10; i++) {
                v.evaluate(sixPercent, e);
                if (states.get(agent.agentId()).step(T0 + i * 10_000, e.status(), v) == Transition.FIRING) {
                    fired.add(agent.agentId() + " over " + e.threshold());
                }
            }
        }
        assertThat(fired).containsExactly("search over 0.05");
    }
}
