package dev.agentwatch.schema.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.sun.net.httpserver.HttpServer;
import dev.agentwatch.localcluster.junit.LocalKafka;
import dev.agentwatch.localcluster.junit.WithLocalKafka;
import dev.agentwatch.schema.MetricEvent;
import dev.agentwatch.schema.registry.HttpSchemaRegistryClient;
import dev.agentwatch.schema.registry.SchemaRegistryClientConfig;
import dev.agentwatch.schema.testing.AvroBytes;
import dev.agentwatch.schema.testing.TestEvents;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;

/**
 * Writer schemas a producer can point at by id that must not stall or kill the reader: each is a record fault
 * (dead-lettered), decided once per id, never an outage retried forever and never a thread-killing Error.
 */
@WithLocalKafka
class HostileWriterSchemaTest {

    private static final Duration FAST = Duration.ofSeconds(5);
    private final LocalKafka kafka;

    HostileWriterSchemaTest(LocalKafka kafka) {
        this.kafka = kafka;
    }

    @Test
    void aRecursiveWriterSchemaIsRefusedBeforeItsPayloadCanOverflowTheStack() throws Exception {
        // MetricEvent plus a trailing optional recursive field: compatible, so the reader would skip the extra
        // field, and Avro's skip recurses once per nesting level.
        Schema tree = SchemaBuilder.record("Tree").namespace("hostile").fields()
                .name("child").type().optional().type("hostile.Tree").endRecord();
        Schema withTree = withExtraField(MetricEvent.getClassSchema(), "tree",
                Schema.createUnion(Schema.create(Schema.Type.NULL), tree));
        int id = register(kafka.uniqueName("recursive") + "-value", withTree.toString());

        GenericRecord shallow = new GenericData.Record(withTree);
        MetricEvent valid = TestEvents.fullMetric(1);
        for (Schema.Field f : MetricEvent.getClassSchema().getFields()) {
            shallow.put(f.name(), GenericData.get().deepCopy(f.schema(), toGeneric(valid, f)));
        }
        byte[] body = AvroBytes.encodeGeneric(shallow); // tree = null: its union index 0 is the last byte
        ByteArrayOutputStream deep = new ByteArrayOutputStream();
        deep.write(body, 0, body.length - 1);
        for (int i = 0; i < 60_000; i++) {
            deep.write(2); // union branch 1 (a Tree), whose only field is the next union
        }
        deep.write(0);
        byte[] payload = withHeader(id, deep.toByteArray());

        try (AvroDeserializer<MetricEvent> reader = reader()) {
            IncompatibleWriterSchemaException e = assertTimeoutPreemptively(FAST,
                    () -> expectFault(reader, payload, IncompatibleWriterSchemaException.class));
            assertThat(e).hasMessageContaining("recursive");
        }
    }

    @Test
    void aSchemaIdHoldingAJsonSchemaIsTheRecordsFaultNotAnOutage() throws Exception {
        int id = registerTyped(kafka.uniqueName("json") + "-value", "JSON",
                "{\"$schema\":\"http://json-schema.org/draft-07/schema#\",\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\"}}}");
        byte[] payload = withHeader(id, new byte[] {2, 'a'});
        try (AvroDeserializer<MetricEvent> reader = reader()) {
            IncompatibleWriterSchemaException e = expectFault(reader, payload, IncompatibleWriterSchemaException.class);
            assertThat(e).hasMessageContaining("JSON");
        }
    }

