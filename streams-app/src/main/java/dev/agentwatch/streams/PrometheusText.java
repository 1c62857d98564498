package dev.agentwatch.streams;

import dev.agentwatch.ingest.IngestCounters;
import org.apache.kafka.streams.KafkaStreams;

/** The streams app's own counters in the Prometheus text exposition format. */
final class PrometheusText {

    private PrometheusText() {
    }

    static String render(IngestCounters counters, KafkaStreams streams) {
        StringBuilder b = new StringBuilder(512);
        b.append("# HELP agentwatch_events_accepted_total Metric events that passed validation.\n");
        b.append("# TYPE agentwatch_events_accepted_total counter\n");
        b.append("agentwatch_events_accepted_total ").append(counters.acceptedCount()).append('\n');
        b.append("# HELP agentwatch_events_dead_lettered_total Metric events sent to the dead-letter topic, by reason.\n");
        b.append("# TYPE agentwatch_events_dead_lettered_total counter\n");
        counters.deadLetteredByReason().forEach((reason, n) ->
                b.append("agentwatch_events_dead_lettered_total{reason=\"").append(reason).append("\"} ").append(n).append('\n'));
        b.append("# HELP agentwatch_streams_running Whether Kafka Streams is RUNNING (1) or not (0).\n");
        b.append("# TYPE agentwatch_streams_running gauge\n");
        b.append("agentwatch_streams_running ").append(streams.state() == KafkaStreams.State.RUNNING ? 1 : 0).append('\n');
        return b.toString();
    }
}
