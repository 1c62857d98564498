package dev.agentwatch.ingest;

import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * The headers a dead-lettered record carries, so that whoever reads {@code agentwatch.metrics.dlq} can tell
 * why it was refused and find the original. The record's own headers are kept.
 */
public final class DeadLetterHeaders {

    public static final String REASON = "agentwatch.dlq.reason";
    public static final String DETAIL = "agentwatch.dlq.detail";
    public static final String FIELD = "agentwatch.dlq.field";
    public static final String SOURCE_TOPIC = "agentwatch.dlq.source.topic";
    public static final String SOURCE_PARTITION = "agentwatch.dlq.source.partition";
    public static final String SOURCE_OFFSET = "agentwatch.dlq.source.offset";
    public static final String TIME = "agentwatch.dlq.time";
    /** Present when the dead letter had to be cut to fit: what was cut. */
    public static final String TRUNCATED = "agentwatch.dlq.truncated";

    private DeadLetterHeaders() {
    }

    /** A copy of {@code original} plus the reason headers. */
    public static Headers of(Headers original, String reason, String field, String detail,
                             String topic, int partition, long offset, long nowMs) {
        Headers h = new RecordHeaders(original == null ? new org.apache.kafka.common.header.Header[0] : original.toArray());
        put(h, REASON, reason);
        if (field != null) {
            put(h, FIELD, field);
        }
        put(h, DETAIL, detail == null ? "" : detail);
        if (topic != null) {
            put(h, SOURCE_TOPIC, topic);
            put(h, SOURCE_PARTITION, Integer.toString(partition));
            put(h, SOURCE_OFFSET, Long.toString(offset));
        }
        put(h, TIME, Instant.ofEpochMilli(nowMs).toString());
        return h;
    }

    /** The value of a header as text, or null. */
    public static String text(Headers headers, String key) {
        var h = headers.lastHeader(key);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static void put(Headers h, String key, String value) {
        h.remove(key);
        h.add(key, value.getBytes(StandardCharsets.UTF_8));
    }
}
