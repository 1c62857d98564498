package dev.agentwatch.sink.receivers;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentwatch.schema.AlertEvent;
import dev.agentwatch.sink.model.Notification;
import dev.agentwatch.sink.model.NotifiedAlert;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Alertmanager's webhook body (version 4), so anything that consumes Alertmanager webhooks consumes ours. Each
 * alert also carries an {@code agentwatch} object with the value, threshold, baseline, window and evidence,
 * which Alertmanager consumers ignore.
 */
final class AlertmanagerWebhook {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    /** Alertmanager's zero time for an alert that has not ended. */
    static final String ZERO_TIME = "0001-01-01T00:00:00Z";

    private AlertmanagerWebhook() {
    }

    static ObjectNode render(Notification n, int maxAlerts, String externalUrl) {
        ObjectNode body = F.objectNode();
        List<NotifiedAlert> alerts = n.alerts();
        int shown = maxAlerts > 0 ? Math.min(maxAlerts, alerts.size()) : alerts.size();
        body.put("version", "4");
        body.put("groupKey", n.groupKey().display());
        body.put("truncatedAlerts", alerts.size() - shown);
        body.put("status", n.status());
        body.put("receiver", n.receiver());
        putMap(body.putObject("groupLabels"), n.groupLabels());
        putMap(body.putObject("commonLabels"), n.commonLabels());
        putMap(body.putObject("commonAnnotations"), n.commonAnnotations());
        body.put("externalURL", externalUrl);
        ArrayNode out = body.putArray("alerts");
        for (NotifiedAlert na : alerts.subList(0, shown)) {
            AlertEvent a = na.event();
            ObjectNode o = out.addObject();
            o.put("status", na.firing() ? "firing" : "resolved");
            putMap(o.putObject("labels"), na.labels());
            putMap(o.putObject("annotations"), a.getAnnotations());
            o.put("startsAt", a.getStartsAt().toString());
            o.put("endsAt", na.firing() ? ZERO_TIME : (a.getEndsAt() != null ? a.getEndsAt() : a.getEvaluatedAt()).toString());
            o.put("generatorURL", "");
            o.put("fingerprint", a.getFingerprint());
            ObjectNode extra = o.putObject("agentwatch");
            extra.put("condition", a.getCondition());
            extra.put("value", a.getValue());
            extra.put("threshold", a.getThreshold());
            if (a.getBaseline() != null) {
                extra.put("baseline", a.getBaseline());
            } else {
                extra.putNull("baseline");
            }
            extra.put("window_ms", a.getWindowMs());
            extra.put("sample_count", a.getSampleCount());
            extra.put("rule_version", a.getRuleVersion());
            ArrayNode ev = extra.putObject("evidence").putArray("event_ids");
            a.getEvidence().getEventIds().forEach(ev::add);
            ArrayNode tr = ((ObjectNode) extra.get("evidence")).putArray("trace_ids");
            a.getEvidence().getTraceIds().forEach(tr::add);
        }
        return body;
    }

    private static void putMap(ObjectNode target, Map<String, String> m) {
        if (m != null) {
            new TreeMap<>(m).forEach(target::put);
        }
    }
}
