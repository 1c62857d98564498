package dev.agentwatch.schema.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.agentwatch.localcluster.junit.LocalKafka;
import dev.agentwatch.localcluster.junit.WithLocalKafka;
import dev.agentwatch.schema.AlertEvent;
import dev.agentwatch.schema.MetricEvent;
import dev.agentwatch.schema.registry.UnknownSchemaIdException;
import dev.agentwatch.schema.testing.TestEvents;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.Random;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Bad payloads against a real registry: each gives its documented exception and reason, fast, and nothing else
 * ever escapes (no hang, no stray exception type, no huge allocation).
 */
@WithLocalKafka
class MalformedPayloadTest {

    private static final Duration FAST = Duration.ofSeconds(5);

    private final String topic;
    private final AvroSerializer<SpecificRecord> serializer = new AvroSerializer<>();
    private final AvroDeserializer<MetricEvent> metrics = new AvroDeserializer<>(MetricEvent.class);
    private final AvroDeserializer<AlertEvent> alerts = new AvroDeserializer<>(AlertEvent.class);
    private final byte[] validMetric;
    private final byte[] validAlert;

    MalformedPayloadTest(LocalKafka kafka) {
        topic = kafka.uniqueName("bad-input");
        Map<String, Object> configs = Map.of("schema.registry.url", kafka.schemaRegistryUrl());
        serializer.configure(configs, false);
        metrics.configure(configs, false);
        alerts.configure(configs, false);
        validMetric = serializer.serialize(topic, TestEvents.fullMetric(3));
        validAlert = serializer.serialize(topic + "-alerts", TestEvents.firingAlert(3));
    }

    @AfterEach
    void close() {
        serializer.close();
        metrics.close();
        alerts.close();
    }

    @Test
    void emptyAndShortPayloads() {
        for (int length = 0; length <= 4; length++) {
            byte[] payload = Arrays.copyOf(validMetric, length);
            expect(metrics, payload, NotWireFormatException.class, FailureReason.NOT_WIRE_FORMAT);
        }
    }

    @Test
    void wrongMagicByte() {
        byte[] payload = validMetric.clone();
        payload[0] = 1;
        expect(metrics, payload, BadMagicByteException.class, FailureReason.BAD_MAGIC_BYTE);
    }

    @Test
    void unknownSchemaId() {
        byte[] payload = validMetric.clone();
        WireFormat.writeHeader(Integer.MAX_VALUE - 3, payload, 0);
        SchemaIdNotFoundException e =
                expect(metrics, payload, SchemaIdNotFoundException.class, FailureReason.UNKNOWN_SCHEMA_ID);
        assertThat(e.schemaId()).isEqualTo(Integer.MAX_VALUE - 3);
        assertThat(e.getCause()).isInstanceOf(UnknownSchemaIdException.class);
        assertThat(e).hasMessageContaining("schema id " + (Integer.MAX_VALUE - 3)).hasMessageContaining(topic);
    }

    @Test
    void everyTruncationOfAValidRecord() {
        assertTimeoutPreemptively(FAST, () -> {
            for (byte[] valid : new byte[][] {validMetric, validAlert}) {
                AvroDeserializer<?> reader = valid == validMetric ? metrics : alerts;
                for (int length = WireFormat.HEADER_SIZE; length < valid.length; length++) {
                    expect(reader, Arrays.copyOf(valid, length), TruncatedAvroException.class,
                            FailureReason.TRUNCATED_AVRO);
                }
            }
        });
    }

    @Test
    void trailingGarbage() {
        for (int extra = 1; extra <= 16; extra++) {
            byte[] payload = Arrays.copyOf(validMetric, validMetric.length + extra);
            TrailingBytesException e =
                    expect(metrics, payload, TrailingBytesException.class, FailureReason.TRAILING_BYTES);
            assertThat(e.trailingBytes()).isEqualTo(extra);
        }
    }

