package dev.agentwatch.streams;

import dev.agentwatch.alerting.AlertTally;
import dev.agentwatch.fleet.FleetView;
import dev.agentwatch.ingest.IngestCounters;
import dev.agentwatch.rules.RuleBook;
import dev.agentwatch.rules.RuleCompileOptions;
import dev.agentwatch.schema.AvroSerdeConfig;
import dev.agentwatch.schema.MetricEvent;
import dev.agentwatch.schema.serde.AvroSerializer;
import dev.agentwatch.streams.agents.AgentAdmission;
import dev.agentwatch.window.WindowEngine;
import org.apache.kafka.streams.Topology;

import java.util.Map;

/** The production topology wired for a test: real serdes against the given registry, observable outputs. */
final class TopologyFixture {

    final StreamsSettings settings;
    final IngestCounters counters = new IngestCounters();
    final FleetView fleet = new FleetView();
    final AlertTally alerts = new AlertTally();
    final RuleBook rules;
    final Topology topology;

    TopologyFixture(StreamsSettings settings, WindowEngine.TickListener ticks) {
        this(settings, ticks, AgentAdmission.unlimited());
    }

    TopologyFixture(StreamsSettings settings, WindowEngine.TickListener ticks, AgentAdmission admission) {
        this.settings = settings;
        this.rules = new RuleBook(new RuleCompileOptions(settings.slice()));
        this.topology = AppTopology.build(settings, new AppTopology.Shared(counters, rules, fleet, admission, ticks, alerts)).topology();
    }

    /** A serializer for metric events, as producers use it. */
    AvroSerializer<MetricEvent> metricSerializer() {
        AvroSerializer<MetricEvent> serializer = new AvroSerializer<>();
        serializer.configure(serdeConfig(settings), false);
        return serializer;
    }

    private static Map<String, Object> serdeConfig(StreamsSettings settings) {
        return Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, settings.kafka().schemaRegistryUrl());
    }
}
