package dev.agentwatch.schema.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentwatch.localcluster.junit.LocalKafka;
import dev.agentwatch.localcluster.junit.WithLocalKafka;
import dev.agentwatch.schema.AlertEvent;
import dev.agentwatch.schema.MetricEvent;
import dev.agentwatch.schema.registry.HttpSchemaRegistryClient;
import dev.agentwatch.schema.registry.IncompatibleSchemaException;
import dev.agentwatch.schema.registry.SchemaRegistryClientConfig;
import dev.agentwatch.schema.testing.TestEvents;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Schema changes under the registry's BACKWARD rule: an incompatible v2 is refused, a compatible v2 is accepted,
 * and readers built from v1 (our generated classes) keep reading what v2 writers produce.
 */
@WithLocalKafka
class SchemaEvolutionTest {

    private final LocalKafka kafka;
    private final HttpSchemaRegistryClient client;
    private final Map<String, Object> configs;

    SchemaEvolutionTest(LocalKafka kafka) {
        this.kafka = kafka;
        this.client = new HttpSchemaRegistryClient(SchemaRegistryClientConfig.of(kafka.schemaRegistryUrl()));
        this.configs = Map.of("schema.registry.url", kafka.schemaRegistryUrl());
    }

    @AfterEach
    void close() {
        client.close();
    }

    @Test
    void addingARequiredFieldIsRefusedWithTheSubjectNamed() {
        String topic = kafka.uniqueName("metrics");
        String subject = topic + "-value";
        client.register(subject, MetricEvent.getClassSchema());
        Schema v2 = withExtraField("""
                {"name": "gpu_seconds", "type": "double"}""");

        assertThatThrownBy(() -> client.register(subject, v2))
                .isInstanceOfSatisfying(IncompatibleSchemaException.class, e -> {
                    assertThat(e.subject()).isEqualTo(subject);
                    assertThat(e.registryMessage()).contains("gpu_seconds");
                })
                .hasMessageContaining("subject '" + subject + "'");

        // The serializer's path to the same refusal: typed, with the registry's exception as cause.
        try (var serializer = new AvroSerializer<GenericRecord>()) {
            serializer.configure(configs, false);
            GenericRecord record = asV2(TestEvents.fullMetric(1), v2);
            record.put("gpu_seconds", 1.5);
            assertThatThrownBy(() -> serializer.serialize(topic, record))
                    .isInstanceOf(AvroSerializationException.class)
                    .hasCauseInstanceOf(IncompatibleSchemaException.class)
                    .hasMessageContaining("subject '" + subject + "'")
                    .satisfies(e -> assertThat(((AvroSerializationException) e).isRetriable()).isFalse());
        }
    }

    @Test
    void v1ReaderReadsWhatAV2WriterWrote() {
        String topic = kafka.uniqueName("metrics");
        Schema v2 = withExtraField("""
                {"name": "gpu_seconds", "type": ["null", "double"], "default": null},
                {"name": "tags", "type": {"type": "array", "items": "string"}, "default": []}""");
        List<MetricEvent> originals = List.of(TestEvents.fullMetric(1), TestEvents.minimalMetric(2));
        try (var v1Serializer = new AvroSerializer<MetricEvent>();
                var v2Serializer = new AvroSerializer<GenericRecord>();
                var v1Reader = new AvroDeserializer<>(MetricEvent.class)) {
            v1Serializer.configure(configs, false);
            v2Serializer.configure(configs, false);
            v1Reader.configure(configs, false);
            byte[] v1Bytes = v1Serializer.serialize(topic, originals.get(0)); // registers v1 first
            for (MetricEvent original : originals) {
                GenericRecord v2Record = asV2(original, v2);
                v2Record.put("gpu_seconds", 12.5);
                v2Record.put("tags", List.of("gpu", "batch"));
                byte[] v2Bytes = v2Serializer.serialize(topic, v2Record);

                assertThat(schemaId(v2Bytes)).isNotEqualTo(schemaId(v1Bytes));
                assertThat(v1Reader.deserialize(topic, v2Bytes)).isEqualTo(original);
            }
            assertThat(client.latest(topic + "-value").schema()).isEqualTo(v2);
        }
    }

    @Test
    void useLatestVersionWritesV1RecordsWithTheV2Schema() throws IOException {
        String topic = kafka.uniqueName("metrics");
        String subject = topic + "-value";
        client.register(subject, MetricEvent.getClassSchema());
        Schema v2 = withExtraField("""
                {"name": "gpu_seconds", "type": ["null", "double"], "default": null}""");
        int v2Id = client.register(subject, v2);
        MetricEvent original = TestEvents.fullMetric(5);

        try (var serializer = new AvroSerializer<MetricEvent>(); var reader = new AvroDeserializer<>(MetricEvent.class)) {
            serializer.configure(Map.of("schema.registry.url", kafka.schemaRegistryUrl(),
                    "auto.register.schemas", false, "use.latest.version", true), false);
            reader.configure(configs, false);
            byte[] bytes = serializer.serialize(topic, original);

            assertThat(schemaId(bytes)).isEqualTo(v2Id);
            assertThat(reader.deserialize(topic, bytes)).isEqualTo(original);
            GenericRecord asWritten = new GenericDatumReader<GenericRecord>(v2).read(null,
                    DecoderFactory.get().binaryDecoder(bytes, WireFormat.HEADER_SIZE,
                            bytes.length - WireFormat.HEADER_SIZE, null));
            assertThat(asWritten.get("gpu_seconds")).isNull();
            assertThat(asWritten.get("event_id")).hasToString(original.getEventId());
        }
    }

