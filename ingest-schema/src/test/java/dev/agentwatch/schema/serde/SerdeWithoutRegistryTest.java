package dev.agentwatch.schema.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.agentwatch.schema.MetricEvent;
import dev.agentwatch.schema.registry.SchemaRegistryUnavailableException;
import dev.agentwatch.schema.testing.TestEvents;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the serdes decide before (or instead of) asking the registry, checked against a registry URL where
 * nothing listens: header errors are the record's fault, an unreachable registry is not.
 */
class SerdeWithoutRegistryTest {

    private Map<String, Object> configs;
    private AvroDeserializer<MetricEvent> deserializer;

    @BeforeEach
    void setUp() throws IOException {
        configs = new HashMap<>();
        configs.put("schema.registry.url", "http://127.0.0.1:" + closedPort() + "/apis/ccompat/v7");
        configs.put("http.connect.timeout.ms", 500);
        configs.put("http.read.timeout.ms", 500);
        deserializer = new AvroDeserializer<>(MetricEvent.class);
        deserializer.configure(configs, false);
    }

    @Test
    void nullIsATombstoneBothWays() {
        assertThat(deserializer.deserialize("t", (byte[]) null)).isNull();
        assertThat(deserializer.deserialize("t", null, (ByteBuffer) null)).isNull();
        try (var serializer = new AvroSerializer<MetricEvent>()) {
            serializer.configure(configs, false);
            assertThat(serializer.serialize("t", null)).isNull();
        }
    }

    @Test
    void shortPayloadsAreNotWireFormat() {
        for (int length = 0; length <= 4; length++) {
            byte[] payload = new byte[length];
            assertThatThrownBy(() -> deserializer.deserialize("metrics", payload))
                    .isInstanceOfSatisfying(NotWireFormatException.class, e -> {
                        assertThat(e.reasonCode()).isEqualTo("not-wire-format");
                        assertThat(e.isRecordFault()).isTrue();
                    });
        }
    }

    @Test
    void everyWrongMagicByteIsReportedWithTheByteFound() {
        for (int magic = 1; magic < 256; magic++) {
            byte[] payload = {(byte) magic, 0, 0, 0, 1, 2, 3};
            int expected = magic;
            assertThatThrownBy(() -> deserializer.deserialize("metrics", payload))
                    .isInstanceOfSatisfying(BadMagicByteException.class, e -> {
                        assertThat(e.found() & 0xff).isEqualTo(expected);
                        assertThat(e.reason()).isEqualTo(FailureReason.BAD_MAGIC_BYTE);
                    })
                    .hasMessageContaining(String.format("0x%02X", expected));
        }
    }

    @Test
    void unreachableRegistryIsNotTheRecordsFault() {
        byte[] payload = {0, 0, 0, 0, 42, 2, 'x'};
        assertTimeoutPreemptively(Duration.ofSeconds(5), () ->
                assertThatThrownBy(() -> deserializer.deserialize("metrics", payload))
                        .isInstanceOfSatisfying(WriterSchemaUnavailableException.class, e -> {
                            assertThat(e.reasonCode()).isEqualTo("registry-unavailable");
                            assertThat(e.isRecordFault()).isFalse();
                            assertThat(e.schemaId()).isEqualTo(42);
                            assertThat(e.getCause()).isInstanceOf(SchemaRegistryUnavailableException.class);
                        })
                        .hasMessageContaining("schema id 42")
                        .hasMessageContaining("/apis/ccompat/v7/schemas/ids/42"));
    }

    @Test
    void serializerReportsAnUnreachableRegistryAsRetriable() {
        try (var serializer = new AvroSerializer<MetricEvent>()) {
            serializer.configure(configs, false);
            assertThatThrownBy(() -> serializer.serialize("metrics", TestEvents.fullMetric(1)))
                    .isInstanceOfSatisfying(AvroSerializationException.class,
                            e -> assertThat(e.isRetriable()).isTrue())
                    .hasMessageContaining("subject 'metrics-value'");
        }
    }

    @Test
    void randomBytesNeverEscapeTheTypedExceptions() {
        Random random = new Random(7);
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            for (int i = 0; i < 2_000; i++) {
                byte[] payload = new byte[random.nextInt(64)];
                random.nextBytes(payload);
                if (payload.length > 0 && payload[0] == 0) {
                    payload[0] = 1; // magic 0 would ask the (absent) registry: covered with a real one elsewhere
                }
                assertThatThrownBy(() -> deserializer.deserialize("metrics", payload))
                        .isInstanceOf(WireFormatException.class)
                        .satisfies(e -> assertThat(((WireFormatException) e).isRecordFault()).isTrue());
            }
        });
    }

    @Test
    void refusesConfigurationsItCannotHonour() {
        configs.put("specific.avro.reader", "false");
        assertThatThrownBy(() -> new AvroDeserializer<MetricEvent>().configure(configs, false))
                .isInstanceOf(ConfigException.class).hasMessageContaining("specific");
        configs.remove("specific.avro.reader");
        configs.put("value.subject.name.strategy", "io.confluent.kafka.serializers.subject.RecordNameStrategy");
        assertThatThrownBy(() -> new AvroSerializer<MetricEvent>().configure(configs, false))
                .isInstanceOf(ConfigException.class).hasMessageContaining("TopicNameStrategy");
        configs.remove("value.subject.name.strategy");
        configs.put("specific.avro.value.type", "java.lang.String");
        assertThatThrownBy(() -> new AvroDeserializer<MetricEvent>().configure(configs, false))
                .isInstanceOf(ConfigException.class).hasMessageContaining("SpecificRecord");
        configs.put("specific.avro.value.type", "no.such.Type");
        assertThatThrownBy(() -> new AvroDeserializer<MetricEvent>().configure(configs, false))
                .isInstanceOf(ConfigException.class).hasMessageContaining("no such class");
        configs.put("auto.register.schemas", "maybe");
        assertThatThrownBy(() -> new AvroSerializer<MetricEvent>().configure(configs, false))
                .isInstanceOf(ConfigException.class).hasMessageContaining("auto.register.schemas");
    }

    @Test
    void unconfiguredSerdesSaySo() {
        assertThatThrownBy(() -> new AvroDeserializer<>(MetricEvent.class).deserialize("t", new byte[] {0, 0, 0, 0, 1}))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("configure");
        assertThatThrownBy(() -> new AvroSerializer<MetricEvent>().serialize("t", TestEvents.minimalMetric(1)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("configure");
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