    @Test
    void impossibleValuesAreCorrupt() {
        byte[] negativeLength = validMetric.clone();
        negativeLength[WireFormat.HEADER_SIZE] = 0x01; // event_id's length varint: zigzag 1 is -1
        expect(metrics, negativeLength, CorruptAvroException.class, FailureReason.CORRUPT_AVRO);

        byte[] badUnionIndex = validMetric.clone();
        int fleetIndexAt = WireFormat.HEADER_SIZE + unionIndexOffsetOfFleet(TestEvents.fullMetric(3));
        assertThat(badUnionIndex[fleetIndexAt]).isEqualTo((byte) 2); // branch 1 ("string"), zigzag encoded
        badUnionIndex[fleetIndexAt] = 0x08; // branch 4 of a 2-branch union
        expect(metrics, badUnionIndex, CorruptAvroException.class, FailureReason.CORRUPT_AVRO);

        byte[] hugeLength = validMetric.clone();
        byte[] varint = {(byte) 0xfe, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x0f}; // 2^31 - 1
        System.arraycopy(varint, 0, hugeLength, WireFormat.HEADER_SIZE, varint.length);
        expect(metrics, hugeLength, TruncatedAvroException.class, FailureReason.TRUNCATED_AVRO);
    }

    @Test
    void randomBodiesBehindAValidHeader() {
        Map<FailureReason, Integer> seen = new EnumMap<>(FailureReason.class);
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            for (long seed = 0; seed < 3_000; seed++) {
                Random random = new Random(seed);
                byte[] payload = new byte[WireFormat.HEADER_SIZE + random.nextInt(300)];
                random.nextBytes(payload);
                System.arraycopy(validMetric, 0, payload, 0, WireFormat.HEADER_SIZE);
                recordFaultOrRecord(metrics, payload, seen);
            }
        });
        assertThat(seen).containsKeys(FailureReason.TRUNCATED_AVRO, FailureReason.CORRUPT_AVRO);
    }

    @Test
    void randomBytesOfEveryKind() {
        Map<FailureReason, Integer> seen = new EnumMap<>(FailureReason.class);
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            for (long seed = 0; seed < 3_000; seed++) {
                Random random = new Random(seed);
                byte[] payload = new byte[random.nextInt(200)];
                random.nextBytes(payload);
                if (seed % 10 == 0 && payload.length > 0) {
                    payload[0] = 0; // reach the registry with random ids now and then
                }
                recordFaultOrRecord(seed % 2 == 0 ? metrics : alerts, payload, seen);
            }
        });
        assertThat(seen).containsKeys(FailureReason.NOT_WIRE_FORMAT, FailureReason.BAD_MAGIC_BYTE,
                FailureReason.UNKNOWN_SCHEMA_ID);
    }

    /** A random payload may decode (Avro has no checksum); if not, it must be a typed record fault. */
    private void recordFaultOrRecord(AvroDeserializer<?> reader, byte[] payload, Map<FailureReason, Integer> seen) {
        try {
            assertThat(reader.deserialize(topic, payload)).isNotNull();
        } catch (WireFormatException e) {
            assertThat(e.isRecordFault()).as("%s for %s", e, Arrays.toString(payload)).isTrue();
            seen.merge(e.reason(), 1, Integer::sum);
        }
    }

    private <E extends WireFormatException> E expect(
            AvroDeserializer<?> reader, byte[] payload, Class<E> type, FailureReason reason) {
        Throwable thrown = assertTimeoutPreemptively(FAST, () -> {
            try {
                reader.deserialize(topic, payload);
                return null;
            } catch (RuntimeException e) {
                return e;
            }
        });
        assertThat(thrown).as("payload %s", Arrays.toString(payload)).isInstanceOf(type);
        E e = type.cast(thrown);
        assertThat(e.reason()).isEqualTo(reason);
        assertThat(e.reasonCode()).isEqualTo(reason.code());
        assertThat(e.isRecordFault()).isTrue();
        return e;
    }

    /** Bytes before the fleet union's index: event_id, agent_id (length + bytes) and the timestamp varint. */
    private static int unionIndexOffsetOfFleet(MetricEvent event) {
        byte[] body = dev.agentwatch.schema.testing.AvroBytes.write(out -> {
            out.writeString(event.getEventId());
            out.writeString(event.getAgentId());
            out.writeLong(event.getTimestamp().toEpochMilli());
        });
        return body.length;
    }
}
