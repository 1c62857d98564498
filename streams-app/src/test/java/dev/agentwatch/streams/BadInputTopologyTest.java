package dev.agentwatch.streams;

import dev.agentwatch.ingest.IngestCounters;
import dev.agentwatch.schema.AvroSerdeConfig;
import dev.agentwatch.schema.MetricEvent;
import dev.agentwatch.schema.serde.AvroSerializer;
import dev.agentwatch.topics.DeadLetterHeaders;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every bad-input case of SPEC section 5 through the real topology (TopologyTestDriver) with real serdes over an
 * in-memory schema registry ({@link MockRegistry}): each bad record lands in the DLQ with its reason and source
 * offset, and every good record around it is counted in the agent's slices.
 */
class BadInputTopologyTest {

    private static final long NOW = 1_704_067_200_000L;

    private final MockRegistry registry = new MockRegistry();
    private StreamsSettings settings;
    private TopologyTestDriver driver;
    private TestInputTopic<byte[], byte[]> input;
    private TestOutputTopic<byte[], byte[]> dlq;
    private AvroSerializer<MetricEvent> serializer;
    private IngestCounters counters;
    private int seq;

    @BeforeEach
    void start() {
        settings = TestSettings.of("unused:9092", registry.url(), registry.uniqueName("bad-input"), TestSettings.prices());
        TopologyFixture fixture = new TopologyFixture(settings, (b, changed) -> { });
        serializer = fixture.metricSerializer();
        counters = fixture.counters;
        driver = new TopologyTestDriver(fixture.topology, StreamsAppMain.streamsProperties(settings),
                Instant.ofEpochMilli(NOW + TestSettings.WALL_CLOCK_AHEAD_MS));
        input = driver.createInputTopic(settings.topics().metrics(), new ByteArraySerializer(), new ByteArraySerializer());
        dlq = driver.createOutputTopic(settings.topics().metricsDlq(),
                new org.apache.kafka.common.serialization.ByteArrayDeserializer(),
                new org.apache.kafka.common.serialization.ByteArrayDeserializer());
    }

    @AfterEach
    void stop() {
        driver.close();
        registry.close();
    }

