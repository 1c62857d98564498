package dev.agentwatch.streams;

import dev.agentwatch.ingest.IngestCounters;
import dev.agentwatch.rules.RuleBook;
import org.apache.kafka.streams.KafkaStreams;

/** The streams app's own counters in the Prometheus text exposition format. */
final class PrometheusText {

    private PrometheusText() {
    }

    static String render(IngestCounters counters, RuleBook rules, KafkaStreams streams) {
        StringBuilder b = new StringBuilder(512);
        b.append("# HELP agentwatch_events_accepted_total Metric events that passed validation.\n");
        b.append("# TYPE agentwatch_events_accepted_total counter\n");
        b.append("agentwatch_events_accepted_total ").append(counters.acceptedCount()).append('\n');
        b.append("# HELP agentwatch_events_dead_lettered_total Metric events sent to the dead-letter topic, by reason.\n");
        b.append("# TYPE agentwatch_events_dead_lettered_total counter\n");
        counters.deadLetteredByReason().forEach((reason, n) ->
                b.append("agentwatch_events_dead_lettered_total{reason=\"").append(reason).append("\"} ").append(n).append('\n'));
        b.append("# HELP agentwatch_rule_version Version (hash) of the rule set this instance runs; 0 for none.\n");
        b.append("# TYPE agentwatch_rule_version gauge\n");
        b.append("agentwatch_rule_version ").append(rules.current().version()).append('\n');
        b.append("# HELP agentwatch_rules_refused_total Rules-topic records that did not compile here (the running rules stayed).\n");
        b.append("# TYPE agentwatch_rules_refused_total counter\n");
        b.append("agentwatch_rules_refused_total ").append(rules.refusedCount()).append('\n');
        b.append("# HELP agentwatch_streams_running Whether Kafka Streams is RUNNING (1) or not (0).\n");
        b.append("# TYPE agentwatch_streams_running gauge\n");
        b.append("agentwatch_streams_running ").append(streams.state() == KafkaStreams.State.RUNNING ? 1 : 0).append('\n');
        return b.toString();
    }
}
