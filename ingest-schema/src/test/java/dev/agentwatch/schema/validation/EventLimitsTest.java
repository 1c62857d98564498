package dev.agentwatch.schema.validation;

import dev.agentwatch.schema.MetricEvent;
import dev.agentwatch.schema.testing.TestEvents;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/** Each bound of {@link EventLimits}: a value at the bound passes, one beyond it is refused with its field. */
class EventLimitsTest {

    private static final long NOW = 1_704_067_200_000L + 10_000;
    private final EventValidator validator = new EventValidator(Duration.ofDays(1), Duration.ofDays(7));

    private Violation check(UnaryOperator<MetricEvent.Builder> change) {
        return validator.firstViolation(change.apply(MetricEvent.newBuilder(TestEvents.fullMetric(1))).build(), NOW);
    }

    @Test
    void theFullSampleEventIsValid() {
        assertThat(check(b -> b)).isNull();
    }

    @Test
    void everyStringFieldIsBounded() {
        String id = "x".repeat(EventLimits.MAX_ID_LENGTH);
        String text = "t".repeat(EventLimits.MAX_TEXT_LENGTH);
        assertThat(check(b -> b.setEventId(id).setTraceId(id).setSpanId(id).setFleet(text).setModel(text)
                .setProvider(text).setOperation(text).setRequestType(text).setErrorType(text).setAgentVersion(text)
                .setInstanceId(text).setParentAgentId("p".repeat(EventLimits.MAX_AGENT_ID_LENGTH)))).isNull();

        assertTooLong(check(b -> b.setEventId(id + "x")), "event_id");
        assertTooLong(check(b -> b.setTraceId(id + "x")), "trace_id");
        assertTooLong(check(b -> b.setSpanId(id + "x")), "span_id");
        assertTooLong(check(b -> b.setFleet(text + "x")), "fleet");
        assertTooLong(check(b -> b.setModel(text + "x")), "model");
        assertTooLong(check(b -> b.setProvider(text + "x")), "provider");
        assertTooLong(check(b -> b.setOperation(text + "x")), "operation");
        assertTooLong(check(b -> b.setRequestType(text + "x")), "request_type");
        assertTooLong(check(b -> b.setErrorType(text + "x")), "error_type");
        assertTooLong(check(b -> b.setAgentVersion(text + "x")), "agent_version");
        assertTooLong(check(b -> b.setInstanceId(text + "x")), "instance_id");
        assertTooLong(check(b -> b.setParentAgentId("p".repeat(EventLimits.MAX_AGENT_ID_LENGTH + 1))), "parent_agent_id");
        // 600 KB event ids were the record that made slices too large to write.
        assertTooLong(check(b -> b.setEventId("e".repeat(600_000))), "event_id");
    }

    @Test
    void labelsAreBoundedInNumberAndLength() {
        Map<String, String> most = new HashMap<>();
        for (int i = 0; i < EventLimits.MAX_LABELS; i++) {
            most.put("k".repeat(EventLimits.MAX_LABEL_NAME_LENGTH - 3) + String.format("%03d", i),
                    "v".repeat(EventLimits.MAX_LABEL_VALUE_LENGTH));
        }
        assertThat(check(b -> b.setLabels(most))).isNull();

        Map<String, String> tooMany = new HashMap<>(most);
        tooMany.put("one-more", "v");
        Violation v = check(b -> b.setLabels(tooMany));
        assertThat(v.reason()).isEqualTo(Violation.Reason.TOO_MANY_ENTRIES);
        assertThat(v.field()).isEqualTo("labels");

        assertTooLong(check(b -> b.setLabels(Map.of("k".repeat(EventLimits.MAX_LABEL_NAME_LENGTH + 1), "v"))), "labels");
        assertTooLong(check(b -> b.setLabels(Map.of("region", "v".repeat(EventLimits.MAX_LABEL_VALUE_LENGTH + 1)))), "labels.region");
        assertThat(check(b -> b.setLabels(Map.of("", "v"))).reason()).isEqualTo(Violation.Reason.MISSING_FIELD);
    }

