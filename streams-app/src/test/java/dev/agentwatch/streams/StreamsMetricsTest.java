package dev.agentwatch.streams;

import dev.agentwatch.localcluster.prometheus.ExposedSeries;
import dev.agentwatch.localcluster.prometheus.Exposition;
import dev.agentwatch.localcluster.prometheus.ExpositionParser;
import dev.agentwatch.schema.AlertEvent;
import dev.agentwatch.schema.AlertStatus;
import dev.agentwatch.streams.agents.AgentAdmission;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * /metrics of the real topology (in the test driver), read back with a real Prometheus text parser: the app's
 * counters under their names, dead letters by reason, alerts by rule and state, transitions, evaluation time,
 * the Kafka Streams state and JVM series. The running app's scrape, Kafka's series included, is checked end to end
 * by the cli module's RulesHotReloadTest.
 */
class StreamsMetricsTest {

    private static final long T0 = 1_704_067_200_000L;
    private static final long SECOND = 1_000L;
    private static final long MINUTE = 60 * SECOND;
    private static final String RULES = """
            - alert: AgentTimeout
              condition: latency_p95 > 30000ms
              severity: CRITICAL
            - alert: SlowForAnHour
              condition: latency_p95 > 30000ms
              hold: 1h
              severity: WARNING
            - alert: NeverFires
              condition: error_rate > 99%
              severity: INFO
            """;

    private final AgentAdmission admission = new AgentAdmission(10);
    private final DriverHarness h = new DriverHarness("metrics", T0, (b, c) -> { }, admission);
    private final StreamsHealth health = new StreamsHealth();
    private final StreamsMetrics metrics = new StreamsMetrics(h.fixture.counters, h.fixture.rules, health, admission,
            h.fixture.alerts);

    @AfterEach
    void stop() {
        metrics.close();
        h.close();
    }

    @Test
    void theScrapeParsesAndCarriesEverySeriesWithItsLabels() {
        long version = h.apply(RULES);
        long t = DriverHarness.wallAt(T0);
        for (long end = t + 3 * MINUTE; t < end; t += SECOND) {
            h.send(h.event("slow", t).setLatencyMs(40_000.0));
            h.send(h.event("fine", t));
        }
        h.sendRaw("slow".getBytes(StandardCharsets.UTF_8), "{\"agent_id\":\"slow\"}".getBytes(StandardCharsets.UTF_8));
        List<AlertEvent> alerts = h.alerts.readValuesToList();
        assertThat(alerts).extracting(AlertEvent::getAlert, AlertEvent::getStatus)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("AgentTimeout", AlertStatus.FIRING));
        health.stateChanged(KafkaStreams.State.RUNNING);
        health.threadFailed(new RuntimeException("x"), 0);
        health.threadFailed(new RuntimeException("y"), 0);

        Exposition m = ExpositionParser.parse(metrics.scrape());

        assertThat(m.untyped()).as("every family has its # TYPE").isEmpty();
        assertThat(m.sampleNames()).containsAll(ExposedSeries.STREAMS_APP_OWN);
        assertThat(m.value("agentwatch_events_accepted_total")).isEqualTo(h.fixture.counters.acceptedCount()).isEqualTo(360);
        assertThat(m.value("agentwatch_events_dead_lettered_total", "reason", "bad-magic-byte")).isEqualTo(1);
        assertThat(m.value("agentwatch_events_duplicate_total")).isZero();
        assertThat(m.value("agentwatch_dead_letters_truncated_total")).isZero();
        assertThat(m.value("agentwatch_processing_failures_total")).isZero();
        assertThat(m.value("agentwatch_agents")).isEqualTo(2);
        assertThat(m.value("agentwatch_agents_max")).isEqualTo(10);
        assertThat(m.value("agentwatch_rule_version")).isEqualTo((double) version);
        assertThat(m.value("agentwatch_rules_refused_total")).isZero();
        assertThat(m.value("agentwatch_stream_thread_failures_total")).isEqualTo(2);
        assertThat(m.value("agentwatch_streams_running")).isEqualTo(1);
        assertThat(m.value("agentwatch_streams_state", "state", "RUNNING")).isEqualTo(1);
        assertThat(m.value("agentwatch_streams_state", "state", "ERROR")).isZero();

        assertThat(m.value("agentwatch_alerts", "rule", "AgentTimeout", "state", "FIRING")).isEqualTo(1);
        assertThat(m.value("agentwatch_alerts", "rule", "AgentTimeout", "state", "PENDING")).isZero();
        assertThat(m.value("agentwatch_alerts", "rule", "SlowForAnHour", "state", "PENDING")).isEqualTo(1);
        assertThat(m.value("agentwatch_alerts", "rule", "NeverFires", "state", "FIRING")).as("a rule with none shows 0").isZero();
        assertThat(m.value("agentwatch_alert_transitions_total", "rule", "AgentTimeout", "status", "FIRING")).isEqualTo(1);
        assertThat(m.sample("agentwatch_alert_transitions_total", "status", "RESOLVED")).isEmpty();
        // one evaluation per 10 s of event time over 3 min, one task
        assertThat(m.value("agentwatch_rule_evaluation_seconds_count")).isBetween(17.0, 19.0);
        assertThat(m.value("agentwatch_rule_evaluation_seconds_sum")).isPositive();

        assertThat(m.sampleNames()).contains("jvm_memory_used_bytes", "jvm_threads_live_threads", "process_cpu_usage",
                "process_uptime_seconds", "jvm_classes_loaded_classes");
        assertThat(m.familyOf("agentwatch_events_accepted_total").orElseThrow().type()).isEqualTo("counter");
        assertThat(m.familyOf("agentwatch_alerts").orElseThrow().type()).isEqualTo("gauge");
        assertThat(m.familyOf("agentwatch_rule_evaluation_seconds_count").orElseThrow().type()).isEqualTo("summary");
    }
}
