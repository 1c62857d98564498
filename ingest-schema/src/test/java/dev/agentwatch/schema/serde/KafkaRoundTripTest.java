package dev.agentwatch.schema.serde;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentwatch.localcluster.junit.LocalKafka;
import dev.agentwatch.localcluster.junit.WithLocalKafka;
import dev.agentwatch.schema.AlertEvent;
import dev.agentwatch.schema.MetricEvent;
import dev.agentwatch.schema.testing.TestEvents;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** Records produced with our serializer to a real broker come back equal through our deserializer. */
@WithLocalKafka
class KafkaRoundTripTest {

    private final LocalKafka kafka;

    KafkaRoundTripTest(LocalKafka kafka) {
        this.kafka = kafka;
    }

    @Test
    void metricEventsRoundTripThroughKafka() {
        List<MetricEvent> sent = new ArrayList<>(List.of(
                TestEvents.fullMetric(1), TestEvents.minimalMetric(2), TestEvents.extremeMetric()));
        Random random = new Random(42);
        for (int i = 0; i < 50; i++) {
            sent.add(TestEvents.randomMetric(random));
        }
        String topic = kafka.uniqueName("metrics");
        // Serializer and deserializer configured by class name, as a Kafka client config would.
        Map<String, Object> serdeConfig = Map.of("schema.registry.url", kafka.schemaRegistryUrl());
        AvroSerializer<MetricEvent> serializer = new AvroSerializer<>();
        serializer.configure(serdeConfig, false);
        AvroDeserializer<MetricEvent> deserializer = new AvroDeserializer<>();
        deserializer.configure(Map.of("schema.registry.url", kafka.schemaRegistryUrl(),
                "specific.avro.value.type", MetricEvent.class.getName()), false);

        List<ConsumerRecord<String, MetricEvent>> received =
                roundTrip(topic, sent, MetricEvent::getAgentId, serializer, deserializer);

        assertThat(received).extracting(ConsumerRecord::value).containsExactlyElementsOf(sent);
        assertThat(received).extracting(ConsumerRecord::key).containsExactlyElementsOf(
                sent.stream().map(MetricEvent::getAgentId).toList());
        MetricEvent minimal = received.get(1).value();
        assertThat(minimal.getFleet()).isNull();
        assertThat(minimal.getLabels()).isEmpty();
        assertThat(minimal.getSampleRate()).isEqualTo(1.0);
        assertThat(received.get(0).value().getTimestamp()).isEqualTo(sent.get(0).getTimestamp());
    }

    @Test
    void alertEventsRoundTripThroughKafkaWithTheSerde() {
        List<AlertEvent> sent = List.of(TestEvents.firingAlert(1), TestEvents.resolvedAlert(1),
                TestEvents.firingAlert(2));
        String topic = kafka.uniqueName("alerts");
        try (AvroSerde<AlertEvent> serde = new AvroSerde<>(AlertEvent.class)) {
            serde.configure(Map.of("schema.registry.url", kafka.schemaRegistryUrl()), false);
            List<ConsumerRecord<String, AlertEvent>> received =
                    roundTrip(topic, sent, AlertEvent::getFingerprint, serde.serializer(), serde.deserializer());
            assertThat(received).extracting(ConsumerRecord::value).containsExactlyElementsOf(sent);
            assertThat(received.get(1).value().getEndsAt()).isEqualTo(sent.get(1).getEndsAt());
            assertThat(received.get(1).value().getEvidence().getEventIds()).isEmpty();
        }
    }

    @Test
    void tombstonesStayNull() {
        String topic = kafka.uniqueName("tombstones");
        AvroSerializer<MetricEvent> serializer = new AvroSerializer<>();
        serializer.configure(Map.of("schema.registry.url", kafka.schemaRegistryUrl()), false);
        AvroDeserializer<MetricEvent> deserializer = new AvroDeserializer<>(MetricEvent.class);
        deserializer.configure(Map.of("schema.registry.url", kafka.schemaRegistryUrl()), false);
        List<MetricEvent> sent = new ArrayList<>();
        sent.add(null);
        sent.add(TestEvents.minimalMetric(1));
        List<ConsumerRecord<String, MetricEvent>> received =
                roundTrip(topic, sent, e -> "k", serializer, deserializer);
        assertThat(received).extracting(ConsumerRecord::value).containsExactlyElementsOf(sent);
    }

    private <T> List<ConsumerRecord<String, T>> roundTrip(String topic, List<T> values,
            java.util.function.Function<T, String> key, Serializer<T> serializer, Deserializer<T> deserializer) {
        kafka.createTopic(topic, 1, Map.of());
        Map<String, Object> producerConfig = new HashMap<>();
        producerConfig.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
        try (var producer = new KafkaProducer<>(producerConfig, new StringSerializer(), serializer)) {
            for (T value : values) {
                producer.send(new ProducerRecord<>(topic, value == null ? "tombstone" : key.apply(value), value));
            }
            producer.flush();
        }
        Map<String, Object> consumerConfig = new HashMap<>();
        consumerConfig.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        consumerConfig.put(ConsumerConfig.GROUP_ID_CONFIG, kafka.uniqueName("round-trip"));
        consumerConfig.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<ConsumerRecord<String, T>> received = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(consumerConfig, new StringDeserializer(), deserializer)) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (received.size() < values.size() && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(received::add);
            }
        }
        assertThat(received).as("records consumed from %s", topic).hasSize(values.size());
        return received;
    }
}