    @Test
    void customMetricsAreBoundedInNumberNameAndMagnitude() {
        Map<String, Double> most = new HashMap<>();
        for (int i = 0; i < EventLimits.MAX_CUSTOM_METRICS; i++) {
            most.put("m" + i, i % 2 == 0 ? EventLimits.MAX_CUSTOM_METRIC_MAGNITUDE : -EventLimits.MAX_CUSTOM_METRIC_MAGNITUDE);
        }
        assertThat(check(b -> b.setMetrics(most))).isNull();

        Map<String, Double> tooMany = new HashMap<>(most);
        tooMany.put("one_more", 1.0);
        assertThat(check(b -> b.setMetrics(tooMany)).reason()).isEqualTo(Violation.Reason.TOO_MANY_ENTRIES);
        assertTooLong(check(b -> b.setMetrics(Map.of("n".repeat(EventLimits.MAX_CUSTOM_METRIC_NAME_LENGTH + 1), 1.0))), "metrics");
        Violation big = check(b -> b.setMetrics(Map.of("score", -2e15)));
        assertThat(big.reason()).isEqualTo(Violation.Reason.OUT_OF_RANGE);
        assertThat(big.field()).isEqualTo("metrics.score");
    }

    @Test
    void numbersAreBoundedSoWeightedSumsStayFinite() {
        assertThat(check(b -> b.setTokensIn(EventLimits.MAX_TOKENS).setTokensOut(EventLimits.MAX_TOKENS)
                .setCacheReadTokens(EventLimits.MAX_TOKENS).setLatencyMs(EventLimits.MAX_LATENCY_MS)
                .setCostUsd(EventLimits.MAX_COST_USD).setToolCalls(EventLimits.MAX_COUNT)
                .setToolFailures(EventLimits.MAX_COUNT).setRetries(EventLimits.MAX_COUNT)
                .setSampleRate(EventLimits.MIN_SAMPLE_RATE))).isNull();

        assertOutOfRange(check(b -> b.setTokensIn(EventLimits.MAX_TOKENS + 1)), "tokens_in");
        assertOutOfRange(check(b -> b.setTokensOut(Long.MAX_VALUE)), "tokens_out");
        assertOutOfRange(check(b -> b.setCacheReadTokens(EventLimits.MAX_TOKENS + 1)), "cache_read_tokens");
        assertOutOfRange(check(b -> b.setLatencyMs(Double.MAX_VALUE)), "latency_ms");
        assertOutOfRange(check(b -> b.setCostUsd(1e300)), "cost_usd");
        assertOutOfRange(check(b -> b.setToolCalls(EventLimits.MAX_COUNT + 1).setToolFailures(0)), "tool_calls");
        assertOutOfRange(check(b -> b.setRetries(Integer.MAX_VALUE)), "retries");
    }

    @Test
    void aSampleRateBelowTheFloorIsRefused() {
        // 1e-320 passed the old (0, 1] check; its weight 1/rate is infinite.
        for (double rate : new double[] {1e-320, Double.MIN_VALUE, 1e-7}) {
            Violation v = check(b -> b.setSampleRate(rate));
            assertThat(v.reason()).isEqualTo(Violation.Reason.INVALID_SAMPLE_RATE);
            assertThat(v.field()).isEqualTo("sample_rate");
        }
        assertThat(1 / 1e-320).isInfinite();
    }

    @Test
    void allViolationsListsEachOnce() {
        var all = validator.allViolations(MetricEvent.newBuilder(TestEvents.fullMetric(1)).setModel("m".repeat(300))
                .setTokensIn(-1L).setSampleRate(0.0).build(), NOW);
        assertThat(all).extracting(Violation::field).containsExactly("model", "tokens_in", "sample_rate");
    }

    private static void assertTooLong(Violation v, String field) {
        assertThat(v).isNotNull();
        assertThat(v.reason()).isEqualTo(Violation.Reason.FIELD_TOO_LONG);
        assertThat(v.field()).isEqualTo(field);
        assertThat(v.message()).contains("at most");
    }

    private static void assertOutOfRange(Violation v, String field) {
        assertThat(v).isNotNull();
        assertThat(v.reason()).isEqualTo(Violation.Reason.OUT_OF_RANGE);
        assertThat(v.field()).isEqualTo(field);
    }
}
