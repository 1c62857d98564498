package dev.agentwatch.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.agentwatch.baseline.BaselineKey;
import dev.agentwatch.baseline.BaselineStats;
import org.junit.jupiter.api.Test;

/** Each seed rule fires on crafted inputs and stays quiet on the near miss; inputs are real window aggregates. */
class SeedRuleEvaluationTest {

    private static final RuleSet SEED_1 = RuleFiles.parse("seed-1.yaml", Rules.resource("seed-articles-1.yaml"));
    private static final RuleSet SEED_2 = RuleFiles.parse("seed-2.yaml", Rules.resource("seed-articles-2.yaml"));

    private static RuleEvaluation evaluate(RuleSet set, String rule, RuleInputs in) {
        RuleEvaluation e = new RuleEvaluation();
        set.rule(rule).orElseThrow().base().evaluate(in, e);
        return e;
    }

    @Test
    void tokenDriftFiresAt155PercentOfBaselineNotAt145() {
        RuleVariant drift = SEED_1.rule("HighTokenDrift").orElseThrow().base();
        BaselineKey key = drift.condition().baselines().get(0);
        BaselineStats history = TestBaselines.constant(key, 1_000);
        assertThat(history.ready(SEED_1.baselineMinHistory())).isTrue();

        RuleEvaluation fires = evaluate(SEED_1, "HighTokenDrift", new SliceInputs().baseline(key, history).tokens(50, 1_200, 350));
        assertThat(fires.status()).isEqualTo(ConditionStatus.TRUE);
        assertThat(fires.value()).isEqualTo(1_550);
        assertThat(fires.threshold()).isEqualTo(1_500);
        assertThat(fires.baseline()).isEqualTo(1_000);
        assertThat(fires.windowMs()).isEqualTo(300_000);

        RuleEvaluation quiet = evaluate(SEED_1, "HighTokenDrift", new SliceInputs().baseline(key, history).tokens(50, 1_100, 350));
        assertThat(quiet.status()).isEqualTo(ConditionStatus.FALSE);
        assertThat(quiet.value()).isEqualTo(1_450);
    }

    @Test
    void tokenDriftStaysSilentUntilTheBaselineHasMinHistory() {
        BaselineKey key = SEED_1.rule("HighTokenDrift").orElseThrow().base().condition().baselines().get(0);
        BaselineStats young = TestBaselines.of(key, 3, i -> 1_000); // 15 minutes of history, 30 needed
        RuleEvaluation e = evaluate(SEED_1, "HighTokenDrift", new SliceInputs().baseline(key, young).tokens(50, 9_000, 0));
        assertThat(e.status()).isEqualTo(ConditionStatus.BASELINE_NOT_READY);
        assertThat(e.conditionTrue()).isFalse();
        // no history at all: the same
        assertThat(evaluate(SEED_1, "HighTokenDrift", new SliceInputs().tokens(50, 9_000, 0)).status())
                .isEqualTo(ConditionStatus.BASELINE_NOT_READY);
    }

    @Test
    void errorSpikeFiresAt5point2PercentOver10MinutesNotAt4point8() {
        RuleEvaluation fires = evaluate(SEED_1, "ErrorSpikeDetected", new SliceInputs().outcomes(1_000, 52));
        assertThat(fires.status()).isEqualTo(ConditionStatus.TRUE);
        assertThat(fires.value()).isCloseTo(0.052, within(1e-12));
        assertThat(fires.threshold()).isEqualTo(0.05);
        assertThat(fires.windowMs()).isEqualTo(600_000);
        assertThat(fires.samples()).isEqualTo(1_000);
        assertThat(Double.isNaN(fires.baseline())).isTrue();

        assertThat(evaluate(SEED_1, "ErrorSpikeDetected", new SliceInputs().outcomes(1_000, 48)).status())
                .isEqualTo(ConditionStatus.FALSE);
    }

