package dev.agentwatch.sink.testing;

import dev.agentwatch.schema.AlertEvent;
import dev.agentwatch.schema.AlertStatus;
import dev.agentwatch.schema.Evidence;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Alert events as the streams app writes them, with readable defaults. */
public final class Alerts {

    private Alerts() {
    }

    public static AlertEvent firing(String fingerprint, String alert, String agent, String severity, Instant startsAt) {
        return AlertEvent.newBuilder()
                .setFingerprint(fingerprint)
                .setAlert(alert)
                .setStatus(AlertStatus.FIRING)
                .setSeverity(severity)
                .setAgentId(agent)
                .setFleet("support-bots")
                .setLabels(Map.of("region", "eu-west-1"))
                .setAnnotations(Map.of(
                        "summary", alert + " on " + agent,
                        "runbook_url", "https://runbooks.example.com/" + alert))
                .setCondition("latency_p95 > 30000ms for 5min")
                .setValue(41_250.5)
                .setThreshold(30_000)
                .setBaseline(12_000.0)
                .setWindowMs(300_000)
                .setSampleCount(240)
                .setStartsAt(startsAt)
                .setEndsAt(null)
                .setEvaluatedAt(startsAt)
                .setEvidence(Evidence.newBuilder()
                        .setEventIds(List.of("evt-1", "evt-2"))
                        .setTraceIds(List.of("4bf92f3577b34da6a3ce929d0e0e4736"))
                        .build())
                .setRuleVersion(3)
                .build();
    }

    public static AlertEvent resolved(AlertEvent firing, Instant endsAt) {
        return AlertEvent.newBuilder(firing)
                .setStatus(AlertStatus.RESOLVED)
                .setValue(12_500)
                .setEndsAt(endsAt)
                .setEvaluatedAt(endsAt)
                .build();
    }
}
