package dev.agentwatch.streams;

import dev.agentwatch.alerting.AlertTally;
import dev.agentwatch.fleet.FleetView;
import dev.agentwatch.ingest.IngestCounters;
import dev.agentwatch.ingest.MetricDecoder;
import dev.agentwatch.ingest.SchemaFetchFailures;
import dev.agentwatch.rules.RuleBook;
import dev.agentwatch.schema.MetricEvent;
import dev.agentwatch.schema.validation.EventValidator;
import dev.agentwatch.streams.agents.AgentAdmission;
import dev.agentwatch.streams.agents.AgentProcessor;
import dev.agentwatch.streams.agents.SliceStore;
import dev.agentwatch.streams.ruletopic.RulesTopicProcessor;
import dev.agentwatch.window.WindowEngine;
import dev.agentwatch.window.WindowSpec;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * The streams app's topology, built by one pure function of its inputs so tests drive exactly what runs:
 * metrics bytes -> decode + validate (bad records to the DLQ with the reason) -> event-time clock (late
 * records to the DLQ) -> per-agent slices, windows and baselines -> rule evaluation -> alert events. The
 * rules topic feeds a global store, so every instance runs the same rule set.
 */
public final class AgentwatchTopology {

    public static final String SOURCE = "metrics-source";
    public static final String DECODE = "decode-validate";
    public static final String DLQ_SINK = "metrics-dlq-sink";
    public static final String WINDOWS = "agent-windows";
    public static final String SLICES_STORE = "agent-slices";
    public static final String BASELINE_STORE = "baseline-buckets";
    public static final String ALERT_STORE = "alert-states";
    public static final String ALERTS_SINK = "alerts-sink";
    public static final String RULES_SOURCE = "rules-source";
    public static final String RULES_PROCESSOR = "rules-book";
    public static final String RULES_STORE = "rules-global";

    private AgentwatchTopology() {
    }

    /** What the topology needs besides configuration: collaborators that own resources or are shared. */
    public record Wiring(Deserializer<MetricEvent> metricDeserializer, IngestCounters counters,
                         WindowEngine.TickListener ticks, FleetView fleet, RuleBook rules, AgentAdmission admission,
                         AlertTally alerts) {

        /** Alerts tallied apart, for tools and tests that do not read them. */
        public Wiring(Deserializer<MetricEvent> metricDeserializer, IngestCounters counters,
                      WindowEngine.TickListener ticks, FleetView fleet, RuleBook rules, AgentAdmission admission) {
            this(metricDeserializer, counters, ticks, fleet, rules, admission, new AlertTally());
        }

        /** Without an agent cap, for tools and tests that do not exercise it. */
        public Wiring(Deserializer<MetricEvent> metricDeserializer, IngestCounters counters,
                      WindowEngine.TickListener ticks, FleetView fleet, RuleBook rules) {
            this(metricDeserializer, counters, ticks, fleet, rules, AgentAdmission.unlimited());
        }
    }

    public static Topology build(StreamsSettings settings, Topics topics, WindowSpec windows, Wiring wiring) {
        EventValidator validator = new EventValidator(settings.maxFuture(), settings.maxEventAge());
        SchemaFetchFailures fetchFailures = new SchemaFetchFailures();
        var windowSettings = new AgentProcessor.Settings(SLICES_STORE, BASELINE_STORE, ALERT_STORE, topics.metricsRaw.name(),
                DLQ_SINK, ALERTS_SINK, windows.withHold(settings.dedupWindow()), settings.prices(), settings.agentTtl(),
                settings.idleAdvanceAfter(), settings.maxBacklog());
        Topology t = new Topology();
        t.addSource(SOURCE, topics.metricsRaw.keySerde().deserializer(), topics.metricsRaw.valueSerde().deserializer(),
                topics.metricsRaw.name());
        t.addProcessor(DECODE, () -> new MetricDecoder(topics.metricsRaw.name(), wiring.metricDeserializer(), validator,
                wiring.counters(), WINDOWS, DLQ_SINK, settings.maxRecordBytes(), fetchFailures), SOURCE);
        t.addProcessor(WINDOWS, () -> new AgentProcessor(windowSettings, wiring.rules(), wiring.counters(), wiring.ticks(),
                wiring.fleet(), wiring.admission(), wiring.alerts()), DECODE);
        t.addStateStore(SliceStore.builder(SLICES_STORE), WINDOWS);
        t.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(BASELINE_STORE),
                Serdes.Bytes(), Serdes.ByteArray()).withCachingEnabled(), WINDOWS);
        t.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(ALERT_STORE),
                Serdes.Bytes(), Serdes.ByteArray()).withCachingEnabled(), WINDOWS);
        t.addSink(ALERTS_SINK, topics.alerts.name(), topics.alerts.keySerde().serializer(), topics.alerts.valueSerde().serializer(),
                WINDOWS);
        // The global store keeps the rules record; its processor installs each new rule set (no changelog:
        // the compacted rules topic is the store's source of truth).
        t.addGlobalStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(RULES_STORE),
                        topics.rules.keySerde(), topics.rules.valueSerde()).withLoggingDisabled(),
                RULES_SOURCE, topics.rules.keySerde().deserializer(), topics.rules.valueSerde().deserializer(),
                topics.rules.name(), RULES_PROCESSOR, () -> new RulesTopicProcessor(RULES_STORE, topics.rules.name(), wiring.rules()));
        // Both stages dead-letter: the decoder for bad bytes and content, the windows for late events.
        t.addSink(DLQ_SINK, topics.metricsDlq.name(), topics.metricsDlq.keySerde().serializer(),
                topics.metricsDlq.valueSerde().serializer(), DECODE, WINDOWS);
        return t;
    }
}
