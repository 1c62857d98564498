package dev.agentwatch.streams;

import dev.agentwatch.rules.RuleFiles;
import dev.agentwatch.topics.DeadLetterHeaders;
import dev.agentwatch.rules.RuleSet;
import dev.agentwatch.rules.RulesTopicCodec;
import dev.agentwatch.schema.AlertEvent;
import dev.agentwatch.schema.AvroSerdeConfig;
import dev.agentwatch.schema.MetricEvent;
import dev.agentwatch.schema.serde.AvroDeserializer;
import dev.agentwatch.schema.serde.AvroSerializer;
import dev.agentwatch.streams.agents.AgentAdmission;
import dev.agentwatch.streams.agents.SliceStore;
import dev.agentwatch.window.SliceAggregate;
import dev.agentwatch.window.SliceKeys;
import dev.agentwatch.window.WindowEngine;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The production topology in a TopologyTestDriver with an in-memory registry of its own ({@link MockRegistry}):
 * metric and rules input, alerts and dead-letter output, the driver's wall clock started
 * {@link TestSettings#WALL_CLOCK_AHEAD_MS} after {@code t0}.
 */
final class DriverHarness implements AutoCloseable {

    final StreamsSettings settings;
    final TopologyFixture fixture;
    final TopologyTestDriver driver;
    final TestInputTopic<byte[], byte[]> metrics;
    final TestOutputTopic<byte[], byte[]> dlq;
    final TestOutputTopic<String, AlertEvent> alerts;
    private final TestInputTopic<String, String> rules;
    private final AvroSerializer<MetricEvent> serializer;
    private final MockRegistry registry = new MockRegistry();
    private long wallMs;
    private int seq;

    /** The seed rule that pages on slow calls, which event-time tests watch fire once. */
    static final String TIMEOUT_RULE = """
            - alert: AgentTimeout
              condition: latency_p95 > 30000ms
              severity: CRITICAL
            """;

    DriverHarness(String name, long t0, WindowEngine.TickListener ticks, AgentAdmission admission) {
        settings = TestSettings.of("unused:9092", registry.url(), registry.uniqueName(name), TestSettings.prices());
        fixture = new TopologyFixture(settings, ticks, admission);
        serializer = fixture.metricSerializer();
        wallMs = wallAt(t0);
        driver = new TopologyTestDriver(fixture.topology, StreamsAppMain.streamsProperties(settings, fixture.counters),
                Instant.ofEpochMilli(wallMs));
        metrics = driver.createInputTopic(settings.topics().metrics(), new ByteArraySerializer(), new ByteArraySerializer());
        dlq = driver.createOutputTopic(settings.topics().metricsDlq(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
        rules = driver.createInputTopic(settings.topics().rules(), new StringSerializer(), new StringSerializer());
        AvroDeserializer<AlertEvent> values = new AvroDeserializer<>(AlertEvent.class);
        values.configure(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, registry.url()), false);
        alerts = driver.createOutputTopic(settings.topics().alerts(), new StringDeserializer(), values);
    }

    /** The wall clock the driver started at. */
    static long wallAt(long t0) {
        return t0 + TestSettings.WALL_CLOCK_AHEAD_MS;
    }

    MetricEvent.Builder event(String agent, long ts) {
        int n = seq++;
        return MetricEvent.newBuilder().setEventId("e-" + n).setAgentId(agent).setTimestamp(Instant.ofEpochMilli(ts))
                .setSuccess(true).setTokensIn(100L).setTokensOut(50L).setLatencyMs(1_000.0).setTraceId("t-" + n);
    }

    /**
     * Sends an event as a live producer would: it arrives at its own timestamp, so the wall clock is moved up to
     * it when it is ahead; an event stamped before the wall clock (a backlog, a replay) arrives now.
     */
    void send(MetricEvent.Builder e) {
        MetricEvent event = e.build();
        long ts = event.getTimestamp().toEpochMilli();
        if (ts > wallMs) {
            advanceWallClock(ts - wallMs);
        }
        pipe(event);
    }

    /** Sends an event that arrives now, whatever its timestamp (a producer whose clock is wrong). */
    void sendNow(MetricEvent.Builder e) {
        pipe(e.build());
    }

    void advanceWallClock(long ms) {
        driver.advanceWallClockTime(java.time.Duration.ofMillis(ms));
        wallMs += ms;
    }

    long wallMs() {
        return wallMs;
    }

    private void pipe(MetricEvent event) {
        metrics.pipeInput(event.getAgentId().getBytes(StandardCharsets.UTF_8), encode(event), event.getTimestamp().toEpochMilli());
    }

    void sendRaw(byte[] key, byte[] value) {
        metrics.pipeInput(new TestRecord<>(key, value));
    }

    byte[] encode(MetricEvent e) {
        return serializer.serialize(settings.topics().metrics(), e);
    }

    /** Publishes a rule file as `agentwatch rules apply` does; returns its version. */
    long apply(String ruleFile) {
        RuleSet set = RuleFiles.parse("test-rules.yaml", ruleFile, fixture.rules.options());
        rules.pipeInput(RulesTopicCodec.KEY, RulesTopicCodec.encode(set));
        return set.version();
    }

    /** The reasons of the dead letters written since the last call, in order. */
    List<String> deadLetterReasons() {
        return dlq.readRecordsToList().stream().map(r -> DeadLetterHeaders.text(r.headers(), DeadLetterHeaders.REASON)).toList();
    }

    /** Events counted in the slice store (held and retained slices), from its stored values. */
    long countedInSlices() {
        return countedInSlices(driver);
    }

    /** Events counted in the slice store of a driver of the production topology. */
    static long countedInSlices(TopologyTestDriver driver) {
        long n = 0;
        try (var it = ((SliceStore) driver.getStateStore(AgentwatchTopology.SLICES_STORE)).all()) {
            while (it.hasNext()) {
                var kv = it.next();
                byte[] key = kv.key.get();
                if (!SliceKeys.agentId(key).isEmpty() && SliceKeys.sliceStart(key) != Long.MIN_VALUE) {
                    n += SliceAggregate.decode(ByteBuffer.wrap(kv.value)).rawCount();
                }
            }
        }
        return n;
    }

    @Override
    public void close() {
        driver.close();
        registry.close();
    }
}
