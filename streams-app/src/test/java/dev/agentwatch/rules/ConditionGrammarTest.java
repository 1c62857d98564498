package dev.agentwatch.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.agentwatch.baseline.BaselineKey;
import dev.agentwatch.baseline.BaselineStats;
import dev.agentwatch.window.MetricRef;
import dev.agentwatch.window.Metrics;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Condition grammar: metric names, units, precedence, functions, baselines, no data, allocation. */
class ConditionGrammarTest {

    private static RuleEvaluation evaluate(String condition, RuleInputs in) {
        RuleEvaluation e = new RuleEvaluation();
        Rules.condition(condition).evaluate(in, e);
        return e;
    }

    /** Every metric name and alias of SPEC section 2, typed in from the spec, works in a condition. */
    @ParameterizedTest
    @ValueSource(strings = {"request_count", "request_rate", "error_count", "error_rate", "tokens_in", "tokens_out",
            "tokens_per_request", "token_usage", "token_burn_rate", "latency_avg", "latency_p50", "latency_p90",
            "latency_p95", "latency_p99", "latency_max", "decision_latency_p50", "decision_latency_p90",
            "decision_latency_p95", "decision_latency_p99", "decision_latency_max", "cost_usd", "cost_per_call",
            "cost_rate", "tool_calls", "tool_invocation_success_rate", "retries_per_request",
            "metrics.hallucination_score", "max(latency_ms)", "p95(latency_ms)", "sum(latency_ms)", "max(tokens)",
            "p95(tokens)", "sum(tokens)", "max(cost_usd)", "p95(cost_usd)", "sum(cost_usd)", "p50(latency_ms)",
            "p99(cost_usd)", "max(metrics.hallucination_score)", "sum(metrics.hallucination_score)", "sum(retries)",
            "sum(tool_calls)", "sum(tokens_in)"})
    void everySpecMetricNameAndAliasResolvesInACondition(String name) {
        MetricRef expected = Metrics.resolve(name);
        RuleVariant v = Rules.condition(name + " >= 0");
        assertThat(v.condition().metrics()).containsExactly(expected);
        RuleEvaluation e = new RuleEvaluation();
        v.evaluate(new FakeInputs().metric(name, 7), e);
        assertThat(e.value()).isEqualTo(7);
        assertThat(e.status()).isEqualTo(ConditionStatus.TRUE);
        // the unit check knows every catalogue metric (custom ones have no unit)
        assertThat(Dimension.of(expected) == Dimension.ANY).isEqualTo(expected.customMetricName() != null);
    }

    @Test
    void everyCatalogueNameHasADimension() {
        for (String name : Metrics.knownNames()) {
            MetricRef m = Metrics.resolve(name.replace("<name>", "x"));
            assertThat(Dimension.of(m) == Dimension.ANY).as(name).isEqualTo(m.customMetricName() != null);
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "latency_p95 > 30000ms | 30000",
        "latency_p95 > 30s | 30000",
        "decision_latency_p95 > 2s | 2000",
        "latency_avg > 1.5s | 1500",
        "latency_max > 5min | 300000",
        "latency_max > 5m | 300000",
        "latency_p99 > 1h | 3600000",
        "latency_p99 > 250 | 250",
        "error_rate > 5% | 0.05",
        "error_rate > 0.05 | 0.05",
        "tool_invocation_success_rate < 95% | 0.95",
        "cost_per_call > $0.50 | 0.5",
        "cost_rate > $5 | 5",
        "cost_usd > $1e-3 | 0.001",
        "tokens_per_request > 1e3 | 1000",
        "tokens_per_request > .5 | 0.5",
        "metrics.hallucination_score > 50% | 0.5",
        "metrics.time_to_first_token > 2s | 2000",
        "latency_avg > 100 + 2 * 3 | 106",
        "latency_avg > (100 + 2) * 3 | 306",
        "latency_avg > 10 / 4 - 1 | 1.5",
        "latency_avg > 100 - 10 - 10 | 80",
        "latency_avg > 100 / 10 / 2 | 5",
        "latency_avg > -5 + 10 | 5",
        "latency_avg > 2 * -3 | -6",
        "latency_avg > --4 | 4",
        "latency_avg > min(1s, 2000) | 1000",
        "latency_avg > max(1s, 2000) | 2000",
        "latency_avg > abs(-7) | 7",
        "latency_avg > abs(3 - 10) * 2 | 14",
        "latency_avg>1s | 1000",
        "tokens_per_request > baseline * 150% | 1500",
    })
    void numbersAndUnitsBecomeBaseUnitsAndOperatorsFollowPrecedence(String condition, double threshold) {
        FakeInputs in = new FakeInputs().metric("tokens_per_request", 1).metric("latency_avg", 1);
        RuleVariant v = Rules.condition(condition);
        v.condition().baselines().forEach(k -> in.baseline(k, TestBaselines.constant(k, 1_000)));
        RuleEvaluation e = new RuleEvaluation();
        v.evaluate(in, e);
        assertThat(e.threshold()).isCloseTo(threshold, within(1e-9));
    }

