package dev.agentwatch.cli.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentwatch.localcluster.prometheus.ExposedSeries;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Grafana dashboard users import ({@code docker/grafana/agentwatch-dashboard.json}): a shareable export (its
 * Prometheus data source an import input), every panel querying it, and every metric its PromQL selects one that an
 * app exposes: in {@link ExposedSeries}, whose lists each app's /metrics test checks against a real scrape.
 */
class GrafanaDashboardTest {

    private static final Path DASHBOARD = Path.of("..", "docker", "grafana", "agentwatch-dashboard.json");
    private static final String DATASOURCE = "${DS_PROMETHEUS}";

    private final JsonNode dashboard = read();

    private static JsonNode read() {
        try {
            return new ObjectMapper().readTree(Files.readString(DASHBOARD));
        } catch (Exception e) {
            throw new AssertionError("cannot read " + DASHBOARD + ": " + e, e);
        }
    }

    @Test
    void itImportsWithAPrometheusDataSourceOfTheUsersChoice() {
        JsonNode input = dashboard.path("__inputs").get(0);
        assertThat(input.path("name").asText()).isEqualTo("DS_PROMETHEUS");
        assertThat(input.path("type").asText()).isEqualTo("datasource");
        assertThat(input.path("pluginId").asText()).isEqualTo("prometheus");
        assertThat(dashboard.path("title").asText()).isEqualTo("agentwatch");
        assertThat(dashboard.path("uid").asText()).isNotBlank();
        assertThat(dashboard.path("schemaVersion").asInt()).isPositive();

        Set<Integer> ids = new HashSet<>();
        for (JsonNode p : dashboard.path("panels")) {
            assertThat(ids.add(p.path("id").asInt())).as("panel id %s unique", p.path("id")).isTrue();
            assertThat(p.path("gridPos").path("w").asInt()).isBetween(1, 24);
            if (p.path("type").asText().equals("row")) {
                continue;
            }
            assertThat(p.path("title").asText()).isNotBlank();
            assertThat(p.path("datasource").path("uid").asText()).as(p.path("title").asText()).isEqualTo(DATASOURCE);
            assertThat(p.path("targets")).as(p.path("title").asText()).isNotEmpty();
            for (JsonNode t : p.path("targets")) {
                assertThat(t.path("datasource").path("uid").asText()).isEqualTo(DATASOURCE);
                assertThat(t.path("expr").asText()).isNotBlank();
            }
        }
    }

    @Test
    void everyMetricItQueriesIsOneAnAppExposes() {
        Map<String, Set<String>> byPanel = metricsByPanel();
        Set<String> exposed = ExposedSeries.all();
        List<String> unknown = new ArrayList<>();
        byPanel.forEach((panel, names) -> names.stream().filter(m -> !exposed.contains(m))
                .forEach(m -> unknown.add(panel + ": " + m)));
        assertThat(unknown).as("metrics no app's /metrics test vouches for").isEmpty();
    }

    /** The issue's list: each has a panel. */
    @Test
    void itShowsWhatTheIssueAsksFor() {
        Set<String> queried = new LinkedHashSet<>();
        metricsByPanel().values().forEach(queried::addAll);
        assertThat(queried).contains(
                "agentwatch_events_accepted_total", "agentwatch_events_dead_lettered_total",
                "agentwatch_rule_evaluation_seconds_sum", "agentwatch_agents", "agentwatch_alerts",
                "agentwatch_alert_transitions_total", "agentwatch_stream_thread_failures_total",
                "kafka_stream_thread_process_rate", "kafka_stream_thread_commit_latency_avg",
                "kafka_consumer_fetch_manager_records_lag_max", "jvm_memory_used_bytes", "jvm_gc_pause_seconds_sum",
                "agentwatch_sink_deliveries_total", "agentwatch_sink_retries_total", "agentwatch_sink_notifications_parked_total",
                "agentwatch_sink_queue_notifications", "agentwatch_sink_notification_latency_seconds_bucket",
                "agentwatch_gateway_requests_total");
    }

    @Test
    void theTokenizerFindsMetricsNotFunctionsLabelsOrDurations() {
        assertThat(PromQlMetricNames.of("histogram_quantile(0.99, sum by (integration, le) "
                + "(rate(a_bucket{job=~\"x|y\", le!=\"1\"}[$__rate_interval])))")).containsExactly("a_bucket");
        assertThat(PromQlMetricNames.of("sum(rate(a_sum[5m])) / on (instance) group_left sum(rate(b_count[5m] offset 1h))"))
                .containsExactly("a_sum", "b_count");
        assertThat(PromQlMetricNames.of("max by (instance) (c) > bool 1e9 and d or vector(0)")).containsExactly("c", "d");
    }

    private Map<String, Set<String>> metricsByPanel() {
        Map<String, Set<String>> out = new LinkedHashMap<>();
        for (JsonNode p : dashboard.path("panels")) {
            for (JsonNode t : p.path("targets")) {
                out.computeIfAbsent(p.path("title").asText(), k -> new LinkedHashSet<>())
                        .addAll(PromQlMetricNames.of(t.path("expr").asText()));
            }
        }
        assertThat(out).isNotEmpty();
        return out;
    }
}