    @Test
    void registryAnswersAboutTheIdAreRecordFaultsAndAnswersAboutUsAreNot() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        HttpServer registry = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        registry.createContext("/", exchange -> {
            calls.incrementAndGet();
            String path = exchange.getRequestURI().getPath();
            int status = path.endsWith("/422") ? 422 : path.endsWith("/400") ? 400 : path.endsWith("/401") ? 401
                    : path.endsWith("/403") ? 403 : 404;
            byte[] answer = ("{\"error_code\":" + status + "01,\"message\":\"no\"}").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        registry.start();
        String url = "http://127.0.0.1:" + registry.getAddress().getPort();
        try (AvroDeserializer<MetricEvent> reader = new AvroDeserializer<>(MetricEvent.class)) {
            reader.configure(Map.of("schema.registry.url", url), false);
            for (int id : new int[] {422, 400, 404}) {
                expectFault(reader, withHeader(id, new byte[] {0}), SchemaIdNotFoundException.class);
            }
            for (int id : new int[] {401, 403}) {
                WireFormatException e = deserialize(reader, withHeader(id, new byte[] {0}));
                assertThat(e).isInstanceOf(WriterSchemaUnavailableException.class);
                assertThat(e.isRecordFault()).as("HTTP %d is about our credentials", id).isFalse();
            }
            // An unknown id is asked for once a minute, not once per record.
            int before = calls.get();
            for (int i = 0; i < 100; i++) {
                expectFault(reader, withHeader(404, new byte[] {0}), SchemaIdNotFoundException.class);
            }
            assertThat(calls.get()).isEqualTo(before);
        } finally {
            registry.stop(0);
        }
    }

    private AvroDeserializer<MetricEvent> reader() {
        AvroDeserializer<MetricEvent> reader = new AvroDeserializer<>(MetricEvent.class);
        reader.configure(Map.of("schema.registry.url", kafka.schemaRegistryUrl()), false);
        return reader;
    }

    private static <E extends WireFormatException> E expectFault(AvroDeserializer<MetricEvent> reader, byte[] payload,
                                                                 Class<E> type) {
        WireFormatException e = deserialize(reader, payload);
        assertThat(e).isInstanceOf(type);
        assertThat(e.isRecordFault()).isTrue();
        return type.cast(e);
    }

    private static WireFormatException deserialize(AvroDeserializer<MetricEvent> reader, byte[] payload) {
        try {
            reader.deserialize("hostile", payload);
        } catch (WireFormatException e) {
            return e;
        }
        throw new AssertionError("the payload was read");
    }

    private static Object toGeneric(MetricEvent e, Schema.Field f) {
        Object v = e.get(f.pos());
        if (v instanceof java.time.Instant t) {
            return t.toEpochMilli();
        }
        return v;
    }

    private static Schema withExtraField(Schema base, String name, Schema type) {
        var copy = new java.util.ArrayList<Schema.Field>();
        for (Schema.Field f : base.getFields()) {
            copy.add(new Schema.Field(f.name(), f.schema(), f.doc(), f.defaultVal()));
        }
        copy.add(new Schema.Field(name, type, null, Schema.Field.NULL_DEFAULT_VALUE));
        return Schema.createRecord(base.getName(), base.getDoc(), base.getNamespace(), false, copy);
    }

    private static byte[] withHeader(int schemaId, byte[] body) {
        byte[] out = new byte[WireFormat.HEADER_SIZE + body.length];
        WireFormat.writeHeader(schemaId, out, 0);
        System.arraycopy(body, 0, out, WireFormat.HEADER_SIZE, body.length);
        return out;
    }

    private int register(String subject, String schema) throws Exception {
        try (var client = new HttpSchemaRegistryClient(SchemaRegistryClientConfig.of(kafka.schemaRegistryUrl()))) {
            return client.register(subject, new Schema.Parser().parse(schema));
        }
    }

    /** Registers through the Confluent-compatible API with a schemaType, as a JSON-schema producer would. */
    private int registerTyped(String subject, String type, String schema) throws Exception {
        String body = "{\"schemaType\":\"" + type + "\",\"schema\":" + com.fasterxml.jackson.databind.json.JsonMapper
                .builder().build().writeValueAsString(schema) + "}";
        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(kafka.schemaRegistryUrl() + "/subjects/" + subject + "/versions"))
                .header("Content-Type", "application/vnd.schemaregistry.v1+json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return new com.fasterxml.jackson.databind.ObjectMapper().readTree(answer.body()).path("id").intValue();
    }
}