    @ParameterizedTest
    @CsvSource({"error_rate > 5%, 60000", "error_rate > 5% for 30s, 30000", "error_rate > 5% for 90s, 90000",
            "error_rate > 5% for 5min, 300000", "error_rate > 5% for 1h, 3600000", "error_rate > 5% for 1d, 86400000"})
    void theForClauseIsTheWindow(String condition, long windowMs) {
        FakeInputs in = new FakeInputs().metric("error_rate", 0.1);
        RuleVariant v = Rules.condition(condition);
        assertThat(v.windowMs()).isEqualTo(windowMs);
        v.evaluate(in, new RuleEvaluation());
        assertThat(in.asked).containsExactly(new MetricNeed(Metrics.resolve("error_rate"), windowMs));
    }

    @ParameterizedTest
    @CsvSource({"10, 20, >, FALSE", "20, 10, >, TRUE", "10, 10, >, FALSE", "10, 10, >=, TRUE", "9, 10, <, TRUE",
            "10, 10, <=, TRUE", "10, 10, ==, TRUE", "10, 11, ==, FALSE", "10, 11, !=, TRUE", "10, 10, !=, FALSE"})
    void comparisons(double value, double threshold, String op, ConditionStatus expected) {
        RuleEvaluation e = evaluate("request_count " + op + " " + threshold, new FakeInputs().metric("request_count", value));
        assertThat(e.status()).isEqualTo(expected);
    }

    @Test
    void perRequestMaxIsAMetricAndTwoArgumentMaxIsAFunction() {
        assertThat(Rules.condition("max(latency_ms) > 1s").condition().metrics()).extracting(MetricRef::name)
                .containsExactly("latency_max");
        assertThat(Rules.condition("max( latency_p95 , latency_p50 ) > 1s").condition().metrics())
                .extracting(MetricRef::name).containsExactly("latency_p95", "latency_p50");
        RuleEvaluation e = evaluate("max(latency_p95, latency_p50) > 1s",
                new FakeInputs().metric("latency_p95", 900).metric("latency_p50", 1_200));
        assertThat(e.value()).isEqualTo(1_200);
        assertThat(e.status()).isEqualTo(ConditionStatus.TRUE);
    }

    @Test
    void zscoreEqualsValueMinusBaselineOverBaselineStddevAndIsTwoSided() {
        RuleVariant z = Rules.condition("abs(zscore(latency_avg, 1d)) > 3");
        RuleVariant spelledOut = Rules.condition(
                "abs(latency_avg - baseline(latency_avg, 1d)) > 3 * baseline_stddev(latency_avg, 1d)");
        BaselineKey key = z.condition().baselines().get(0);
        assertThat(spelledOut.condition().baselines()).containsExactly(key);
        BaselineStats stats = TestBaselines.alternating(key, 900, 1_100);
        double mean = stats.mean();
        double sd = stats.flooredStddev();
        assertThat(mean).isEqualTo(1_000);
        assertThat(sd).isGreaterThan(50);
        for (double sigmas : new double[] {3.5, -3.5, 2.5, -2.5}) {
            FakeInputs in = new FakeInputs().baseline(key, stats).metric("latency_avg", mean + sigmas * sd);
            RuleEvaluation a = new RuleEvaluation();
            RuleEvaluation b = new RuleEvaluation();
            z.evaluate(in, a);
            spelledOut.evaluate(in, b);
            assertThat(a.value()).isCloseTo(Math.abs(sigmas), within(1e-9));
            assertThat(a.threshold()).isEqualTo(3);
            assertThat(a.baseline()).isEqualTo(mean);
            assertThat(a.status()).as("%s sigma", sigmas).isEqualTo(Math.abs(sigmas) > 3 ? ConditionStatus.TRUE : ConditionStatus.FALSE);
            assertThat(b.status()).isEqualTo(a.status());
        }
    }

    @Test
    void bareBaselineIsTheSameMetricsOneHourBaselineOverTheRuleWindow() {
        BaselineKey key = Rules.condition("error_rate > baseline * 2 for 10min").condition().baselines().get(0);
        assertThat(key).isEqualTo(BaselineKey.of(Metrics.resolve("error_rate"), Duration.ofHours(1), Duration.ofMinutes(10)));
        BaselineKey week = Rules.condition("p95(latency_ms) > baseline(p95(latency_ms), 7d) * 2").condition().baselines().get(0);
        assertThat(week).isEqualTo(BaselineKey.of(Metrics.resolve("latency_p95"), Duration.ofDays(7), Duration.ofMinutes(1)));
    }

