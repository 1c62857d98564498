package dev.agentwatch.sink.model;

import dev.agentwatch.schema.AlertEvent;

import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The label set that routes, inhibit rules, silences and group_by see for an alert: the alert's own labels plus
 * {@code alertname}, {@code severity}, {@code agent_id} and {@code fleet} from its fields (the fields win over a
 * label of the same name). Severity is lower-cased, so {@code severity="critical"} matches a rule that wrote
 * {@code CRITICAL}, as a Prometheus user would write it.
 */
public final class AlertLabels {

    public static final String ALERTNAME = "alertname";
    public static final String SEVERITY = "severity";
    public static final String AGENT_ID = "agent_id";
    public static final String FLEET = "fleet";

    private AlertLabels() {
    }

    public static Map<String, String> of(AlertEvent a) {
        TreeMap<String, String> labels = new TreeMap<>();
        if (a.getLabels() != null) {
            labels.putAll(a.getLabels());
        }
        labels.put(ALERTNAME, a.getAlert());
        labels.put(SEVERITY, a.getSeverity() == null ? "" : a.getSeverity().toLowerCase(Locale.ROOT));
        labels.put(AGENT_ID, a.getAgentId());
        if (a.getFleet() != null) {
            labels.put(FLEET, a.getFleet());
        }
        return Collections.unmodifiableMap(labels);
    }
}
