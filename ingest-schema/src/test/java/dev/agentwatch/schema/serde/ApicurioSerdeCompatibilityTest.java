package dev.agentwatch.schema.serde;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentwatch.localcluster.junit.LocalKafka;
import dev.agentwatch.localcluster.junit.WithLocalKafka;
import dev.agentwatch.schema.AlertEvent;
import dev.agentwatch.schema.MetricEvent;
import dev.agentwatch.schema.registry.HttpSchemaRegistryClient;
import dev.agentwatch.schema.registry.SchemaRegistryClientConfig;
import dev.agentwatch.schema.testing.TestEvents;
import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Byte compatibility with a third-party serde: Apicurio's, in Confluent framing. Apicurio's Confluent-compatible
 * API hands out <em>content ids</em> as schema ids, so its serde must frame with content ids (use-id=contentId)
 * for the ids to mean the same thing on both sides.
 */
@WithLocalKafka
class ApicurioSerdeCompatibilityTest {

    private final LocalKafka kafka;
    private final Map<String, Object> ours;
    private final AvroSerializer<GenericRecord> ourGenericSerializer = new AvroSerializer<>();
    private final AvroSerializer<MetricEvent> ourSerializer = new AvroSerializer<>();
    private final AvroDeserializer<MetricEvent> ourDeserializer = new AvroDeserializer<>(MetricEvent.class);

    ApicurioSerdeCompatibilityTest(LocalKafka kafka) {
        this.kafka = kafka;
        this.ours = Map.of("schema.registry.url", kafka.schemaRegistryUrl());
        ourGenericSerializer.configure(ours, false);
        ourSerializer.configure(ours, false);
        ourDeserializer.configure(ours, false);
    }

    @AfterEach
    void close() {
        ourGenericSerializer.close();
        ourSerializer.close();
        ourDeserializer.close();
    }

    @Test
    void apicurioReadsWhatWeWrite() {
        String topic = kafka.uniqueName("to-apicurio");
        MetricEvent event = TestEvents.fullMetric(11);
        byte[] ourBytes = ourSerializer.serialize(topic, event);

        try (var generic = new AvroKafkaDeserializer<GenericRecord>();
                var specific = new AvroKafkaDeserializer<MetricEvent>()) {
            generic.configure(apicurio("contentId"), false);
            Map<String, Object> specificConfig = apicurio("contentId");
            specificConfig.put("apicurio.registry.use-specific-avro-reader", "true");
            specific.configure(specificConfig, false);

            GenericRecord read = generic.deserialize(topic, ourBytes);
            assertThat(read.get("event_id")).hasToString(event.getEventId());
            assertThat(read.get("timestamp")).isEqualTo(event.getTimestamp().toEpochMilli());
            assertThat(read.get("error_type")).isNull();
            assertThat(read.get("tokens_in")).isEqualTo(event.getTokensIn());
            assertThat(read.get("labels")).isEqualTo(event.getLabels());
            for (Schema.Field field : MetricEvent.getClassSchema().getFields()) {
                assertThat(plain(read.get(field.name()))).as(field.name()).isEqualTo(plain(event.get(field.pos())));
            }

            assertThat(specific.deserialize(topic, ourBytes)).isEqualTo(event);
        }
    }

    @Test
    void weReadWhatApicurioWrites() {
        String topic = kafka.uniqueName("from-apicurio");
        MetricEvent event = TestEvents.fullMetric(12);
        try (var serializer = new AvroKafkaSerializer<MetricEvent>()) {
            serializer.configure(apicurio("contentId"), false);
            byte[] theirBytes = serializer.serialize(topic, event);

            assertThat(ourDeserializer.deserialize(topic, theirBytes)).isEqualTo(event);
            assertThat(theirBytes).isEqualTo(ourSerializer.serialize(topic, event));
        }
    }

    @Test
    void idsAgreeForASchemaApicurioRegistersFirst() {
        // A schema nobody registered before: Apicurio creates the content, and we must find it under its id.
        String topic = kafka.uniqueName("apicurio-first");
        Schema fresh = SchemaBuilder.record("Fresh" + Math.abs(topic.hashCode())).namespace("dev.agentwatch.test")
                .fields().requiredString("name").optionalDouble("score").endRecord();
        GenericRecord record = new GenericData.Record(fresh);
        record.put("name", "first");
        record.put("score", 0.5);
        try (var serializer = new AvroKafkaSerializer<GenericRecord>();
                var deserializer = new AvroKafkaDeserializer<GenericRecord>();
                var client = new HttpSchemaRegistryClient(SchemaRegistryClientConfig.of(kafka.schemaRegistryUrl()))) {
            serializer.configure(apicurio("contentId"), false);
            deserializer.configure(apicurio("contentId"), false);
            byte[] theirBytes = serializer.serialize(topic, record);
            int theirId = WireFormat.schemaId(topic, theirBytes, 0, theirBytes.length);

            assertThat(client.idOf(topic + "-value", fresh)).isEqualTo(theirId);
            assertThat(client.schemaById(theirId)).isEqualTo(fresh);
            byte[] ourBytes = ourGenericSerializer.serialize(topic, record);
            assertThat(ourBytes).isEqualTo(theirBytes);
            assertThat(deserializer.deserialize(topic, ourBytes)).isEqualTo(record);
        }
    }

    @Test
    void globalIdFramingDoesNotLineUpWithConfluentIds() {
        // The same content under a second subject gets a new global id but keeps its content id: only
        // use-id=contentId writes the id the Confluent API (and so our deserializer) understands.
        String first = kafka.uniqueName("global-a");
        String second = kafka.uniqueName("global-b");
        AlertEvent alert = TestEvents.firingAlert(1);
        try (var serializer = new AvroKafkaSerializer<AlertEvent>(); var ourAlerts = new AvroSerializer<AlertEvent>()) {
            serializer.configure(apicurio("globalId"), false);
            ourAlerts.configure(ours, false);
            serializer.serialize(first, alert);
            byte[] globalFramed = serializer.serialize(second, alert);
            byte[] contentFramed = ourAlerts.serialize(second, alert);
            int globalId = WireFormat.schemaId(second, globalFramed, 0, globalFramed.length);
            int contentId = WireFormat.schemaId(second, contentFramed, 0, contentFramed.length);
            assertThat(globalId).isNotEqualTo(contentId);
            assertThat(Arrays.copyOfRange(globalFramed, 5, globalFramed.length))
                    .isEqualTo(Arrays.copyOfRange(contentFramed, 5, contentFramed.length));
        }
    }

    /** Apicurio's serde in Confluent framing against the same registry's native API. */
    private Map<String, Object> apicurio(String useId) {
        Map<String, Object> config = new HashMap<>();
        config.put("apicurio.registry.url", kafka.schemaRegistryUrl().replace("/apis/ccompat/v7", "/apis/registry/v2"));
        config.put("apicurio.registry.as-confluent", "true");
        config.put("apicurio.registry.headers.enabled", "false");
        config.put("apicurio.registry.use-id", useId);
        config.put("apicurio.registry.auto-register", "true");
        return config;
    }

    /** Generic and specific values in one shape: Utf8 as String, timestamps as epoch millis. */
    private static Object plain(Object value) {
        if (value instanceof CharSequence text) {
            return text.toString();
        }
        if (value instanceof Instant instant) {
            return instant.toEpochMilli();
        }
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> plain = new HashMap<>();
            map.forEach((k, v) -> plain.put(plain(k), plain(v)));
            return plain;
        }
        return value;
    }
}
