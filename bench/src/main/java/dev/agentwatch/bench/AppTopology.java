package dev.agentwatch.bench;

import dev.agentwatch.fleet.FleetView;
import dev.agentwatch.ingest.IngestCounters;
import dev.agentwatch.rules.RuleBook;
import dev.agentwatch.schema.AlertEvent;
import dev.agentwatch.schema.AvroSerdeConfig;
import dev.agentwatch.schema.MetricEvent;
import dev.agentwatch.schema.serde.AvroDeserializer;
import dev.agentwatch.schema.serde.AvroSerde;
import dev.agentwatch.streams.AgentwatchTopology;
import dev.agentwatch.streams.StreamsAppMain;
import dev.agentwatch.streams.StreamsSettings;
import dev.agentwatch.streams.Topics;
import dev.agentwatch.window.WindowEngine;
import dev.agentwatch.window.WindowSpec;
import org.apache.kafka.streams.Topology;

import java.util.Map;

/** The app's topology as StreamsAppMain wires it (its windows, our serdes), with the serdes to close after the run. */
record AppTopology(Topology topology, AvroDeserializer<MetricEvent> metrics, AvroSerde<AlertEvent> alerts) implements AutoCloseable {

    static AppTopology build(StreamsSettings settings, RuleBook rules, IngestCounters counters, WindowEngine.TickListener ticks) {
        Map<String, Object> serdeConfig = Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, settings.kafka().schemaRegistryUrl());
        AvroDeserializer<MetricEvent> metrics = new AvroDeserializer<>(MetricEvent.class);
        metrics.configure(serdeConfig, false);
        AvroSerde<AlertEvent> alerts = new AvroSerde<>(AlertEvent.class);
        alerts.configure(serdeConfig, false);
        Topology topology = AgentwatchTopology.build(settings, new Topics(settings.topics(), alerts),
                WindowSpec.forFleetView(settings.slice(), settings.grace(), StreamsAppMain.DEFAULT_WINDOWS),
                new AgentwatchTopology.Wiring(metrics, counters, ticks, new FleetView(), rules));
        return new AppTopology(topology, metrics, alerts);
    }

    @Override
    public void close() {
        metrics.close();
        alerts.close();
    }
}
