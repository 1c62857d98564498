package dev.agentwatch.sink.kafka;

import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * Headers of a record parked in the alerts dead-letter topic: why, by which integration, and where the alert
 * was read. Same names as the metrics dead-letter topic's, plus the receiver.
 */
public final class DeadLetterHeaders {

    public static final String REASON = "agentwatch.dlq.reason";
    public static final String DETAIL = "agentwatch.dlq.detail";
    public static final String RECEIVER = "agentwatch.dlq.receiver";
    public static final String SOURCE_TOPIC = "agentwatch.dlq.source.topic";
    public static final String SOURCE_PARTITION = "agentwatch.dlq.source.partition";
    public static final String SOURCE_OFFSET = "agentwatch.dlq.source.offset";
    public static final String TIME = "agentwatch.dlq.time";

    /** Header values are for people; a receiver's long error page is cut. */
    private static final int MAX_DETAIL = 1_000;

    private DeadLetterHeaders() {
    }

    static Headers of(String reason, String detail, String receiver, String topic, int partition, long offset, Instant now) {
        Headers h = new RecordHeaders();
        put(h, REASON, reason);
        String d = detail == null ? "" : detail;
        put(h, DETAIL, d.length() > MAX_DETAIL ? d.substring(0, MAX_DETAIL) : d);
        if (receiver != null) {
            put(h, RECEIVER, receiver);
        }
        if (topic != null && !topic.isEmpty()) {
            put(h, SOURCE_TOPIC, topic);
            put(h, SOURCE_PARTITION, Integer.toString(partition));
            put(h, SOURCE_OFFSET, Long.toString(offset));
        }
        put(h, TIME, now.toString());
        return h;
    }

    public static String text(Headers headers, String key) {
        var h = headers.lastHeader(key);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static void put(Headers h, String key, String value) {
        h.add(key, value.getBytes(StandardCharsets.UTF_8));
    }
}
