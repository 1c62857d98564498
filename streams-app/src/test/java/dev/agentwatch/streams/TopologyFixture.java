package dev.agentwatch.streams;

import dev.agentwatch.fleet.FleetView;
import dev.agentwatch.ingest.IngestCounters;
import dev.agentwatch.rules.RuleBook;
import dev.agentwatch.rules.RuleCompileOptions;
import dev.agentwatch.schema.AlertEvent;
import dev.agentwatch.schema.AvroSerdeConfig;
import dev.agentwatch.schema.MetricEvent;
import dev.agentwatch.schema.serde.AvroDeserializer;
import dev.agentwatch.schema.serde.AvroSerde;
import dev.agentwatch.schema.serde.AvroSerializer;
import dev.agentwatch.window.AgentAdmission;
import dev.agentwatch.window.WindowEngine;
import dev.agentwatch.window.WindowSpec;
import org.apache.kafka.streams.Topology;

import java.util.Map;

/** The production topology wired for a test: real serdes against the given registry, observable outputs. */
final class TopologyFixture {

    final StreamsSettings settings;
    final IngestCounters counters = new IngestCounters();
    final FleetView fleet = new FleetView();
    final RuleBook rules;
    final Topology topology;

    TopologyFixture(StreamsSettings settings, WindowEngine.TickListener ticks) {
        this(settings, ticks, AgentAdmission.unlimited());
    }

    TopologyFixture(StreamsSettings settings, WindowEngine.TickListener ticks, AgentAdmission admission) {
        this.settings = settings;
        this.rules = new RuleBook(new RuleCompileOptions(settings.slice()));
        AvroDeserializer<MetricEvent> deserializer = new AvroDeserializer<>(MetricEvent.class);
        deserializer.configure(serdeConfig(settings), false);
        AvroSerde<AlertEvent> alertSerde = new AvroSerde<>(AlertEvent.class);
        alertSerde.configure(serdeConfig(settings), false);
        this.topology = AgentwatchTopology.build(settings, new Topics(settings.topics(), alertSerde),
                WindowSpec.forFleetView(settings.slice(), settings.grace(), StreamsAppMain.DEFAULT_WINDOWS),
                new AgentwatchTopology.Wiring(deserializer, counters, ticks, fleet, rules, admission));
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
