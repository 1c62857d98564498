package dev.agentwatch.streams;

import dev.agentwatch.alerting.AlertTally;
import dev.agentwatch.fleet.FleetView;
import dev.agentwatch.ingest.IngestCounters;
import dev.agentwatch.rules.RuleBook;
import dev.agentwatch.schema.AlertEvent;
import dev.agentwatch.schema.AvroSerdeConfig;
import dev.agentwatch.schema.MetricEvent;
import dev.agentwatch.schema.serde.AvroDeserializer;
import dev.agentwatch.schema.serde.AvroSerde;
import dev.agentwatch.streams.agents.AgentAdmission;
import dev.agentwatch.window.WindowEngine;
import dev.agentwatch.window.WindowSpec;
import org.apache.kafka.streams.Topology;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The topology exactly as the app runs it, wired from its settings: our serdes against the configured registry,
 * the configured topics, the default windows. The app, the benchmarks and the tests all take it from here, so
 * what they measure and check is what runs. Closing it closes the serdes.
 */
public record AppTopology(Topology topology, AvroDeserializer<MetricEvent> metrics, AvroSerde<AlertEvent> alerts)
        implements AutoCloseable {

    /** Window lengths of the seed rules until rules drive them: 1 min (default), 5 min, 10 min. */
    public static final List<Duration> DEFAULT_WINDOWS = List.of(Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofMinutes(10));

    /** Collaborators shared with the rest of the process (its HTTP API and /metrics, a benchmark's counters). */
    public record Shared(IngestCounters counters, RuleBook rules, FleetView fleet, AgentAdmission admission,
                         WindowEngine.TickListener ticks, AlertTally alerts) {

        /** Alerts tallied where nothing reads them, for tools and tests that do not. */
        public Shared(IngestCounters counters, RuleBook rules, FleetView fleet, AgentAdmission admission,
                      WindowEngine.TickListener ticks) {
            this(counters, rules, fleet, admission, ticks, new AlertTally());
        }

        /** No agent cap and no tick listener, for tools and tests that do not exercise them. */
        public Shared(IngestCounters counters, RuleBook rules) {
            this(counters, rules, new FleetView(), AgentAdmission.unlimited(), (boundary, changed) -> { });
        }

        public Shared withTicks(WindowEngine.TickListener listener) {
            return new Shared(counters, rules, fleet, admission, listener, alerts);
        }
    }

    public static AppTopology build(StreamsSettings settings, Shared shared) {
        Map<String, Object> serdeConfig = Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, settings.kafka().schemaRegistryUrl());
        AvroDeserializer<MetricEvent> metrics = new AvroDeserializer<>(MetricEvent.class);
        metrics.configure(serdeConfig, false);
        AvroSerde<AlertEvent> alerts = new AvroSerde<>(AlertEvent.class);
        alerts.configure(serdeConfig, false);
        Topology topology = AgentwatchTopology.build(settings, new Topics(settings.topics(), alerts),
                WindowSpec.forFleetView(settings.slice(), settings.grace(), DEFAULT_WINDOWS),
                new AgentwatchTopology.Wiring(metrics, shared.counters(), shared.ticks(), shared.fleet(), shared.rules(),
                        shared.admission(), shared.alerts()));
        return new AppTopology(topology, metrics, alerts);
    }

    @Override
    public void close() {
        metrics.close();
        alerts.close();
    }
}
