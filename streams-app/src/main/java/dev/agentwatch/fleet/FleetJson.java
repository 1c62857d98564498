package dev.agentwatch.fleet;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentwatch.alerting.ActiveAlert;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The fleet view's JSON: one object per agent, the fields seed 2 reads ({@code name}, {@code status},
 * {@code avg_latency}, {@code error_rate}) first, then the rule file's {@code metrics:} list in its order, then
 * the rest. Undefined values (NaN) are null. Units are in the names or documented in the README: rates per
 * second, cost per hour in USD, latencies in ms.
 */
public final class FleetJson {

    /** The numeric fields of an agent object, by which the answer can be sorted. */
    public static final List<String> NUMBERS = List.of("avg_latency", "error_rate", "request_rate", "token_burn_rate",
            "tokens_per_request", "tokens_per_request_baseline", "latency_p50", "latency_p95", "latency_p99",
            "cost_per_hour", "sample_count", "last_seen_ms", "active_alerts");

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private FleetJson() {
    }

    public static ObjectNode agent(AgentSnapshot s) {
        ObjectNode n = NODES.objectNode();
        n.put("name", s.agentId());
        n.put("status", s.status().wire());
        number(n, "avg_latency", s.latencyAvg());
        number(n, "error_rate", s.errorRate());
        for (Map.Entry<String, Double> d : s.displayed().entrySet()) {
            if (!n.has(d.getKey())) {
                number(n, d.getKey(), d.getValue());
            }
        }
        putIfAbsent(n, "request_rate", s.requestRate());
        putIfAbsent(n, "token_burn_rate", s.tokenBurnRate());
        putIfAbsent(n, "tokens_per_request", s.tokensPerRequest());
        putIfAbsent(n, "tokens_per_request_baseline", s.tokensPerRequestBaseline());
        putIfAbsent(n, "latency_p50", s.latencyP50());
        putIfAbsent(n, "latency_p95", s.latencyP95());
        putIfAbsent(n, "latency_p99", s.latencyP99());
        putIfAbsent(n, "cost_per_hour", s.costPerHour());
        n.put("sample_count", s.sampleCount());
        n.put("model", s.model());
        n.put("version", s.agentVersion());
        n.put("fleet", s.fleet());
        ObjectNode labels = n.putObject("labels");
        new java.util.TreeMap<>(s.labels()).forEach(labels::put);
        n.put("active_alerts", s.alerts().size());
        ArrayNode alerts = n.putArray("alerts");
        for (ActiveAlert a : s.alerts()) {
            alerts.add(alert(a));
        }
        ArrayNode failures = n.putArray("failures");
        for (ErrorPattern f : s.failures()) {
            ObjectNode e = failures.addObject();
            e.put("error_type", f.errorType());
            e.put("operation", f.operation());
            e.put("model", f.model());
            e.put("count", f.count());
        }
        n.put("last_seen", s.lastEventMs() == Long.MIN_VALUE ? null : Instant.ofEpochMilli(s.lastEventMs()).toString());
        n.put("last_seen_ms", s.lastEventMs() == Long.MIN_VALUE ? null : s.lastEventMs());
        n.put("window_ms", s.windowMs());
        n.put("as_of", Instant.ofEpochMilli(s.asOfMs()).toString());
        n.put("as_of_ms", s.asOfMs());
        return n;
    }

    public static ObjectNode alert(ActiveAlert a) {
        ObjectNode n = NODES.objectNode();
        n.put("fingerprint", a.fingerprint());
        n.put("alert", a.alert());
        n.put("agent_id", a.agentId());
        n.put("state", a.state());
        n.put("severity", a.severity());
        n.put("condition", a.condition());
        number(n, "value", a.value());
        number(n, "threshold", a.threshold());
        number(n, "baseline", a.baseline());
        n.put("window_ms", a.windowMs());
        n.put("sample_count", a.sampleCount());
        n.put("active_since", Instant.ofEpochMilli(a.activeSinceMs()).toString());
        n.put("starts_at", a.firingSinceMs() == null ? null : Instant.ofEpochMilli(a.firingSinceMs()).toString());
        n.put("evaluated_at", Instant.ofEpochMilli(a.evaluatedAtMs()).toString());
        ObjectNode labels = n.putObject("labels");
        new java.util.TreeMap<>(a.labels()).forEach(labels::put);
        ObjectNode annotations = n.putObject("annotations");
        new java.util.TreeMap<>(a.annotations()).forEach(annotations::put);
        ObjectNode evidence = n.putObject("evidence");
        ArrayNode ids = evidence.putArray("event_ids");
        a.eventIds().forEach(ids::add);
        ArrayNode traces = evidence.putArray("trace_ids");
        a.traceIds().forEach(traces::add);
        return n;
    }

    /** The agent's last hour, oldest first. */
    public static ArrayNode history(List<HistoryPoint> points) {
        ArrayNode out = NODES.arrayNode();
        for (HistoryPoint p : points) {
            ObjectNode n = out.addObject();
            n.put("at", Instant.ofEpochMilli(p.startMs()).toString());
            n.put("at_ms", p.startMs());
            n.put("length_ms", p.lengthMs());
            n.put("sample_count", p.sampleCount());
            number(n, "request_rate", p.requestRate());
            number(n, "tokens_per_request", p.tokensPerRequest());
            number(n, "latency_p95", p.latencyP95());
            number(n, "error_rate", p.errorRate());
            number(n, "cost_per_hour", p.costPerHour());
        }
        return out;
    }

    private static void putIfAbsent(ObjectNode n, String field, double v) {
        if (!n.has(field)) {
            number(n, field, v);
        }
    }

    private static void number(ObjectNode n, String field, double v) {
        if (Double.isFinite(v)) {
            n.put(field, v);
        } else {
            n.putNull(field);
        }
    }
}
