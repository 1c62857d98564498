package dev.agentwatch.cli.e2e;

import dev.agentwatch.schema.AlertEvent;
import dev.agentwatch.schema.AvroSerdeConfig;
import dev.agentwatch.schema.MetricEvent;
import dev.agentwatch.schema.serde.AvroDeserializer;
import dev.agentwatch.schema.serde.AvroSerializer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Clients of the test broker: a metric producer and a read_committed reader of the whole alerts topic. */
final class Alerts implements AutoCloseable {

    private final KafkaConsumer<String, AlertEvent> consumer;
    final List<AlertEvent> seen = new ArrayList<>();

    Alerts(String bootstrap, String registry, String topic) {
        AvroDeserializer<AlertEvent> values = new AvroDeserializer<>(AlertEvent.class);
        values.configure(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, registry), false);
        consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new StringDeserializer(), values);
        List<TopicPartition> parts = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
        consumer.assign(parts);
        consumer.seekToBeginning(parts);
    }

    /** Polls for up to {@code wait}, returning what arrived (also kept in {@link #seen}). */
    List<AlertEvent> poll(Duration wait) {
        List<AlertEvent> out = new ArrayList<>();
        long deadline = System.nanoTime() + wait.toNanos();
        do {
            for (ConsumerRecord<String, AlertEvent> r : consumer.poll(Duration.ofMillis(200))) {
                out.add(r.value());
            }
        } while (System.nanoTime() < deadline);
        seen.addAll(out);
        return out;
    }

    /** Polls until {@code n} alerts in all were seen or {@code timeout} passed. */
    List<AlertEvent> awaitTotal(int n, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (seen.size() < n && System.nanoTime() < deadline) {
            poll(Duration.ofMillis(500));
        }
        return seen;
    }

    static KafkaProducer<String, MetricEvent> producer(String bootstrap, String registry) {
        AvroSerializer<MetricEvent> values = new AvroSerializer<>();
        values.configure(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, registry), false);
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.LINGER_MS_CONFIG, 5),
                new StringSerializer(), values);
    }

    @Override
    public void close() {
        consumer.close();
    }
}
