package dev.agentwatch.sink.receivers;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentwatch.config.Durations;
import dev.agentwatch.schema.AlertEvent;
import dev.agentwatch.sink.model.NotifiedAlert;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/**
 * A PagerDuty Events API v2 event for one alert: {@code trigger} while it fires, {@code resolve} when it ends,
 * both with {@code dedup_key} = the alert's fingerprint, so one alert is one incident however often it is sent.
 */
final class PagerDutyEvent {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    /** PagerDuty truncates longer summaries; we cut them ourselves so the end is visible as cut. */
    static final int MAX_SUMMARY = 1024;

    private PagerDutyEvent() {
    }

    static ObjectNode render(NotifiedAlert na, String routingKey, String client) {
        AlertEvent a = na.event();
        ObjectNode body = F.objectNode();
        body.put("routing_key", routingKey);
        body.put("event_action", na.firing() ? "trigger" : "resolve");
        body.put("dedup_key", a.getFingerprint());
        if (!na.firing()) {
            return body; // resolve needs nothing more
        }
        ObjectNode payload = body.putObject("payload");
        payload.put("summary", summary(a));
        payload.put("source", a.getAgentId());
        payload.put("severity", PagerDutySeverity.of(a.getSeverity()));
        payload.put("timestamp", a.getStartsAt().toString());
        payload.put("class", a.getAlert());
        if (a.getFleet() != null) {
            payload.put("group", a.getFleet());
        }
        ObjectNode details = payload.putObject("custom_details");
        details.put("alert", a.getAlert());
        details.put("condition", a.getCondition());
        details.put("value", a.getValue());
        details.put("threshold", a.getThreshold());
        if (a.getBaseline() != null) {
            details.put("baseline", a.getBaseline());
        }
        details.put("window", Durations.format(Duration.ofMillis(a.getWindowMs())));
        details.put("sample_count", a.getSampleCount());
        details.put("fingerprint", a.getFingerprint());
        details.put("rule_version", a.getRuleVersion());
        putMap(details.putObject("labels"), na.labels());
        putMap(details.putObject("annotations"), a.getAnnotations());
        ObjectNode evidence = details.putObject("evidence");
        ArrayNode events = evidence.putArray("event_ids");
        a.getEvidence().getEventIds().forEach(events::add);
        ArrayNode traces = evidence.putArray("trace_ids");
        a.getEvidence().getTraceIds().forEach(traces::add);
        body.put("client", client);
        String runbook = a.getAnnotations() == null ? null : a.getAnnotations().get("runbook_url");
        if (runbook != null && !runbook.isBlank()) {
            body.putArray("links").addObject().put("href", runbook).put("text", "Runbook");
        }
        return body;
    }

    static String summary(AlertEvent a) {
        String s = a.getAnnotations() == null ? null : a.getAnnotations().get("summary");
        if (s == null || s.isBlank()) {
            s = a.getAlert() + " on " + a.getAgentId() + ": " + Numbers.format(a.getValue()) + " vs threshold "
                    + Numbers.format(a.getThreshold()) + " (" + a.getCondition() + ")";
        }
        if (s.length() <= MAX_SUMMARY) {
            return s;
        }
        int cut = MAX_SUMMARY - 1;
        if (Character.isHighSurrogate(s.charAt(cut - 1))) {
            cut--; // never split a character in two
        }
        return s.substring(0, cut) + "…";
    }

    private static void putMap(ObjectNode target, Map<String, String> m) {
        if (m != null) {
            new TreeMap<>(m).forEach(target::put);
        }
    }
}