    @Test
    void agentTimeoutFiresOnP95Of30point5SecondsNotOn29point5() {
        RuleEvaluation fires = evaluate(SEED_1, "AgentTimeout", new SliceInputs().latencies(100, 30_500));
        assertThat(fires.status()).isEqualTo(ConditionStatus.TRUE);
        assertThat(fires.threshold()).isEqualTo(30_000);
        assertThat(fires.value()).isCloseTo(30_500, within(30_500 * 0.01)); // the sketch's stated relative error

        assertThat(evaluate(SEED_1, "AgentTimeout", new SliceInputs().latencies(100, 29_500)).status())
                .isEqualTo(ConditionStatus.FALSE);
    }

    @Test
    void oneSlowCallInTwentyIsTheFivePercentAP95LeavesOutTwoAreNot() {
        // Nearest rank: the p95 of 20 calls is the 19th smallest, so the slowest call alone cannot page.
        assertThat(evaluate(SEED_1, "AgentTimeout", new SliceInputs().latencies(19, 2_000).latencies(1, 60_000)).status())
                .isEqualTo(ConditionStatus.FALSE);
        RuleEvaluation two = evaluate(SEED_1, "AgentTimeout", new SliceInputs().latencies(18, 2_000).latencies(2, 60_000));
        assertThat(two.status()).isEqualTo(ConditionStatus.TRUE);
        assertThat(two.value()).isCloseTo(60_000, within(60_000 * 0.01));
    }

    @Test
    void tokenUsageFiresAt5001NotAt4999() {
        RuleEvaluation fires = evaluate(SEED_2, "token_usage_gt_5000", new SliceInputs().tokens(30, 4_000, 1_001));
        assertThat(fires.status()).isEqualTo(ConditionStatus.TRUE);
        assertThat(fires.value()).isEqualTo(5_001);
        assertThat(evaluate(SEED_2, "token_usage_gt_5000", new SliceInputs().tokens(30, 4_000, 999)).status())
                .isEqualTo(ConditionStatus.FALSE);
    }

    @Test
    void decisionLatencyFiresAbove2Seconds() {
        assertThat(evaluate(SEED_2, "decision_latency_p95_gt_2s", new SliceInputs().latencies(40, 2_100)).status())
                .isEqualTo(ConditionStatus.TRUE);
        assertThat(evaluate(SEED_2, "decision_latency_p95_gt_2s", new SliceInputs().latencies(40, 1_900)).status())
                .isEqualTo(ConditionStatus.FALSE);
    }

    @Test
    void toolSuccessFiresAt94PercentNotAt96() {
        RuleEvaluation fires = evaluate(SEED_2, "tool_invocation_success_rate_lt_0_95", new SliceInputs().toolCalls(100, 6));
        assertThat(fires.status()).isEqualTo(ConditionStatus.TRUE);
        assertThat(fires.value()).isCloseTo(0.94, within(1e-12));
        assertThat(evaluate(SEED_2, "tool_invocation_success_rate_lt_0_95", new SliceInputs().toolCalls(100, 4)).status())
                .isEqualTo(ConditionStatus.FALSE);
    }

    @Test
    void oneErrorInTwoRequestsIsTooFewSamples() {
        RuleEvaluation e = evaluate(SEED_1, "ErrorSpikeDetected", new SliceInputs().outcomes(2, 1));
        assertThat(e.value()).isEqualTo(0.5);
        assertThat(e.status()).isEqualTo(ConditionStatus.TOO_FEW_SAMPLES);
        assertThat(e.conditionTrue()).isFalse();
        // the 20th sample makes it evaluable
        assertThat(evaluate(SEED_1, "ErrorSpikeDetected", new SliceInputs().outcomes(20, 10)).status())
                .isEqualTo(ConditionStatus.TRUE);
    }

    @Test
    void noEventsOrNoToolCallsIsNoData() {
        assertThat(evaluate(SEED_1, "ErrorSpikeDetected", new SliceInputs()).status()).isEqualTo(ConditionStatus.NO_DATA);
        // requests but no tool calls: the success rate is undefined
        assertThat(evaluate(SEED_2, "tool_invocation_success_rate_lt_0_95", new SliceInputs().outcomes(50, 0)).status())
                .isEqualTo(ConditionStatus.NO_DATA);
    }
}