    @Test
    void nanAndDivisionByZeroAreNoData() {
        assertThat(evaluate("error_count / request_count > 50%", new FakeInputs().metric("error_count", 1)
                .metric("request_count", 0)).status()).isEqualTo(ConditionStatus.NO_DATA);
        assertThat(evaluate("latency_avg > 1s", new FakeInputs()).status()).isEqualTo(ConditionStatus.NO_DATA);
        assertThat(evaluate("latency_avg != 1s", new FakeInputs()).status()).isEqualTo(ConditionStatus.NO_DATA);
        assertThat(evaluate("min(latency_avg, 5) > 1", new FakeInputs().metric("latency_avg", Double.NaN)).status())
                .isEqualTo(ConditionStatus.NO_DATA);
    }

    @Test
    void withMinSamplesZeroAnEmptyWindowCanStillBeTrue() {
        // a dead-man rule: no requests at all in 5 minutes
        RuleVariant silent = Rules.one("- condition: request_count < 1 for 5min\n  min_samples: 0\n");
        RuleEvaluation e = new RuleEvaluation();
        silent.evaluate(new FakeInputs().metric("request_count", 0).withSamples(0), e);
        assertThat(e.status()).isEqualTo(ConditionStatus.TRUE);
        // with the default min_samples the same window is no data
        RuleVariant dflt = Rules.one("- condition: request_count < 1 for 5min\n");
        dflt.evaluate(new FakeInputs().metric("request_count", 0).withSamples(0), e);
        assertThat(e.status()).isEqualTo(ConditionStatus.NO_DATA);
    }

    @Test
    void theStatusSweepSkipsOnlyTheValuesThatDoNotDecideTheStatus() {
        RuleVariant drift = Rules.one("- condition: tokens_per_request > baseline * 1.5 for 5min\n  min_samples: 20\n");
        BaselineKey key = drift.condition().baselines().get(0);
        BaselineStats ready = TestBaselines.alternating(key, 900, 1_100);
        RuleEvaluation status = new RuleEvaluation();
        RuleEvaluation full = new RuleEvaluation();
        for (boolean firing : new boolean[] {false, true}) {
            long needed = firing ? 1 : 20; // a firing alert is not held to min_samples
            for (long samples : new long[] {0, 5, 19, 20, 100}) {
                for (double tokens : new double[] {1_000, 2_000}) {
                    FakeInputs in = new FakeInputs().metric("tokens_per_request", tokens).baseline(key, ready).withSamples(samples);
                    drift.evaluateStatus(in, firing, status);
                    drift.evaluate(in, firing, full);
                    String what = samples + " samples, " + tokens + " tokens, firing " + firing;
                    assertThat(status.status()).as(what).isEqualTo(full.status());
                    assertThat(full.value()).isEqualTo(tokens);
                    assertThat(full.baseline()).isEqualTo(1_000.0);
                    if (samples < needed) {
                        assertThat(status.value()).as(what).isNaN(); // not computed: the sample count decided the status
                    } else {
                        assertThat(full.status()).as(what)
                                .isEqualTo(tokens > 1_500 ? ConditionStatus.TRUE : ConditionStatus.FALSE);
                        assertThat(status.value()).isEqualTo(full.value());
                        assertThat(status.threshold()).isEqualTo(full.threshold());
                        assertThat(status.baseline()).isEqualTo(full.baseline());
                    }
                }
            }
        }
        assertThat(drift.condition().windowMs()).isEqualTo(300_000);
    }

    @Test
    void evaluationAllocatesNothing() {
        RuleVariant v = Rules.condition(
                "abs(zscore(latency_avg, 1d)) + max(error_rate * 100, p95(latency_ms) / 1s) > baseline(latency_avg, 1d) / 1000 for 5min");
        BaselineKey key = v.condition().baselines().get(0);
        BaselineStats stats = TestBaselines.alternating(key, 900, 1_100);
        MetricRef latency = Metrics.resolve("latency_avg");
        MetricRef errors = Metrics.resolve("error_rate");
        RuleInputs in = new RuleInputs() {
            @Override
            public double metric(MetricRef m, long windowMs) {
                return m == latency ? 1_234 : m == errors ? 0.02 : 2_500;
            }

            @Override
            public BaselineStats baseline(BaselineKey k) {
                return stats;
            }

            @Override
            public long samples(long windowMs) {
                return 500;
            }
        };
        RuleEvaluation e = new RuleEvaluation();
        for (int i = 0; i < 20_000; i++) {
            v.evaluate(in, e); // warm up
        }
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 100_000; i++) {
            v.evaluate(in, e);
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertThat(e.status()).isEqualTo(ConditionStatus.TRUE);
        assertThat(allocated).as("bytes allocated by 100,000 evaluations").isLessThan(10_000);
    }
}
