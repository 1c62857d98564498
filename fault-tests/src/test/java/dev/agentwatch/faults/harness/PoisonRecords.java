package dev.agentwatch.faults.harness;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import org.apache.kafka.clients.producer.ProducerRecord;

import dev.agentwatch.schema.MetricEvent;
import dev.agentwatch.schema.serde.WireFormat;

/**
 * The records of issue 11 that stopped a stream thread, as an outside producer can send them: each is valid enough to
 * pass the first checks and breaks a later step. Each comes from its own agent, so its effect is not confused with
 * the fleet's alerts.
 */
public final class PoisonRecords {

    /** A poison record and what it is. */
    public record Poison(String name, ProducerRecord<byte[], byte[]> record) {
    }

    /** Over the producer's and broker's 1 MB limits once quoted into a DLQ detail or kept as slice evidence. */
    static final int HUGE = 600 * 1024;
    /**
     * Nesting deep enough that a recursive skip overflows any default thread stack (a few hundred bytes of stack per
     * level), in a record small enough (~60 KB) to pass a record-size limit and reach the decoder.
     */
    static final int RECURSION_DEPTH = 60_000;

    private final String topic;
    private final Fleet fleet;
    private final LoadGenerator serializer;
    private final RegistryApi registry;

    public PoisonRecords(String topic, Fleet fleet, LoadGenerator serializer, RegistryApi registry) {
        this.topic = topic;
        this.fleet = fleet;
        this.serializer = serializer;
        this.registry = registry;
    }

    public List<Poison> all() {
        return List.of(tinySampleRate(), hugeKey(), hugeEventId(1), hugeEventId(2), recursiveWriterSchema(), jsonSchemaId());
    }

    /** sample_rate 1e-320: in (0, 1], yet 1/rate is infinite. */
    public Poison tinySampleRate() {
        MetricEvent e = MetricEvent.newBuilder(fleet.call("poison-sample-rate", Instant.now())).setSampleRate(1e-320).build();
        return new Poison("sample_rate 1e-320", record(e.getAgentId().getBytes(StandardCharsets.UTF_8), serializer.serialize(e)));
    }

    /** A valid event under a 600 KB key (the key is not its agent_id). */
    public Poison hugeKey() {
        MetricEvent e = fleet.call("poison-huge-key", Instant.now());
        byte[] key = new byte[HUGE];
        Arrays.fill(key, (byte) 'k');
        return new Poison("600 KB key", record(key, serializer.serialize(e)));
    }

    /** One of two events of one agent in one slice, each with a 600 KB event_id. */
    public Poison hugeEventId(int n) {
        MetricEvent e = MetricEvent.newBuilder(fleet.call("poison-huge-ids", Instant.now()))
                .setEventId(String.valueOf((char) ('a' + n)).repeat(HUGE)).build();
        return new Poison("600 KB event_id #" + n, record(e.getAgentId().getBytes(StandardCharsets.UTF_8), serializer.serialize(e)));
    }

    /**
     * A writer schema of MetricEvent's fields plus a recursive one, registered under another subject and used by its
     * id: the reader has no such field, so decoding skips it, level by level.
     */
    public Poison recursiveWriterSchema() {
        String fields = MetricEvent.getClassSchema().toString();
        String schema = fields.substring(0, fields.lastIndexOf(']'))
                + ",{\"name\":\"chain\",\"type\":[\"null\",{\"type\":\"record\",\"name\":\"Link\",\"fields\":"
                + "[{\"name\":\"next\",\"type\":[\"null\",\"Link\"]}]}],\"default\":null}]}";
        int id = registry.register("fault-recursive-value", "AVRO", schema);
        MetricEvent e = fleet.call("poison-recursive", Instant.now());
        byte[] framed = serializer.serialize(e);
        ByteArrayOutputStream body = new ByteArrayOutputStream(framed.length + RECURSION_DEPTH + 1);
        body.write(framed, WireFormat.HEADER_SIZE, framed.length - WireFormat.HEADER_SIZE);
        // The chain: union branch 1 (a Link, zig-zag varint 2) at every level, then branch 0 (null).
        for (int i = 0; i < RECURSION_DEPTH; i++) {
            body.write(2);
        }
        body.write(0);
        return new Poison("recursive writer schema (id " + id + ")",
                record(e.getAgentId().getBytes(StandardCharsets.UTF_8), WireFormat.frame(id, body.toByteArray())));
    }

    /** A schema id whose schema is a JSON schema, registered through the Confluent API with schemaType JSON. */
    public Poison jsonSchemaId() {
        int id = registry.register("fault-json-value", "JSON",
                "{\"type\":\"object\",\"properties\":{\"agent_id\":{\"type\":\"string\"}}}");
        byte[] json = "{\"agent_id\":\"poison-json-schema\"}".getBytes(StandardCharsets.UTF_8);
        return new Poison("JSON schema id (id " + id + ")",
                record("poison-json-schema".getBytes(StandardCharsets.UTF_8), WireFormat.frame(id, json)));
    }

    private ProducerRecord<byte[], byte[]> record(byte[] key, byte[] value) {
        return new ProducerRecord<>(topic, null, System.currentTimeMillis(), key, value);
    }
}
