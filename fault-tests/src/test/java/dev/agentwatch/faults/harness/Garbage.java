package dev.agentwatch.faults.harness;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.apache.kafka.clients.producer.ProducerRecord;

import dev.agentwatch.schema.AvroSerdeConfig;
import dev.agentwatch.schema.MetricEvent;
import dev.agentwatch.schema.serde.AvroSerializer;

/**
 * Records that are not valid metric events, of the kinds SPEC section 5 lists, made in turn by record number: bytes
 * that are not the wire format, a wrong magic byte, an unknown schema id, truncated Avro, a valid event with negative
 * tokens, tool_failures over tool_calls, NaN latency, and a tombstone. Each must end in the DLQ; none may be counted.
 */
public final class Garbage {

    public static final String KIND = "garbage";
    /** An id far beyond what the registry hands out. */
    private static final int UNKNOWN_SCHEMA_ID = 987_654_321;
    private static final List<String> FORMS = List.of("json-text", "bad-magic", "unknown-schema-id", "truncated-avro",
            "negative-tokens", "tool-failures-over-calls", "nan-latency", "tombstone");

    private final String topic;
    private final Fleet fleet;
    private final AvroSerializer<MetricEvent> values = new AvroSerializer<>();
    private final SplittableRandom random = new SplittableRandom(7);
    private long made;

    public Garbage(String topic, String registryUrl, Fleet fleet) {
        this.topic = topic;
        this.fleet = fleet;
        values.configure(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, registryUrl), false);
    }

    public static List<String> forms() {
        return FORMS;
    }

    /** The next garbage record, each form in turn, keyed by a fleet agent; {@code n} (the load's record number) unused. */
    public synchronized ProducerRecord<byte[], byte[]> record(long n) {
        Instant now = Instant.now();
        MetricEvent valid = fleet.next(now);
        byte[] key = valid.getAgentId().getBytes(StandardCharsets.UTF_8);
        byte[] value = switch (FORMS.get((int) (made++ % FORMS.size()))) {
            case "json-text" -> ("{\"agent_id\":\"" + valid.getAgentId() + "\",\"latency_ms\":12}").getBytes(StandardCharsets.UTF_8);
            case "bad-magic" -> {
                byte[] v = avro(valid);
                v[0] = 7;
                yield v;
            }
            case "unknown-schema-id" -> {
                byte[] v = avro(valid);
                ByteBuffer.wrap(v).putInt(1, UNKNOWN_SCHEMA_ID);
                yield v;
            }
            case "truncated-avro" -> {
                byte[] v = avro(valid);
                yield Arrays.copyOf(v, 5 + random.nextInt(Math.max(1, v.length - 10)));
            }
            case "negative-tokens" -> avro(MetricEvent.newBuilder(valid).setTokensIn(-5L).build());
            case "tool-failures-over-calls" -> avro(MetricEvent.newBuilder(valid).setToolCalls(1).setToolFailures(3).build());
            case "nan-latency" -> avro(MetricEvent.newBuilder(valid).setLatencyMs(Double.NaN).build());
            case "tombstone" -> null;
            default -> throw new IllegalStateException();
        };
        return new ProducerRecord<>(topic, null, now.toEpochMilli(), key, value);
    }

    private byte[] avro(MetricEvent e) {
        return values.serialize(topic, e);
    }
}
