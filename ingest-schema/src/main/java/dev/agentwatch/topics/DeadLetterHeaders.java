package dev.agentwatch.topics;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * The headers a dead-lettered record carries, in both dead-letter topics ({@code agentwatch.metrics.dlq}, written
 * by the streams app, and {@code agentwatch.alerts.dlq}, by the alert sink), so that whoever reads them can tell why
 * a record was refused and find the original. One set of names for both: tools and users read them alike. The
 * record's own headers are kept.
 */
public final class DeadLetterHeaders {

    /** What every header of the set starts with. */
    public static final String PREFIX = "agentwatch.dlq.";

    public static final String REASON = PREFIX + "reason";
    public static final String DETAIL = PREFIX + "detail";
    /** Metrics: the event field at fault, when there is one. */
    public static final String FIELD = PREFIX + "field";
    /** Alerts: the integration that gave up on the alert. */
    public static final String RECEIVER = PREFIX + "receiver";
    public static final String SOURCE_TOPIC = PREFIX + "source.topic";
    public static final String SOURCE_PARTITION = PREFIX + "source.partition";
    public static final String SOURCE_OFFSET = PREFIX + "source.offset";
    public static final String TIME = PREFIX + "time";
    /**
     * Present when the dead letter had to be cut to fit: what was cut (the alert sink lists the parts cut to their
     * bound or left out, comma-separated: {@code key}, {@code value}, {@code detail}, ...).
     */
    public static final String TRUNCATED = PREFIX + "truncated";
    /** Alerts: the value's size in bytes before it was cut or left out. */
    public static final String VALUE_SIZE = PREFIX + "value.size";
    /** Alerts: why the whole record could not be written, on a record written without its value instead. */
    public static final String WRITE_ERROR = PREFIX + "write.error";

    private DeadLetterHeaders() {
    }

    /** A copy of {@code original} plus the reason headers of a refused metric event. */
    public static Headers of(Headers original, String reason, String field, String detail,
                             String topic, int partition, long offset, long nowMs) {
        Headers h = new RecordHeaders(original == null ? new Header[0] : original.toArray());
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
