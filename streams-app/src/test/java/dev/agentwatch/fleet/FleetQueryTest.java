package dev.agentwatch.fleet;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentwatch.alerting.ActiveAlert;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FleetQueryTest {

    private static AgentSnapshot agent(String id, String fleet, String model, Map<String, String> labels, double p95,
                                       double cost, List<ActiveAlert> alerts, long lastEventMs) {
        return new AgentSnapshot(id, fleet, model, "v1", labels, lastEventMs, 60_000, 1_000_000, 10, 0.5, 0.01, p95 / 2,
                p95 / 3, p95, p95 * 1.1, 150, Double.NaN, 10, cost, Map.of(), alerts, List.of());
    }

    private static ActiveAlert alert(String state) {
        return new ActiveAlert("f", "AgentTimeout", "a", "CRITICAL", state, 1, null, "latency_p95 > 30000ms", 40_000, 30_000,
                Double.NaN, 60_000, 20, Map.of(), Map.of(), List.of("e1"), List.of(), 1_000_000);
    }

    private static Map<String, List<String>> params(String... kv) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            out.computeIfAbsent(kv[i], k -> new ArrayList<>()).add(kv[i + 1]);
        }
        return out;
    }

    private final List<AgentSnapshot> fleet = List.of(
            agent("a1", "support", "gpt-4o", Map.of("segment", "enterprise"), 900, 2.0, List.of(), 999_000),
            agent("a2", "support", "claude", Map.of("segment", "smb"), 31_000, 0.5, List.of(alert("firing")), 999_000),
            agent("a3", "sales", "gpt-4o", Map.of(), 400, 7.5, List.of(alert("pending")), 999_000),
            agent("a4", null, null, Map.of(), Double.NaN, Double.NaN, List.of(), 100_000));

    private List<String> run(FleetQuery q) {
        List<ObjectNode> rendered = new ArrayList<>();
        for (AgentSnapshot s : fleet) {
            if (q.matches(s)) {
                rendered.add(FleetJson.agent(s));
            }
        }
        return q.order(rendered).stream().map(n -> n.get("name").asText()).toList();
    }

    @Test
    void statusIsTheWorstOfTheAlertsThenSilenceThenOk() {
        assertThat(fleet.stream().map(s -> s.status().wire()).toList()).containsExactly("ok", "firing", "pending", "silent");
    }

    @Test
    void filtersMatchFieldsAndLabelsAndAgentsWithoutTheFieldMatchNoValue() {
        assertThat(run(FleetQuery.parse(params("fleet", "support")))).containsExactly("a1", "a2");
        assertThat(run(FleetQuery.parse(params("model", "gpt-4o", "model", "claude")))).containsExactly("a1", "a2", "a3");
        assertThat(run(FleetQuery.parse(params("label", "segment=smb")))).containsExactly("a2");
        assertThat(run(FleetQuery.parse(params("status", "firing", "status", "silent")))).containsExactly("a2", "a4");
        assertThat(run(FleetQuery.parse(params("fleet", "support")).inFleet("sales"))).containsExactly("a3");
    }

    @Test
    void sortsByAnyNumberEitherWayWithUnknownValuesLastAndLimits() {
        assertThat(run(FleetQuery.parse(params("sort", "-latency_p95")))).containsExactly("a2", "a1", "a3", "a4");
        assertThat(run(FleetQuery.parse(params("sort", "cost_per_hour")))).containsExactly("a2", "a1", "a3", "a4");
        assertThat(run(FleetQuery.parse(params("sort", "-cost_per_hour", "limit", "2")))).containsExactly("a3", "a1");
        assertThat(run(FleetQuery.parse(params("sort", "status")))).containsExactly("a2", "a3", "a4", "a1");
    }

    @Test
    void aWrongQueryNamesTheParameterAndWhatItTakes() {
        assertThatThrownBy(() -> FleetQuery.parse(params("sort", "burn"))).hasMessageContaining("sort: unknown field 'burn'")
                .hasMessageContaining("token_burn_rate");
        assertThatThrownBy(() -> FleetQuery.parse(params("limit", "0"))).hasMessageContaining("limit");
        assertThatThrownBy(() -> FleetQuery.parse(params("status", "red"))).hasMessageContaining("ok, pending, firing, silent");
        assertThatThrownBy(() -> FleetQuery.parse(params("label", "segment"))).hasMessageContaining("key=value");
        assertThatThrownBy(() -> FleetQuery.parse(params("flet", "x"))).hasMessageContaining("unknown parameter 'flet'");
    }

    @Test
    void theJsonPutsSeedTwoFieldsFirstThenTheMetricsListAndWritesUndefinedAsNull() {
        Map<String, Double> shown = new LinkedHashMap<>();
        shown.put("tokens_per_request", 150.0);
        shown.put("metrics.hallucination_score", Double.NaN);
        AgentSnapshot s = new AgentSnapshot("a1", "f", "m", "v1", Map.of(), 1, 60_000, 2, 3, 0.05, 0.0, 120, 100, 200,
                300, 150, Double.NaN, 7.5, 0.2, shown, List.of(), List.of(new ErrorPattern("timeout", "chat", "m", 3)));
        ObjectNode n = FleetJson.agent(s);
        List<String> fields = new ArrayList<>();
        n.fieldNames().forEachRemaining(fields::add);
        assertThat(fields.subList(0, 6)).containsExactly("name", "status", "avg_latency", "error_rate", "tokens_per_request",
                "metrics.hallucination_score");
        assertThat(n.get("metrics.hallucination_score").isNull()).isTrue();
        assertThat(n.get("tokens_per_request_baseline").isNull()).isTrue();
        assertThat(n.get("failures").get(0).get("error_type").asText()).isEqualTo("timeout");
    }
}
