package dev.agentwatch.sink.broker;

import dev.agentwatch.config.TopicNames;
import dev.agentwatch.localcluster.junit.LocalKafka;
import dev.agentwatch.schema.AlertEvent;
import dev.agentwatch.schema.AvroSerdeConfig;
import dev.agentwatch.schema.serde.AvroSerde;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
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
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Topics of one test on the shared broker (unique names), and ways to write alerts and read results. */
final class BrokerFixture implements AutoCloseable {

    final LocalKafka kafka;
    final TopicNames topics;
    final String prefix;
    private final AvroSerde<AlertEvent> serde = new AvroSerde<>(AlertEvent.class);

    BrokerFixture(LocalKafka kafka, int partitions) {
        this.kafka = kafka;
        this.prefix = kafka.uniqueName("sink");
        this.topics = new TopicNames(prefix + ".metrics", prefix + ".metrics.dlq", prefix + ".alerts", prefix + ".alerts.dlq",
                prefix + ".rules", prefix + ".silences", partitions, (short) 1);
        kafka.createTopic(topics.alerts(), partitions, Map.of());
        serde.configure(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, kafka.schemaRegistryUrl()), false);
    }

    KafkaProducer<String, byte[]> producer(String transactionalId) {
        Map<String, Object> props = new HashMap<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
        if (transactionalId != null) {
            props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        }
        return new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }

    ProducerRecord<String, byte[]> record(AlertEvent a) {
        return new ProducerRecord<>(topics.alerts(), a.getFingerprint(), serde.serializer().serialize(topics.alerts(), a));
    }

    /** Writes the alerts keyed by fingerprint, as the streams app does, and waits for the broker to have them. */
    void send(List<AlertEvent> alerts) throws Exception {
        try (KafkaProducer<String, byte[]> p = producer(null)) {
            for (AlertEvent a : alerts) {
                p.send(record(a));
            }
            p.flush();
        }
    }

    /** Writes the alerts in one transaction and aborts it: a read_committed consumer must never see them. */
    void sendAborted(List<AlertEvent> alerts) {
        try (KafkaProducer<String, byte[]> tx = producer(prefix + "-tx")) {
            tx.initTransactions();
            tx.beginTransaction();
            for (AlertEvent a : alerts) {
                tx.send(record(a));
            }
            tx.flush();
            tx.abortTransaction();
        }
    }

    /** Every record on a topic, read_committed, waiting up to {@code timeout} for at least {@code atLeast}. */
    List<ConsumerRecord<String, byte[]>> read(String topic, int atLeast, Duration timeout) {
        List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, kafka.uniqueName("reader"),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new StringDeserializer(), new ByteArrayDeserializer())) {
            c.subscribe(List.of(topic));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (out.size() < atLeast && System.nanoTime() < deadline) {
                c.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        }
        return out;
    }

    AlertEvent decode(ConsumerRecord<String, byte[]> r) {
        return serde.deserializer().deserialize(r.topic(), r.value());
    }

    /** The consumer group's committed offsets on the alerts topic, by partition. */
    Map<Integer, OffsetAndMetadata> committed(String groupId) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            Map<TopicPartition, OffsetAndMetadata> all = admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata()
                    .get(30, TimeUnit.SECONDS);
            Map<Integer, OffsetAndMetadata> out = new HashMap<>();
            all.forEach((tp, o) -> {
                if (tp.topic().equals(topics.alerts())) {
                    out.put(tp.partition(), o);
                }
            });
            return out;
        }
    }

    /** The group's committed offset on one partition of the alerts topic, or 0 before its first commit there. */
    long committedOffset(String groupId, int partition) {
        try {
            OffsetAndMetadata o = committed(groupId).get(partition);
            return o == null ? 0 : o.offset();
        } catch (Exception e) {
            throw new AssertionError("cannot read the committed offsets of " + groupId, e);
        }
    }

    /** An agentwatch.yaml naming this test's topics, for a sink started as its own process. */
    Path writeAgentwatchYaml(Path dir) throws Exception {
        Path file = dir.resolve("agentwatch.yaml");
        Files.writeString(file, """
                kafka:
                  bootstrap_servers: %s
                  schema_registry_url: %s
                topics:
                  metrics: %s
                  metrics_dlq: %s
                  alerts: %s
                  alerts_dlq: %s
                  rules: %s
                  silences: %s
                  partitions: %d
                  replication_factor: 1
                """.formatted(kafka.bootstrapServers(), kafka.schemaRegistryUrl(), topics.metrics(), topics.metricsDlq(),
                topics.alerts(), topics.alertsDlq(), topics.rules(), topics.silences(), topics.partitions()), StandardCharsets.UTF_8);
        return file;
    }

    @Override
    public void close() {
        serde.close();
    }
}
