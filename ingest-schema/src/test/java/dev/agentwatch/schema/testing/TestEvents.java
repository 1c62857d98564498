package dev.agentwatch.schema.testing;

import dev.agentwatch.schema.AlertEvent;
import dev.agentwatch.schema.AlertStatus;
import dev.agentwatch.schema.Evidence;
import dev.agentwatch.schema.MetricEvent;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Sample events covering every field shape: all set, all nullable unset, unicode, extremes. */
public final class TestEvents {

    private TestEvents() {}

    public static MetricEvent fullMetric(int n) {
        return MetricEvent.newBuilder()
                .setEventId("evt-" + n)
                .setAgentId("agent-" + (n % 7))
                .setTimestamp(Instant.ofEpochMilli(1_704_067_200_000L + n * 1_000L))
                .setFleet("support-bots")
                .setAgentVersion("1.4." + n)
                .setInstanceId("i-" + n)
                .setModel("gpt-4o")
                .setProvider("openai")
                .setOperation("chat")
                .setRequestType("routine_query")
                .setTokensIn(1_200L + n)
                .setTokensOut(647L)
                .setCacheReadTokens(0L)
                .setLatencyMs(2_341.5)
                .setSuccess(n % 5 != 0)
                .setErrorType(n % 5 == 0 ? "timeout" : null)
                .setCostUsd(0.0278)
                .setToolCalls(3)
                .setToolFailures(1)
                .setRetries(0)
                .setTraceId("4bf92f3577b34da6a3ce929d0e0e4736")
                .setSpanId("00f067aa0ba902b7")
                .setParentAgentId("planner-1")
                .setSampleRate(0.1)
                .setLabels(Map.of("region", "eu-west-1", "env", "prod", "segment", "énterprise ✓"))
                .setMetrics(Map.of("hallucination_score", 0.12, "tokens_used", 1847.0))
                .build();
    }

    /** Required fields only: every nullable is null, maps empty, sample_rate defaulted. */
    public static MetricEvent minimalMetric(int n) {
        return MetricEvent.newBuilder()
                .setEventId("min-" + n)
                .setAgentId("a")
                .setTimestamp(Instant.ofEpochMilli(0))
                .setSuccess(false)
                .build();
    }

    /** Extremes: huge and negative numbers, NaN-free doubles at the edges, long strings. */
    public static MetricEvent extremeMetric() {
        return MetricEvent.newBuilder()
                .setEventId("x".repeat(300))
                .setAgentId("a".repeat(200))
                .setTimestamp(Instant.ofEpochMilli(Long.MAX_VALUE / 2))
                .setTokensIn(Long.MAX_VALUE)
                .setTokensOut(Long.MIN_VALUE)
                .setLatencyMs(Double.MIN_VALUE)
                .setCostUsd(Double.MAX_VALUE)
                .setToolCalls(Integer.MAX_VALUE)
                .setToolFailures(Integer.MIN_VALUE)
                .setSuccess(true)
                .setLabels(Map.of("", "", "k", "v".repeat(1000)))
                .setMetrics(Map.of("neg", -0.0, "inf", Double.POSITIVE_INFINITY))
                .build();
    }

    public static MetricEvent randomMetric(Random random) {
        MetricEvent event = fullMetric(random.nextInt(1000));
        event.setTokensIn(random.nextBoolean() ? null : random.nextLong());
        event.setLatencyMs(random.nextDouble() * 10_000);
        event.setModel(random.nextBoolean() ? null : "model-" + random.nextInt(100));
        return event;
    }

    public static AlertEvent firingAlert(int n) {
        return AlertEvent.newBuilder()
                .setFingerprint("fp-" + n)
                .setAlert("HighTokenDrift")
                .setStatus(AlertStatus.FIRING)
                .setSeverity("WARNING")
                .setAgentId("agent-" + n)
                .setFleet("support-bots")
                .setLabels(Map.of("region", "eu-west-1"))
                .setAnnotations(Map.of("summary", "Tokens per request 1.8x baseline", "runbook_url",
                        "https://runbooks.example/drift"))
                .setCondition("tokens_per_request > baseline * 1.5 for 5min")
                .setValue(2_700.0)
                .setThreshold(2_250.0)
                .setBaseline(1_500.0)
                .setWindowMs(300_000L)
                .setSampleCount(42L)
                .setStartsAt(Instant.ofEpochMilli(1_704_067_500_000L))
                .setEndsAt(null)
                .setEvaluatedAt(Instant.ofEpochMilli(1_704_067_510_000L))
                .setEvidence(Evidence.newBuilder()
                        .setEventIds(List.of("evt-1", "evt-2", "evt-3"))
                        .setTraceIds(List.of("t-1"))
                        .build())
                .setRuleVersion(7L)
                .build();
    }

    public static AlertEvent resolvedAlert(int n) {
        AlertEvent alert = firingAlert(n);
        alert.setStatus(AlertStatus.RESOLVED);
        alert.setBaseline(null);
        alert.setFleet(null);
        alert.setEndsAt(Instant.ofEpochMilli(1_704_068_000_000L));
        alert.setEvidence(Evidence.newBuilder().build()); // empty lists by default
        alert.setLabels(Map.of());
        return alert;
    }
}
