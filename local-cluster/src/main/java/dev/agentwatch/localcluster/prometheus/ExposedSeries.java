package dev.agentwatch.localcluster.prometheus;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The sample names each app's {@code GET /metrics} carries, as PromQL selects them. Each app's /metrics test parses
 * a real scrape and checks that every name of its list is there (StreamsMetricsTest and the cli module's
 * RulesHotReloadTest for the streams app, SinkMetricsBrokerTest for the alert sink, MetricsEndpointBrokerTest for the
 * gateway); the Grafana dashboard test checks that every metric the dashboard queries is in one of the lists. So a
 * series renamed in an app fails its test, and a dashboard panel on a series no app exposes fails the dashboard's.
 * The lists name what the dashboard and the README rely on, not every series (Kafka's clients expose hundreds).
 */
public final class ExposedSeries {

    /** Micrometer's JVM and process binders, in every app. */
    public static final List<String> JVM = List.of(
            "jvm_memory_used_bytes", "jvm_memory_committed_bytes", "jvm_memory_max_bytes",
            "jvm_gc_pause_seconds_count", "jvm_gc_pause_seconds_sum", "jvm_gc_memory_allocated_bytes_total",
            "jvm_threads_live_threads", "jvm_classes_loaded_classes",
            "process_cpu_usage", "system_cpu_usage", "process_uptime_seconds", "process_start_time_seconds");

    /** The streams app's own series. */
    public static final List<String> STREAMS_APP_OWN = List.of(
            "agentwatch_events_accepted_total", "agentwatch_events_dead_lettered_total", "agentwatch_events_duplicate_total",
            "agentwatch_dead_letters_truncated_total", "agentwatch_processing_failures_total",
            "agentwatch_agents", "agentwatch_agents_max", "agentwatch_rule_version", "agentwatch_rules_refused_total",
            "agentwatch_stream_thread_failures_total", "agentwatch_streams_running", "agentwatch_streams_state",
            "agentwatch_alerts", "agentwatch_alert_transitions_total",
            "agentwatch_rule_evaluation_seconds_count", "agentwatch_rule_evaluation_seconds_sum");

    /** Kafka Streams' and its clients' metrics, through Micrometer's KafkaStreamsMetrics (a running app only). */
    public static final List<String> STREAMS_APP_KAFKA = List.of(
            "kafka_stream_thread_process_rate", "kafka_stream_thread_process_latency_avg",
            "kafka_stream_thread_commit_latency_avg", "kafka_stream_thread_commit_latency_max",
            "kafka_stream_thread_punctuate_latency_avg", "kafka_stream_alive_stream_threads",
            "kafka_consumer_fetch_manager_records_lag_max", "kafka_producer_record_send_rate");

    public static final List<String> STREAMS_APP = concat(STREAMS_APP_OWN, STREAMS_APP_KAFKA, JVM);

    /** The alert sink's own series. */
    public static final List<String> ALERT_SINK_OWN = List.of(
            "agentwatch_sink_deliveries_total", "agentwatch_sink_retries_total", "agentwatch_sink_notifications_parked_total",
            "agentwatch_sink_records_parked_total", "agentwatch_sink_queue_notifications", "agentwatch_sink_queue_parking",
            "agentwatch_sink_queue_capacity", "agentwatch_sink_dead_letter_waiting",
            "agentwatch_sink_notification_latency_seconds_bucket", "agentwatch_sink_notification_latency_seconds_count",
            "agentwatch_sink_notification_latency_seconds_sum");

    /** Its alerts consumer's metrics, through Micrometer's KafkaClientMetrics. */
    public static final List<String> ALERT_SINK_KAFKA = List.of(
            "kafka_consumer_fetch_manager_records_lag_max", "kafka_consumer_fetch_manager_records_consumed_rate",
            "kafka_consumer_coordinator_commit_latency_avg");

    public static final List<String> ALERT_SINK = concat(ALERT_SINK_OWN, ALERT_SINK_KAFKA, JVM);

    /** The gateway's own series. */
    public static final List<String> GATEWAY_OWN = List.of(
            "agentwatch_gateway_requests_total", "agentwatch_gateway_events_total", "agentwatch_gateway_rejections_total",
            "agentwatch_gateway_produce_latency_seconds_bucket", "agentwatch_gateway_produce_latency_seconds_count",
            "agentwatch_gateway_produce_latency_seconds_sum", "agentwatch_gateway_inflight_events");

    /** Its producer's metrics, through Micrometer's KafkaClientMetrics. */
    public static final List<String> GATEWAY_KAFKA = List.of(
            "kafka_producer_record_send_rate", "kafka_producer_request_latency_avg", "kafka_producer_record_error_rate");

    public static final List<String> GATEWAY = concat(GATEWAY_OWN, GATEWAY_KAFKA, JVM);

    private ExposedSeries() {
    }

    /** Every name any app exposes. */
    public static Set<String> all() {
        Set<String> out = new LinkedHashSet<>(STREAMS_APP);
        out.addAll(ALERT_SINK);
        out.addAll(GATEWAY);
        return out;
    }

    @SafeVarargs
    private static List<String> concat(List<String>... lists) {
        return Stream.of(lists).flatMap(List::stream).distinct().toList();
    }
}