    @Test
    void everyBadInputCaseIsDeadLetteredWithItsReasonAndGoodRecordsAroundItAreCounted() {
        byte[] valid = encode(good("agent-1", NOW));
        List<String> expectedReasons = new ArrayList<>();
        int goodSent = 0;

        List<KeyValue<String, byte[]>> bad = new ArrayList<>();
        bad.add(KeyValue.pair("not-wire-format", new byte[] {1, 2}));
        bad.add(KeyValue.pair("not-wire-format", new byte[0]));
        byte[] wrongMagic = valid.clone();
        wrongMagic[0] = 7;
        bad.add(KeyValue.pair("bad-magic-byte", wrongMagic));
        byte[] unknownId = valid.clone();
        ByteBuffer.wrap(unknownId, 1, 4).putInt(987_654_321);
        bad.add(KeyValue.pair("unknown-schema-id", unknownId));
        bad.add(KeyValue.pair("truncated-avro", Arrays.copyOf(valid, valid.length - 3)));
        byte[] random = new byte[64];
        new Random(7).nextBytes(random);
        random[0] = 0;
        bad.add(KeyValue.pair(null, random)); // a random body behind a valid-looking header: several reasons fit
        bad.add(KeyValue.pair("incompatible-writer-schema", missingRequiredFieldBytes()));
        bad.add(KeyValue.pair("missing-field", encode(MetricEvent.newBuilder(good("agent-1", NOW)).setEventId("").build())));
        bad.add(KeyValue.pair("negative-value", encode(MetricEvent.newBuilder(good("agent-1", NOW)).setTokensIn(-5L).build())));
        bad.add(KeyValue.pair("not-finite", encode(MetricEvent.newBuilder(good("agent-1", NOW)).setLatencyMs(Double.NaN).build())));
        bad.add(KeyValue.pair("tool-failures-exceed-calls",
                encode(MetricEvent.newBuilder(good("agent-1", NOW)).setToolCalls(2).setToolFailures(3).build())));
        bad.add(KeyValue.pair("invalid-sample-rate", encode(MetricEvent.newBuilder(good("agent-1", NOW)).setSampleRate(0.0).build())));
        bad.add(KeyValue.pair("future-timestamp", encode(good("agent-1", NOW + TestSettings.WALL_CLOCK_AHEAD_MS + 25 * 3_600_000L))));
        bad.add(KeyValue.pair("expired-timestamp", encode(good("agent-1", NOW - 8 * 86_400_000L))));
        bad.add(KeyValue.pair("invalid-agent-id", encode(good("x".repeat(201), NOW))));

        for (KeyValue<String, byte[]> b : bad) {
            goodSent += sendGood(3, NOW);
            input.pipeInput(new TestRecord<>("agent-1".getBytes(StandardCharsets.UTF_8), b.value, Instant.ofEpochMilli(NOW)));
            expectedReasons.add(b.key);
        }
        // Key must be the agent id.
        input.pipeInput(new TestRecord<>("someone-else".getBytes(StandardCharsets.UTF_8), encode(good("agent-1", NOW)),
                Instant.ofEpochMilli(NOW)));
        expectedReasons.add("key-mismatch");
        // Late: the partition's event time moves 2 min ahead, then an event 31 s behind it arrives.
        goodSent += sendGood(1, NOW + 120_000);
        input.pipeInput(key("agent-1"), encode(good("agent-1", NOW + 120_000 - 31_000)));
        expectedReasons.add("late");
        goodSent += sendGood(1, NOW + 120_000 - 29_000); // within grace: counted
        goodSent += sendGood(3, NOW + 121_000);

        List<TestRecord<byte[], byte[]>> dead = dlq.readRecordsToList();
        assertThat(dead).hasSize(expectedReasons.size());
        for (int i = 0; i < dead.size(); i++) {
            var h = dead.get(i).headers();
            String reason = DeadLetterHeaders.text(h, DeadLetterHeaders.REASON);
            if (expectedReasons.get(i) == null) {
                assertThat(reason).isIn("corrupt-avro", "truncated-avro", "trailing-bytes", "unknown-schema-id",
                        "incompatible-writer-schema");
            } else {
                assertThat(reason).as("dead letter %d: %s", i, DeadLetterHeaders.text(h, DeadLetterHeaders.DETAIL))
                        .isEqualTo(expectedReasons.get(i));
            }
            assertThat(DeadLetterHeaders.text(h, DeadLetterHeaders.DETAIL)).isNotBlank();
            assertThat(DeadLetterHeaders.text(h, DeadLetterHeaders.SOURCE_TOPIC)).isEqualTo(settings.topics().metrics());
            assertThat(DeadLetterHeaders.text(h, DeadLetterHeaders.SOURCE_OFFSET)).matches("\\d+");
        }
        // The original bytes travel unchanged, so a fixed consumer can replay them.
        assertThat(dead.get(2).value()).isEqualTo(wrongMagic);

        assertThat(counters.acceptedCount()).isEqualTo(goodSent);
        assertThat(countedInSlices()).isEqualTo(goodSent);
        long deadCount = counters.deadLetteredByReason().values().stream().mapToLong(Long::longValue).sum();
        assertThat(deadCount).isEqualTo(expectedReasons.size());
    }

    private long countedInSlices() {
        return DriverHarness.countedInSlices(driver);
    }

    private int sendGood(int n, long ts) {
        for (int i = 0; i < n; i++) {
            input.pipeInput(key("agent-1"), encode(good("agent-1", ts)));
        }
        return n;
    }

    private static byte[] key(String agent) {
        return agent.getBytes(StandardCharsets.UTF_8);
    }

    private byte[] encode(MetricEvent e) {
        return serializer.serialize(settings.topics().metrics(), e);
    }

    private MetricEvent good(String agent, long ts) {
        return MetricEvent.newBuilder()
                .setEventId("e-" + seq++)
                .setAgentId(agent)
                .setTimestamp(Instant.ofEpochMilli(ts))
                .setSuccess(true)
                .setTokensIn(1200L)
                .setTokensOut(300L)
                .setLatencyMs(1500.0)
                .setModel("gpt-4o")
                .build();
    }

    /** An event written with a schema that lacks the required agent_id (registered under its own subject). */
    private byte[] missingRequiredFieldBytes() {
        Schema noAgent = SchemaBuilder.record("MetricEvent").namespace("dev.agentwatch.schema").fields()
                .requiredString("event_id")
                .name("timestamp").type(org.apache.avro.LogicalTypes.timestampMillis().addToSchema(Schema.create(Schema.Type.LONG))).noDefault()
                .requiredBoolean("success")
                .endRecord();
        GenericRecord r = new GenericData.Record(noAgent);
        r.put("event_id", "e-x");
        r.put("timestamp", NOW);
        r.put("success", true);
        AvroSerializer<GenericRecord> generic = new AvroSerializer<>();
        generic.configure(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, registry.url()), false);
        return generic.serialize(registry.uniqueName("legacy-producer"), r);
    }
}
