package dev.agentwatch.sink.kafka;

import dev.agentwatch.sink.model.SourceRecord;
import dev.agentwatch.topics.DeadLetterHeaders;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * One record for the alerts dead-letter topic, made to fit: the key is cut to {@value #MAX_KEY_BYTES} bytes, the
 * value to {@value #MAX_VALUE_BYTES} and each header value to {@value #MAX_HEADER_BYTES}, and whatever was cut is
 * named in {@link DeadLetterHeaders#TRUNCATED} (with the value's original size). So the record stays well below the
 * producer's default {@code max.request.size} and the broker's default {@code max.message.bytes} (1 MiB) however
 * large the alert or the receiver's error. When the producer refuses it anyway (a topic with a smaller limit),
 * {@link #withoutValue} is the last resort: headers only, which still say why and where the alert was read.
 */
final class DeadLetter {

    static final int MAX_KEY_BYTES = 1_024;
    static final int MAX_VALUE_BYTES = 512 * 1_024;
    static final int MAX_HEADER_BYTES = 1_000;

    private final String reason;
    private final String detail;
    private final String receiver;
    private final SourceRecord source;
    private final Instant time;
    private final byte[] key;
    private final byte[] value;

    /** @param detail already scrubbed of secrets; @param receiver null for an input record */
    DeadLetter(String reason, String detail, String receiver, SourceRecord source, Instant time, byte[] key, byte[] value) {
        this.reason = reason;
        this.detail = detail == null ? "" : detail;
        this.receiver = receiver;
        this.source = source;
        this.time = time;
        this.key = key;
        this.value = value;
    }

    ProducerRecord<byte[], byte[]> record(String topic) {
        Set<String> cut = new LinkedHashSet<>();
        Headers h = headers(cut);
        byte[] v = value;
        if (v != null && v.length > MAX_VALUE_BYTES) {
            cut.add("value");
            put(h, DeadLetterHeaders.VALUE_SIZE, Integer.toString(v.length), cut);
            v = Arrays.copyOf(v, MAX_VALUE_BYTES);
        }
        return new ProducerRecord<>(topic, null, fittedKey(cut), v, marked(h, cut));
    }

    /** The record without its value, saying why the whole one could not be written. */
    ProducerRecord<byte[], byte[]> withoutValue(String topic, String writeError) {
        Set<String> cut = new LinkedHashSet<>();
        Headers h = headers(cut);
        if (value != null) {
            cut.add("value");
            put(h, DeadLetterHeaders.VALUE_SIZE, Integer.toString(value.length), cut);
        }
        put(h, DeadLetterHeaders.WRITE_ERROR, writeError, cut);
        return new ProducerRecord<>(topic, null, fittedKey(cut), null, marked(h, cut));
    }

    private Headers headers(Set<String> cut) {
        Headers h = new RecordHeaders();
        put(h, DeadLetterHeaders.REASON, reason, cut);
        put(h, DeadLetterHeaders.DETAIL, detail, cut);
        if (receiver != null) {
            put(h, DeadLetterHeaders.RECEIVER, receiver, cut);
        }
        if (source != null && source.topic() != null && !source.topic().isEmpty()) {
            put(h, DeadLetterHeaders.SOURCE_TOPIC, source.topic(), cut);
            put(h, DeadLetterHeaders.SOURCE_PARTITION, Integer.toString(source.partition()), cut);
            put(h, DeadLetterHeaders.SOURCE_OFFSET, Long.toString(source.offset()), cut);
        }
        put(h, DeadLetterHeaders.TIME, time.toString(), cut);
        return h;
    }

    private byte[] fittedKey(Set<String> cut) {
        if (key == null || key.length <= MAX_KEY_BYTES) {
            return key;
        }
        cut.add("key");
        return Arrays.copyOf(key, MAX_KEY_BYTES);
    }

    private static Headers marked(Headers h, Set<String> cut) {
        if (!cut.isEmpty()) {
            h.add(DeadLetterHeaders.TRUNCATED, String.join(",", cut).getBytes(StandardCharsets.UTF_8));
        }
        return h;
    }

    /** Header values are for people: a receiver's long error page is cut, at a character boundary. */
    private static void put(Headers h, String name, String value, Set<String> cut) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > MAX_HEADER_BYTES) {
            int end = MAX_HEADER_BYTES;
            while (end > 0 && (bytes[end] & 0xC0) == 0x80) {
                end--; // back to the first byte of the character the cut falls in
            }
            bytes = Arrays.copyOf(bytes, end);
            cut.add(name.substring(name.lastIndexOf('.') + 1));
        }
        h.add(name, bytes);
    }
}
