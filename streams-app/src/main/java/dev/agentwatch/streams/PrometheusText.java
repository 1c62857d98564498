package dev.agentwatch.streams;

import dev.agentwatch.ingest.IngestCounters;
import dev.agentwatch.rules.RuleBook;
import dev.agentwatch.streams.agents.AgentAdmission;
import org.apache.kafka.streams.KafkaStreams;

/** The streams app's own counters in the Prometheus text exposition format. */
final class PrometheusText {

    private PrometheusText() {
    }

    static String render(IngestCounters counters, RuleBook rules, StreamsHealth health, AgentAdmission admission) {
        StringBuilder b = new StringBuilder(1024);
        counter(b, "agentwatch_events_accepted_total", "Metric events that passed validation and were counted.",
                counters.acceptedCount());
        b.append("# HELP agentwatch_events_dead_lettered_total Metric events sent to the dead-letter topic, by reason.\n");
        b.append("# TYPE agentwatch_events_dead_lettered_total counter\n");
        counters.deadLetteredByReason().forEach((reason, n) ->
                b.append("agentwatch_events_dead_lettered_total{reason=\"").append(reason).append("\"} ").append(n).append('\n'));
        counter(b, "agentwatch_events_duplicate_total",
                "Metric events whose event_id their agent had sent within the de-duplication window (counted once).",
                counters.duplicateCount());
        counter(b, "agentwatch_dead_letters_truncated_total",
                "Dead letters cut down (key, value or headers) to fit the producer's record size.",
                counters.truncatedDeadLetterCount());
        counter(b, "agentwatch_processing_failures_total",
                "Exceptions that escaped a processor or punctuator and were skipped instead of failing the thread.",
                counters.processingFailureCount());
        gauge(b, "agentwatch_agents", "Agents this instance keeps state for.", admission.agents());
        gauge(b, "agentwatch_agents_max", "The cap on agents this instance keeps (streams.max_agents).", admission.cap());
        gauge(b, "agentwatch_rule_version", "Version (hash) of the rule set this instance runs; 0 for none.",
                rules.current().version());
        counter(b, "agentwatch_rules_refused_total",
                "Rules-topic records that did not compile here (the running rules stayed).", rules.refusedCount());
        counter(b, "agentwatch_stream_thread_failures_total",
                "Stream threads that died and were replaced.", health.threadFailures());
        gauge(b, "agentwatch_streams_running", "Whether Kafka Streams is RUNNING (1) or not (0).",
                health.state() == KafkaStreams.State.RUNNING ? 1 : 0);
        b.append("# HELP agentwatch_streams_state The Kafka Streams state this instance is in (1 for the current one).\n");
        b.append("# TYPE agentwatch_streams_state gauge\n");
        for (KafkaStreams.State s : KafkaStreams.State.values()) {
            b.append("agentwatch_streams_state{state=\"").append(s).append("\"} ").append(health.state() == s ? 1 : 0).append('\n');
        }
        return b.toString();
    }

    private static void counter(StringBuilder b, String name, String help, long value) {
        b.append("# HELP ").append(name).append(' ').append(help).append('\n');
        b.append("# TYPE ").append(name).append(" counter\n");
        b.append(name).append(' ').append(value).append('\n');
    }

    private static void gauge(StringBuilder b, String name, String help, long value) {
        b.append("# HELP ").append(name).append(' ').append(help).append('\n');
        b.append("# TYPE ").append(name).append(" gauge\n");
        b.append(name).append(' ').append(value).append('\n');
    }
}
