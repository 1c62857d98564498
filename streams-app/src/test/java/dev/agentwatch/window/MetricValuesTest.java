package dev.agentwatch.window;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.withinPercentage;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every metric on four hand-computed events over a one-minute window. */
class MetricValuesTest {

    private static final int A = SliceAggregate.ABSENT;
    private static final long WINDOW_MS = 60_000;
    private static final double EXACT = 1e-12;

    private SliceAggregate window;

    @BeforeEach
    void fourEvents() {
        window = new SliceAggregate();
        // e1: w 1, ok,     tokens 100+50, cache 10, 200 ms, $0.01, 2 tool calls 0 failed, 0 retries, score 0.5
        window.add(1, true, 100, 50, 10, 200, 0.01, 2, 0, 0);
        window.addCustomMetric("score", 0.5, 1);
        // e2: w 1, failed, tokens 300+150, no cache, 1000 ms, $0.03, 4 calls 1 failed, 2 retries, score 0.9
        window.add(1, false, 300, 150, A, 1000, 0.03, 4, 1, 2);
        window.addCustomMetric("score", 0.9, 1);
        // e3: w 2 (sample_rate 0.5), ok, reports only tool calls (3, all failed) and a score of 0.2
        window.add(2, true, A, A, A, Double.NaN, Double.NaN, 3, 3, A);
        window.addCustomMetric("score", 0.2, 2);
        // e4: w 1, ok, tokens_in 200 only, 400 ms, $0.02, 0 calls with failures unknown, 1 retry, score 0.1
        window.add(1, true, 200, A, A, 400, 0.02, 0, A, 1);
        window.addCustomMetric("score", 0.1, 1);
    }

    private double v(String metric) {
        return Metrics.resolve(metric).valueOf(window, WINDOW_MS);
    }

    @Test
    void requestsAndErrors() {
        assertThat(window.rawCount()).isEqualTo(4);
        assertThat(v("request_count")).isEqualTo(5.0); // 1 + 1 + 2 + 1
        assertThat(v("request_rate")).isCloseTo(5.0 / 60, within(EXACT));
        assertThat(v("error_count")).isEqualTo(1.0);
        assertThat(v("error_rate")).isCloseTo(0.2, within(EXACT));
    }

    @Test
    void tokensCountOnlyTheRequestsThatReportedThem() {
        assertThat(v("tokens_in")).isEqualTo(600.0); // 100 + 300 + 200
        assertThat(v("tokens_out")).isEqualTo(200.0); // 50 + 150
        assertThat(v("tokens_per_request")).isCloseTo(800.0 / 3, within(EXACT)); // e3 reported none
        assertThat(v("token_usage")).isCloseTo(800.0 / 3, within(EXACT));
        assertThat(v("token_burn_rate")).isCloseTo(800.0 / 60, within(EXACT));
        assertThat(v("sum(tokens)")).isEqualTo(800.0);
        assertThat(v("sum(tokens_in)")).isEqualTo(600.0);
        assertThat(v("sum(tokens_out)")).isEqualTo(200.0);
        assertThat(v("max(tokens)")).isEqualTo(450.0);
        // per-request totals 150, 200, 450: rank 0.5 * 3 = 1.5 falls on 200
        assertThat(v("p50(tokens)")).isCloseTo(200.0, withinPercentage(1));
        assertThat(v("p90(tokens)")).isCloseTo(450.0, withinPercentage(1));
        assertThat(window.cacheReadTokens()).isEqualTo(10.0);
    }

    @Test
    void latency() {
        assertThat(v("latency_avg")).isCloseTo(1600.0 / 3, within(EXACT));
        assertThat(v("decision_latency_avg")).isCloseTo(1600.0 / 3, within(EXACT));
        assertThat(v("latency_max")).isEqualTo(1000.0);
        assertThat(v("decision_latency_max")).isEqualTo(1000.0);
        assertThat(v("max(latency_ms)")).isEqualTo(1000.0);
        assertThat(v("sum(latency_ms)")).isEqualTo(1600.0);
        // sorted 200, 400, 1000
        assertThat(v("latency_p50")).isCloseTo(400.0, withinPercentage(1));
        assertThat(v("decision_latency_p50")).isCloseTo(400.0, withinPercentage(1));
        for (String p : new String[] {"latency_p90", "latency_p95", "latency_p99", "decision_latency_p90",
                "decision_latency_p95", "decision_latency_p99", "p90(latency_ms)", "p95(latency_ms)", "p99(latency_ms)"}) {
            assertThat(v(p)).as(p).isCloseTo(1000.0, withinPercentage(1));
        }
        assertThat(v("p50(latency_ms)")).isCloseTo(400.0, withinPercentage(1));
    }

    @Test
    void cost() {
        assertThat(v("cost_usd")).isCloseTo(0.06, within(EXACT));
        assertThat(v("sum(cost_usd)")).isCloseTo(0.06, within(EXACT));
        assertThat(v("cost_per_call")).isCloseTo(0.02, within(EXACT));
        assertThat(v("cost_rate")).isCloseTo(3.6, within(EXACT)); // $0.06 a minute
        assertThat(v("max(cost_usd)")).isEqualTo(0.03);
        assertThat(v("p50(cost_usd)")).isCloseTo(0.02, withinPercentage(1));
        assertThat(v("p99(cost_usd)")).isCloseTo(0.03, withinPercentage(1));
    }

    @Test
    void toolsAndRetries() {
        assertThat(v("tool_calls")).isEqualTo(12.0); // 2 + 4 + 2 * 3 + 0
        assertThat(v("sum(tool_calls)")).isEqualTo(12.0);
        // failures known for e1, e2, e3: calls 2 + 4 + 6 = 12, failures 0 + 1 + 6 = 7
        assertThat(v("tool_invocation_success_rate")).isCloseTo(5.0 / 12, within(EXACT));
        assertThat(v("retries_per_request")).isCloseTo(1.0, within(EXACT)); // (0 + 2 + 1) / 3 reporting
        assertThat(v("sum(retries)")).isEqualTo(3.0);
    }

    @Test
    void customMetricsAreWeighted() {
        assertThat(v("metrics.score")).isCloseTo((0.5 + 0.9 + 0.4 + 0.1) / 5, within(EXACT));
        assertThat(v("sum(metrics.score)")).isCloseTo(1.9, within(EXACT));
        assertThat(v("max(metrics.score)")).isEqualTo(0.9);
    }

    @Test
    void ratesNeedAPositiveWindow() {
        assertThat(Metrics.resolve("request_rate").valueOf(window, 0)).isNaN();
        assertThat(Metrics.resolve("cost_rate").valueOf(window, -1)).isNaN();
        assertThat(Metrics.resolve("request_rate").valueOf(window, 10_000)).isCloseTo(0.5, within(EXACT));
    }

    @Test
    void noToolCallsMeansNoSuccessRate() {
        SliceAggregate w = new SliceAggregate();
        w.add(1, true, A, A, A, Double.NaN, Double.NaN, 0, 0, A);
        assertThat(Metrics.resolve("tool_calls").valueOf(w, WINDOW_MS)).isZero();
        assertThat(Metrics.resolve("tool_invocation_success_rate").valueOf(w, WINDOW_MS)).isNaN();
    }
}
