package dev.agentwatch.sink.kafka;

import org.apache.kafka.common.header.Headers;

import java.nio.charset.StandardCharsets;

/**
 * Names of the headers of a record parked in the alerts dead-letter topic: why, by which integration, where the
 * alert was read, and what was cut to make the record fit ({@link DeadLetter}). Same names as the metrics
 * dead-letter topic's, plus the receiver.
 */
public final class DeadLetterHeaders {

    public static final String REASON = "agentwatch.dlq.reason";
    public static final String DETAIL = "agentwatch.dlq.detail";
    public static final String RECEIVER = "agentwatch.dlq.receiver";
    public static final String SOURCE_TOPIC = "agentwatch.dlq.source.topic";
    public static final String SOURCE_PARTITION = "agentwatch.dlq.source.partition";
    public static final String SOURCE_OFFSET = "agentwatch.dlq.source.offset";
    public static final String TIME = "agentwatch.dlq.time";
    /** Comma-separated parts that were cut to their bound or left out: {@code key}, {@code value}, {@code detail}, ... */
    public static final String TRUNCATED = "agentwatch.dlq.truncated";
    /** The value's size in bytes before it was cut or left out. */
    public static final String VALUE_SIZE = "agentwatch.dlq.value.size";
    /** Why the whole record could not be written, on a record written without its value instead. */
    public static final String WRITE_ERROR = "agentwatch.dlq.write.error";

    private DeadLetterHeaders() {
    }

    public static String text(Headers headers, String key) {
        var h = headers.lastHeader(key);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
