package dev.agentwatch.schema.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentwatch.schema.MetricEvent;
import dev.agentwatch.schema.serde.AvroDeserializer;
import dev.agentwatch.schema.serde.AvroSerde;
import dev.agentwatch.schema.serde.AvroSerializer;
import dev.agentwatch.schema.serde.SchemaIdNotFoundException;
import dev.agentwatch.schema.serde.WireFormat;
import dev.agentwatch.schema.testing.TestEvents;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** One URL, one kind of client: mock:// scopes are shared in-memory registries, anything else goes over HTTP. */
class SchemaRegistryClientsTest {

    private final String scope = "clients-test-" + UUID.randomUUID();
    private final Map<String, Object> configs = Map.of("schema.registry.url", "mock://" + scope);

    @AfterEach
    void clear() {
        SchemaRegistryClients.clearMockScope(scope);
    }

    @Test
    void theSameScopeIsTheSameRegistryAndAnotherScopeAnother() {
        SchemaRegistryClient first = SchemaRegistryClients.fromConfigs(configs);
        SchemaRegistryClient second = SchemaRegistryClients.fromConfigs(Map.of("schema.registry.url", List.of("mock://" + scope + "/")));
        assertThat(first).isInstanceOf(InMemorySchemaRegistryClient.class).isSameAs(second)
                .isSameAs(SchemaRegistryClients.mockScope(scope));
        int id = first.register("s-value", MetricEvent.getClassSchema());
        first.close();
        assertThat(second.schemaById(id)).as("closing a client keeps the scope").isEqualTo(MetricEvent.getClassSchema());

        SchemaRegistryClient other = SchemaRegistryClients.mockScope(scope + "-other");
        assertThatThrownBy(() -> other.latest("s-value")).isInstanceOf(SubjectNotFoundException.class);
    }

    @Test
    void clearingAScopeEmptiesItForTheClientsAlreadyHandedOut() {
        SchemaRegistryClient client = SchemaRegistryClients.fromConfigs(configs);
        int id = client.register("s-value", MetricEvent.getClassSchema());
        SchemaRegistryClients.clearMockScope(scope);
        assertThatThrownBy(() -> client.schemaById(id)).isInstanceOf(UnknownSchemaIdException.class);
        assertThat(SchemaRegistryClients.fromConfigs(configs)).isSameAs(client);
        SchemaRegistryClients.clearMockScope("never-used-" + scope); // nothing to clear: no error
    }

    @Test
    void otherUrlsAreRealRegistriesAndMockOnesMixWithNothing() {
        try (SchemaRegistryClient http = SchemaRegistryClients.fromConfigs(Map.of("schema.registry.url", "http://127.0.0.1:1/x"))) {
            assertThat(http).isInstanceOf(HttpSchemaRegistryClient.class);
        }
        assertThatThrownBy(() -> SchemaRegistryClients.fromConfigs(Map.of("schema.registry.url", "mock://a, http://h:1/x")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("alone");
        assertThatThrownBy(() -> SchemaRegistryClients.fromConfigs(Map.of("schema.registry.url", "mock://")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("no scope");
        assertThatThrownBy(() -> SchemaRegistryClients.fromConfigs(Map.of("schema.registry.url", "ftp://h/x")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("mock://scope");
        assertThatThrownBy(() -> SchemaRegistryClients.mockScope(" ")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void serdesConfiguredWithTheScopeShareItsIds() {
        MetricEvent event = TestEvents.fullMetric(3);
        byte[] bytes;
        try (var producer = new AvroSerializer<MetricEvent>()) {
            producer.configure(configs, false);
            bytes = producer.serialize("metrics", event);
        }
        try (var app = new AvroSerde<>(MetricEvent.class)) {
            app.configure(configs, false);
            assertThat(app.deserializer().deserialize("metrics", bytes)).isEqualTo(event);
        }
        int id = ByteBuffer.wrap(bytes, 1, 4).getInt();
        assertThat(SchemaRegistryClients.mockScope(scope).latest("metrics-value").id()).isEqualTo(id);

        byte[] unknown = new byte[WireFormat.HEADER_SIZE + 1];
        WireFormat.writeHeader(id + 1_000, unknown, 0);
        try (var reader = new AvroDeserializer<>(MetricEvent.class)) {
            reader.configure(configs, false);
            assertThatThrownBy(() -> reader.deserialize("metrics", unknown))
                    .as("an id the scope never gave out is the record's fault, as a 404 is")
                    .isInstanceOf(SchemaIdNotFoundException.class);
        }
    }
}
