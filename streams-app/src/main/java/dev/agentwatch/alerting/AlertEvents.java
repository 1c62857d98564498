package dev.agentwatch.alerting;

import dev.agentwatch.rules.AgentIdentity;
import dev.agentwatch.rules.RuleEvaluation;
import dev.agentwatch.rules.RuleVariant;
import dev.agentwatch.schema.AlertEvent;
import dev.agentwatch.schema.AlertStatus;
import dev.agentwatch.schema.Evidence;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds the {@code agentwatch.alerts} record (SPEC section 3) for a transition; called on transitions only. */
public final class AlertEvents {

    private AlertEvents() {
    }

    /**
     * @param transition FIRING or RESOLVED, as just returned by {@code state.step}
     * @param eventIds the latest event ids behind the value, newest first
     * @param traceIds their trace ids (same order; null entries are dropped)
     * @throws IllegalArgumentException for {@link Transition#NONE}
     */
    public static AlertEvent of(Transition transition, RuleVariant rule, AgentIdentity agent, AlertState state,
            RuleEvaluation evaluation, long evaluatedAtMs, long ruleVersion, List<String> eventIds,
            List<String> traceIds) {
        if (transition == Transition.NONE) {
            throw new IllegalArgumentException("no alert event for Transition.NONE");
        }
        Map<String, String> labels = new LinkedHashMap<>(rule.labels());
        labels.put("alertname", rule.ruleName());
        labels.put("agent_id", agent.agentId());
        labels.put("severity", rule.severity().name());
        if (agent.fleet() != null) {
            labels.put("fleet", agent.fleet());
        }
        double baseline = evaluation.baseline();
        return AlertEvent.newBuilder()
                .setFingerprint(Fingerprint.of(rule.ruleName(), agent.agentId()))
                .setAlert(rule.ruleName())
                .setStatus(transition == Transition.FIRING ? AlertStatus.FIRING : AlertStatus.RESOLVED)
                .setSeverity(rule.severity().name())
                .setAgentId(agent.agentId())
                .setFleet(agent.fleet())
                .setLabels(labels)
                .setAnnotations(rule.annotations(agent, evaluation))
                .setCondition(rule.condition().text())
                .setValue(evaluation.value())
                .setThreshold(evaluation.threshold())
                .setBaseline(baseline == baseline ? baseline : null)
                .setWindowMs(evaluation.windowMs())
                .setSampleCount(evaluation.samples())
                .setStartsAt(Instant.ofEpochMilli(state.startsAt()))
                .setEndsAt(transition == Transition.RESOLVED ? Instant.ofEpochMilli(state.endsAt()) : null)
                .setEvaluatedAt(Instant.ofEpochMilli(evaluatedAtMs))
                .setEvidence(Evidence.newBuilder()
                        .setEventIds(List.copyOf(eventIds))
                        .setTraceIds(traceIds.stream().filter(t -> t != null).toList())
                        .build())
                .setRuleVersion(ruleVersion)
                .build();
    }
}
