package dev.agentwatch.window;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class MetricsTest {

    /** Every metric name SPEC section 2 and its seed rule files use, typed in from the spec. */
    @ParameterizedTest
    @ValueSource(strings = {"request_count", "request_rate", "error_count", "error_rate", "tokens_in", "tokens_out",
            "tokens_per_request", "token_usage", "token_burn_rate", "latency_avg", "latency_p50", "latency_p90",
            "latency_p95", "latency_p99", "latency_max", "decision_latency_p50", "decision_latency_p90",
            "decision_latency_p95", "decision_latency_p99", "decision_latency_max", "cost_usd", "cost_per_call",
            "cost_rate", "tool_calls", "tool_invocation_success_rate", "retries_per_request",
            "metrics.hallucination_score", "max(latency_ms)", "p95(latency_ms)", "sum(latency_ms)", "max(tokens)",
            "p95(tokens)", "sum(tokens)", "max(cost_usd)", "p95(cost_usd)", "sum(cost_usd)", "p50(latency_ms)",
            "p90(tokens)", "p99(cost_usd)", "max(metrics.hallucination_score)", "sum(metrics.hallucination_score)"})
    void everySpecNameResolves(String name) {
        MetricRef ref = Metrics.resolve(name);
        assertThat(ref.name()).isNotBlank();
        assertThat(ref.valueOf(new SliceAggregate(), 60_000)).isNotNull();
    }

    @Test
    void everyKnownNameResolvesWithoutAllocatingAnotherRefForFixedNames() {
        assertThat(Metrics.knownNames()).hasSizeGreaterThan(40);
        for (String name : Metrics.knownNames()) {
            String concrete = name.replace("<name>", "x");
            MetricRef ref = Metrics.resolve(concrete);
            if (!name.contains("<name>")) {
                assertThat(Metrics.resolve(concrete)).isSameAs(ref);
            }
        }
    }

    @ParameterizedTest
    @CsvSource({
        "token_usage, tokens_per_request",
        "decision_latency_p50, latency_p50",
        "decision_latency_p95, latency_p95",
        "decision_latency_max, latency_max",
        "p95(latency_ms), latency_p95",
        "p99(latency_ms), latency_p99",
        "max(latency_ms), latency_max",
        "sum(cost_usd), cost_usd",
        "sum(tokens_in), tokens_in",
        "sum(tool_calls), tool_calls",
        "'  max( latency_ms ) ', latency_max",
        "' error_rate ', error_rate",
        "metrics.hallucination_score, metrics.hallucination_score",
        "max( metrics.score ), max(metrics.score)",
    })
    void aliasesResolveToTheCanonicalMetric(String alias, String canonical) {
        assertThat(Metrics.resolve(alias).name()).isEqualTo(canonical);
        assertThat(Metrics.resolve(alias)).isEqualTo(Metrics.resolve(canonical));
    }

    @ParameterizedTest
    @CsvSource({
        "eror_rate, error_rate",
        "Latency_P95, latency_p95",
        "tokens_per_reqest, tokens_per_request",
        "tool_invocation_succes_rate, tool_invocation_success_rate",
        "latency_p95ms, latency_p95",
        "metrcs.hallucination_score, metrics.hallucination_score",
        "metric.score, metrics.score",
        "max(latency), max(latency_ms)",
        "costrate, cost_rate",
    })
    void anUnknownNameSuggestsTheNearestKnownOne(String typo, String suggestion) {
        UnknownMetricException e = catchThrowableOfType(UnknownMetricException.class, () -> Metrics.resolve(typo));
        assertThat(e).isNotNull().isInstanceOf(IllegalArgumentException.class);
        assertThat(e.metricName()).isEqualTo(typo);
        assertThat(e.suggestion()).isEqualTo(suggestion);
        assertThat(e.getMessage()).contains(typo).contains("did you mean '" + suggestion + "'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "metrics.", "metrics.a b", "p95(metrics.score)", "max(metrics.)", "avg(latency_ms)",
            "latency_p75", "max(latency_ms", "max()"})
    void malformedOrUnsupportedNamesAreRejected(String name) {
        assertThatThrownBy(() -> Metrics.resolve(name)).isInstanceOf(UnknownMetricException.class);
    }

    @Test
    void percentilesOfCustomMetricsSayWhy() {
        assertThatThrownBy(() -> Metrics.resolve("p95(metrics.score)")).hasMessageContaining("percentiles");
        assertThatThrownBy(() -> Metrics.resolve(null)).isInstanceOf(UnknownMetricException.class);
    }

    @Test
    void maxBasedMetricsAskForRecomputedMaxima() {
        for (String name : new String[] {"latency_max", "max(tokens)", "max(cost_usd)", "max(metrics.x)"}) {
            assertThat(Metrics.resolve(name).needsMaxima()).as(name).isTrue();
        }
        for (String name : new String[] {"latency_p99", "error_rate", "metrics.x", "sum(metrics.x)"}) {
            assertThat(Metrics.resolve(name).needsMaxima()).as(name).isFalse();
        }
        assertThat(Metrics.resolve("max(metrics.x)").customMetricName()).isEqualTo("x");
        assertThat(Metrics.resolve("error_rate").customMetricName()).isNull();
    }
}