    @Test
    void withoutAutoRegistrationAnUnregisteredSchemaIsRefused() {
        String topic = kafka.uniqueName("metrics");
        try (var serializer = new AvroSerializer<MetricEvent>()) {
            serializer.configure(Map.of("schema.registry.url", kafka.schemaRegistryUrl(),
                    "auto.register.schemas", "false"), false);
            assertThatThrownBy(() -> serializer.serialize(topic, TestEvents.minimalMetric(1)))
                    .isInstanceOf(AvroSerializationException.class)
                    .hasMessageContaining("auto.register.schemas is false")
                    .hasMessageContaining(topic + "-value");
            client.register(topic + "-value", MetricEvent.getClassSchema());
            assertThat(serializer.serialize(topic, TestEvents.minimalMetric(1))).isNotEmpty();
        }
    }

    @Test
    void anotherRecordTypeIsAnIncompatibleWriterSchema() {
        String topic = kafka.uniqueName("mixed");
        try (var alertSerializer = new AvroSerializer<AlertEvent>();
                var metricReader = new AvroDeserializer<>(MetricEvent.class)) {
            alertSerializer.configure(configs, false);
            metricReader.configure(configs, false);
            byte[] alertBytes = alertSerializer.serialize(topic, TestEvents.firingAlert(1));
            for (int attempt = 0; attempt < 2; attempt++) { // the verdict is cached per id; the answer stays typed
                assertThatThrownBy(() -> metricReader.deserialize(topic, alertBytes))
                        .isInstanceOfSatisfying(IncompatibleWriterSchemaException.class, e -> {
                            assertThat(e.reasonCode()).isEqualTo("incompatible-writer-schema");
                            assertThat(e.isRecordFault()).isTrue();
                        })
                        .hasMessageContaining("dev.agentwatch.schema.AlertEvent")
                        .hasMessageContaining(MetricEvent.class.getName());
            }
        }
    }

    @Test
    void withoutAConfiguredTypeTheWriterSchemaNamesTheClass() {
        String topic = kafka.uniqueName("mixed");
        try (var serializer = new AvroSerializer<org.apache.avro.specific.SpecificRecord>();
                var reader = new AvroDeserializer<org.apache.avro.specific.SpecificRecord>()) {
            serializer.configure(Map.of("schema.registry.url", kafka.schemaRegistryUrl(),
                    "value.subject.name.strategy", "io.confluent.kafka.serializers.subject.TopicNameStrategy"), false);
            reader.configure(configs, false);
            // One subject cannot hold both types under BACKWARD, so each goes to its own topic.
            MetricEvent metric = TestEvents.fullMetric(1);
            AlertEvent alert = TestEvents.firingAlert(1);
            assertThat(reader.deserialize(topic, serializer.serialize(topic, metric))).isEqualTo(metric);
            assertThat(reader.deserialize(topic + "-2", serializer.serialize(topic + "-2", alert))).isEqualTo(alert);
        }
    }

    /** MetricEvent's schema with extra fields appended (JSON field definitions). */
    private static Schema withExtraField(String fieldsJson) {
        String v1 = MetricEvent.getClassSchema().toString();
        String v2 = v1.substring(0, v1.lastIndexOf(']')) + "," + fieldsJson + "]}";
        return new Schema.Parser().parse(v2);
    }

    /** The same event as a v2 GenericRecord: v1's values, v2's defaults elsewhere. */
    private static GenericRecord asV2(MetricEvent event, Schema v2) {
        GenericData.Record record = new GenericData.Record(v2);
        SpecificData model = SpecificData.getForClass(MetricEvent.class);
        for (Schema.Field field : v2.getFields()) {
            Schema.Field v1Field = MetricEvent.getClassSchema().getField(field.name());
            Object value = v1Field != null ? event.get(v1Field.pos())
                    : field.hasDefaultValue() ? model.getDefaultValue(field) : null;
            if (value instanceof java.time.Instant instant) {
                value = instant.toEpochMilli(); // GenericData carries timestamp-millis as long
            }
            record.put(field.name(), value instanceof List<?> list ? new ArrayList<>(list) : value);
        }
        return record;
    }

    private static int schemaId(byte[] bytes) {
        return WireFormat.schemaId("t", bytes, 0, bytes.length);
    }
}
