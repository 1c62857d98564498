package dev.agentwatch.streams;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentwatch.localcluster.junit.LocalKafka;
import dev.agentwatch.localcluster.junit.WithLocalKafka;
import dev.agentwatch.schema.MetricEvent;
import dev.agentwatch.schema.serde.AvroSerializer;
import dev.agentwatch.schema.serde.WireFormat;
import dev.agentwatch.topics.DeadLetterHeaders;
import org.apache.avro.Schema;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The records that stalled partitions on a running system, through the real broker and registry with
 * exactly-once on: each is in the dead-letter topic (read_committed) with its reason, the app's committed offsets
 * pass every one of them, no stream thread dies, and every good record is counted. A producer's retry is counted
 * once, also after a restart from the changelogs alone.
 */
@WithLocalKafka
class PoisonRecordsBrokerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final LocalKafka kafka;

    PoisonRecordsBrokerTest(LocalKafka kafka) {
        this.kafka = kafka;
    }

    @Test
    void poisonRecordsAreDeadLetteredOffsetsPassThemAndNoThreadDies() throws Exception {
        String prefix = kafka.uniqueName("poison");
        StreamsSettings settings = TestSettings.of(kafka.bootstrapServers(), kafka.schemaRegistryUrl(), prefix, TestSettings.prices());
        BrokerHarness.createTopics(kafka, settings.topics());
        TopologyFixture fixture = new TopologyFixture(settings, (b, c) -> { });
        AvroSerializer<MetricEvent> serializer = fixture.metricSerializer();
        String topic = settings.topics().metrics();
        long now = System.currentTimeMillis();

        List<ProducerRecord<byte[], byte[]>> poison = new ArrayList<>();
        List<String> reasons = new ArrayList<>();
        poison.add(record(topic, "a-1", serializer.serialize(topic, event("a-1", "p1", now).setSampleRate(1e-320).build())));
        reasons.add("invalid-sample-rate");
        poison.add(new ProducerRecord<>(topic, "k".repeat(600_000).getBytes(StandardCharsets.UTF_8),
                serializer.serialize(topic, event("a-1", "p2", now).build())));
        reasons.add("record-too-large");
        for (String id : List.of("x", "y")) {
            poison.add(record(topic, "a-2", serializer.serialize(topic, event("a-2", id.repeat(600_000), now).build())));
            reasons.add("record-too-large");
        }
        poison.add(record(topic, "a-3", withHeader(registerRecursiveSchema(prefix), new byte[] {2, 2, 2, 0})));
        reasons.add("incompatible-writer-schema");
        poison.add(record(topic, "a-3", withHeader(registerJsonSchema(prefix), new byte[] {2, 'a'})));
        reasons.add("incompatible-writer-schema");

        AtomicInteger threadFailures = new AtomicInteger();
        Properties props = StreamsAppMain.streamsProperties(settings, fixture.counters);
        props.put("state.dir", Files.createTempDirectory("aw-poison").toString());
        props.put("commit.interval.ms", 100);
        int good = 0;
        try (KafkaStreams streams = new KafkaStreams(fixture.topology, props);
             KafkaProducer<byte[], byte[]> producer = producer()) {
            streams.setUncaughtExceptionHandler(e -> {
                threadFailures.incrementAndGet();
                return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
            });
            streams.start();
            for (int i = 0; i < 600; i++) {
                String agent = "a-" + (i % 6);
                producer.send(record(topic, agent, serializer.serialize(topic, event(agent, "g" + i, now + i * 50L).build())));
                good++;
                if (i % 100 == 50) {
                    for (ProducerRecord<byte[], byte[]> p : poison.subList((i / 100) * poison.size() / 6,
                            ((i / 100) + 1) * poison.size() / 6)) {
                        producer.send(p);
                    }
                }
            }
            producer.flush();
            int expectedGood = good;
            List<ConsumerRecord<byte[], byte[]>> dead = readDeadLetters(settings, reasons.size(),
                    () -> fixture.counters.acceptedCount() >= expectedGood);

            assertThat(dead.stream().map(r -> DeadLetterHeaders.text(r.headers(), DeadLetterHeaders.REASON)).sorted().toList())
                    .isEqualTo(reasons.stream().sorted().toList());
            assertThat(fixture.counters.acceptedCount()).isEqualTo(good);
            assertThat(threadFailures.get()).as("stream threads that died").isZero();
            assertThat(streams.state()).isEqualTo(KafkaStreams.State.RUNNING);
            awaitCommittedToTheEnd(settings.applicationId(), topic);
        }
    }

    @Test
    void aRetryIsCountedOnceAlsoAfterARestartFromTheChangelogsAlone() throws Exception {
        String prefix = kafka.uniqueName("dedup");
        StreamsSettings settings = TestSettings.of(kafka.bootstrapServers(), kafka.schemaRegistryUrl(), prefix, TestSettings.prices());
        BrokerHarness.createTopics(kafka, settings.topics());
        String topic = settings.topics().metrics();
        long now = System.currentTimeMillis();
        TopologyFixture first = new TopologyFixture(settings, (b, c) -> { });
        AvroSerializer<MetricEvent> serializer = first.metricSerializer();
        byte[] original = serializer.serialize(topic, event("r", "once", now).build());
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            producer.send(record(topic, "r", original));
            producer.send(record(topic, "r", original));
        }
        runUntil(first, settings, () -> first.counters.acceptedCount() == 1 && first.counters.duplicateCount() == 1);

        TopologyFixture second = new TopologyFixture(settings, (b, c) -> { });
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            producer.send(record(topic, "r", original)); // retried again, after the restart
            producer.send(record(topic, "r", serializer.serialize(topic, event("r", "next", now + 1).build())));
        }
        runUntil(second, settings, () -> second.counters.acceptedCount() == 1);
        assertThat(second.counters.duplicateCount()).isEqualTo(1);
    }

    private void runUntil(TopologyFixture fixture, StreamsSettings settings, BooleanSupplier done) throws Exception {
        Properties props = StreamsAppMain.streamsProperties(settings, fixture.counters);
        props.put("state.dir", Files.createTempDirectory("aw-dedup").toString()); // empty: state from changelogs only
        props.put("commit.interval.ms", 100);
        KafkaStreams streams = new KafkaStreams(fixture.topology, props);
        try {
            streams.start();
            await(done, Duration.ofSeconds(90));
            Thread.sleep(500); // a commit after the last record, so a restart does not process it again
        } finally {
            // Leaving the group hands the partitions over at once instead of after the session timeout.
            streams.close(org.apache.kafka.streams.CloseOptions.groupMembershipOperation(
                    org.apache.kafka.streams.CloseOptions.GroupMembershipOperation.LEAVE_GROUP).withTimeout(Duration.ofSeconds(30)));
        }
    }

    private List<ConsumerRecord<byte[], byte[]>> readDeadLetters(StreamsSettings settings, int expected, BooleanSupplier alsoDone) {
        List<ConsumerRecord<byte[], byte[]>> dead = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, settings.applicationId() + "-dlq-reader",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(settings.topics().metricsDlq()));
            long deadline = System.currentTimeMillis() + 60_000;
            while ((dead.size() < expected || !alsoDone.getAsBoolean()) && System.currentTimeMillis() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(dead::add);
            }
        }
        return dead;
    }

    /** The app's committed offset reaches the end of every partition: no record holds a partition back. */
    private void awaitCommittedToTheEnd(String groupId, String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            List<TopicPartition> partitions = List.of(new TopicPartition(topic, 0), new TopicPartition(topic, 1));
            Map<TopicPartition, Long> ends = admin.listOffsets(partitions.stream()
                    .collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest()))).all().get().entrySet().stream()
                    .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
            await(() -> {
                try {
                    Map<TopicPartition, OffsetAndMetadata> committed =
                            admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata().get();
                    return partitions.stream().allMatch(p -> committed.get(p) != null
                            && committed.get(p).offset() >= ends.get(p));
                } catch (Exception e) {
                    return false;
                }
            }, Duration.ofSeconds(30));
        }
    }

    private static void await(BooleanSupplier condition, Duration timeout) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeout.toMillis();
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("not reached within " + timeout);
            }
            Thread.sleep(100);
        }
    }

    private KafkaProducer<byte[], byte[]> producer() {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 1_000_000), new ByteArraySerializer(), new ByteArraySerializer());
    }

    private static ProducerRecord<byte[], byte[]> record(String topic, String key, byte[] value) {
        return new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), value);
    }

    private static MetricEvent.Builder event(String agent, String id, long ts) {
        return MetricEvent.newBuilder().setEventId(id).setAgentId(agent).setTimestamp(Instant.ofEpochMilli(ts))
                .setSuccess(true).setTokensIn(100L).setTokensOut(20L).setLatencyMs(500.0);
    }

    private static byte[] withHeader(int schemaId, byte[] body) {
        byte[] out = new byte[WireFormat.HEADER_SIZE + body.length];
        WireFormat.writeHeader(schemaId, out, 0);
        System.arraycopy(body, 0, out, WireFormat.HEADER_SIZE, body.length);
        return out;
    }

    /** A record that contains itself, registered under a subject of its own, as any producer could. */
    private int registerRecursiveSchema(String prefix) throws Exception {
        String schema = "{\"type\":\"record\",\"name\":\"Node\",\"namespace\":\"hostile\",\"fields\":["
                + "{\"name\":\"next\",\"type\":[\"null\",\"Node\"],\"default\":null}]}";
        new Schema.Parser().parse(schema); // a valid Avro schema
        return register(prefix + "-recursive-value", null, schema);
    }

    private int registerJsonSchema(String prefix) throws Exception {
        return register(prefix + "-json-value", "JSON",
                "{\"$schema\":\"http://json-schema.org/draft-07/schema#\",\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\"}}}");
    }

    private int register(String subject, String type, String schema) throws Exception {
        var body = JSON.createObjectNode().put("schema", schema);
        if (type != null) {
            body.put("schemaType", type);
        }
        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(kafka.schemaRegistryUrl() + "/subjects/" + subject + "/versions"))
                .header("Content-Type", "application/vnd.schemaregistry.v1+json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return JSON.readTree(answer.body()).path("id").intValue();
    }
}
