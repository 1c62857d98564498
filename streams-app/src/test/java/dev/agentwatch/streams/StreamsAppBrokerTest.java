package dev.agentwatch.streams;

import dev.agentwatch.ingest.IngestCounters;
import dev.agentwatch.localcluster.junit.LocalKafka;
import dev.agentwatch.localcluster.junit.WithLocalKafka;
import dev.agentwatch.schema.MetricEvent;
import dev.agentwatch.schema.serde.AvroSerializer;
import dev.agentwatch.topics.DeadLetterHeaders;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The streams app against the real broker and registry, exactly-once on: bad records reach the DLQ topic
 * (read_committed) with their reason, good records are counted and tick the windows.
 */
@WithLocalKafka
class StreamsAppBrokerTest {

    @Test
    void badRecordsReachTheDeadLetterTopicAndGoodOnesAreAggregated(LocalKafka kafka) throws Exception {
        String prefix = kafka.uniqueName("it");
        StreamsSettings settings = TestSettings.of(kafka.bootstrapServers(), kafka.schemaRegistryUrl(), prefix, TestSettings.prices());
        BrokerHarness.createTopics(kafka, settings.topics());
        AtomicLong ticks = new AtomicLong();
        TopologyFixture fixture = new TopologyFixture(settings, (b, changed) -> ticks.addAndGet(changed.size()));
        IngestCounters counters = fixture.counters;
        var topology = fixture.topology;
        Properties props = StreamsAppMain.streamsProperties(settings);
        props.put("state.dir", Files.createTempDirectory("aw-state").toString());
        props.put("commit.interval.ms", 100);

        AvroSerializer<MetricEvent> serializer = fixture.metricSerializer();
        long start = System.currentTimeMillis() - 120_000; // 100 s of event time, all before the wall clock
        int good = 0;
        int bad = 0;
        try (KafkaStreams streams = new KafkaStreams(topology, props);
             KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                     ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                     new ByteArraySerializer(), new ByteArraySerializer())) {
            streams.start();
            for (int i = 0; i < 200; i++) {
                String agent = "agent-" + (i % 5);
                MetricEvent e = MetricEvent.newBuilder().setEventId("e" + i).setAgentId(agent)
                        .setTimestamp(Instant.ofEpochMilli(start + i * 500L)).setSuccess(i % 10 != 0)
                        .setLatencyMs(100.0 + i).setTokensIn(100L).setTokensOut(20L).build();
                producer.send(new ProducerRecord<>(settings.topics().metrics(), agent.getBytes(StandardCharsets.UTF_8),
                        serializer.serialize(settings.topics().metrics(), e)));
                good++;
                if (i % 20 == 0) {
                    producer.send(new ProducerRecord<>(settings.topics().metrics(), agent.getBytes(StandardCharsets.UTF_8),
                            ("{\"agent_id\":\"" + agent + "\"}").getBytes(StandardCharsets.UTF_8)));
                    bad++;
                }
            }
            producer.flush();

            List<ConsumerRecord<byte[], byte[]>> dead = new ArrayList<>();
            try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                    ConsumerConfig.GROUP_ID_CONFIG, prefix + "-dlq-reader",
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                    ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                    new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
                consumer.subscribe(List.of(settings.topics().metricsDlq()));
                long deadline = System.currentTimeMillis() + 60_000;
                while ((dead.size() < bad || counters.acceptedCount() < good) && System.currentTimeMillis() < deadline) {
                    consumer.poll(Duration.ofMillis(200)).forEach(dead::add);
                }
            }
            assertThat(streams.state()).isEqualTo(KafkaStreams.State.RUNNING);
            assertThat(dead).hasSize(bad);
            for (ConsumerRecord<byte[], byte[]> r : dead) {
                assertThat(DeadLetterHeaders.text(r.headers(), DeadLetterHeaders.REASON)).isEqualTo("bad-magic-byte");
                assertThat(DeadLetterHeaders.text(r.headers(), DeadLetterHeaders.DETAIL)).contains("magic");
            }
            assertThat(counters.acceptedCount()).isEqualTo(good);
            assertThat(counters.deadLetteredCount("bad-magic-byte")).isEqualTo(bad);
            // 100 s of event time over 10 s slices: the windows ticked for the agents.
            assertThat(ticks.get()).isGreaterThan(0);
        }
    }

    @Test
    void windowsAndBaselinesComeBackFromTheChangelogsAfterARestartWithEmptyLocalState(LocalKafka kafka) throws Exception {
        String prefix = kafka.uniqueName("restart");
        StreamsSettings settings = TestSettings.of(kafka.bootstrapServers(), kafka.schemaRegistryUrl(), prefix,
                TestSettings.prices(), Duration.ofMinutes(30));
        BrokerHarness.createTopics(kafka, settings.topics());
        AvroSerializer<MetricEvent> serializer = new TopologyFixture(settings, (b, c) -> { }).metricSerializer();
        // Two hours of one agent, one event every 10 s, 1000 + 200 tokens each; ends 1 h ago.
        long start = System.currentTimeMillis() - 3 * 3_600_000L;
        int n = 720;
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()), new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < n; i++) {
                MetricEvent e = MetricEvent.newBuilder().setEventId("r" + i).setAgentId("steady")
                        .setTimestamp(Instant.ofEpochMilli(start + i * 10_000L)).setSuccess(true)
                        .setLatencyMs(800.0).setTokensIn(1000L).setTokensOut(200L).build();
                producer.send(new ProducerRecord<>(settings.topics().metrics(), "steady".getBytes(StandardCharsets.UTF_8),
                        serializer.serialize(settings.topics().metrics(), e)));
            }
        }
        var before = runUntil(kafka, settings, n, Files.createTempDirectory("aw-state-1").toString());
        assertThat(before.tokensPerRequestBaseline()).isCloseTo(1200.0, org.assertj.core.api.Assertions.within(1e-9));

        // A new instance with an empty state directory: everything must come back from the changelogs.
        var after = runUntil(kafka, settings, 0, Files.createTempDirectory("aw-state-2").toString());
        assertThat(after.sampleCount()).isEqualTo(before.sampleCount());
        assertThat(after.tokensPerRequestBaseline()).isEqualTo(before.tokensPerRequestBaseline());
        assertThat(after.lastEventMs()).isEqualTo(before.lastEventMs());
        assertThat(after.latencyP95()).isEqualTo(before.latencyP95());
    }

    /** Runs the app until {@code accepted} events were processed and "steady" is in the fleet view. */
    private static dev.agentwatch.fleet.AgentSnapshot runUntil(LocalKafka kafka, StreamsSettings settings, int accepted,
                                                                String stateDir) throws Exception {
        TopologyFixture fixture = new TopologyFixture(settings, (b, changed) -> { });
        IngestCounters counters = fixture.counters;
        var fleet = fixture.fleet;
        var topology = fixture.topology;
        Properties props = StreamsAppMain.streamsProperties(settings);
        props.put("state.dir", stateDir);
        props.put("commit.interval.ms", 100);
        try (KafkaStreams streams = new KafkaStreams(topology, props)) {
            streams.start();
            long deadline = System.currentTimeMillis() + 90_000;
            while ((counters.acceptedCount() < accepted || fleet.agent("steady").isEmpty()
                    || streams.state() != KafkaStreams.State.RUNNING) && System.currentTimeMillis() < deadline) {
                Thread.sleep(100);
            }
            assertThat(counters.acceptedCount()).isEqualTo(accepted);
            Thread.sleep(1_500); // one more wall-clock publish, after the last event
            return fleet.agent("steady").orElseThrow(() -> new AssertionError("agent not in the fleet view"));
        }
    }
}
