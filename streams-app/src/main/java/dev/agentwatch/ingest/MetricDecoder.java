package dev.agentwatch.ingest;

import dev.agentwatch.schema.MetricEvent;
import dev.agentwatch.schema.serde.WireFormatException;
import dev.agentwatch.schema.validation.EventValidator;
import dev.agentwatch.schema.validation.Violation;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * First stage of the topology: bytes to a valid {@link MetricEvent}, or the record to the dead-letter topic
 * with the reason. Lateness is judged by the next stage, which owns the event-time clock. Registry outages are not
 * the record's fault, so they are rethrown (the stream thread is replaced and the record retried) instead of
 * dead-lettering good data. Anything else that goes wrong is {@code streams/ProcessingFailures}'s.
 */
public final class MetricDecoder implements Processor<byte[], byte[], Object, Object> {

    /** Reason codes of this stage that are not wire-format or content problems. */
    public static final String KEY_MISMATCH = "key-mismatch";
    public static final String RECORD_TOO_LARGE = "record-too-large";

    private final String sourceTopic;
    private final Deserializer<MetricEvent> deserializer;
    private final EventValidator validator;
    private final IngestCounters counters;
    private final String eventsChild;
    private final String deadLetterChild;
    private final int maxRecordBytes;
    private ProcessorContext<Object, Object> context;
    private DeadLetters deadLetters;

    /** @param maxRecordBytes the most bytes of key plus value a metrics record may have (streams.max_record_bytes) */
    public MetricDecoder(String sourceTopic, Deserializer<MetricEvent> deserializer, EventValidator validator,
                         IngestCounters counters, String eventsChild, String deadLetterChild, int maxRecordBytes) {
        this.maxRecordBytes = maxRecordBytes;
        this.sourceTopic = sourceTopic;
        this.deserializer = deserializer;
        this.validator = validator;
        this.counters = counters;
        this.eventsChild = eventsChild;
        this.deadLetterChild = deadLetterChild;
    }

    @Override
    public void init(ProcessorContext<Object, Object> context) {
        this.context = context;
        this.deadLetters = new DeadLetters(context, sourceTopic, deadLetterChild, counters);
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        MetricEvent event;
        try {
            event = decodeAndValidate(record);
        } catch (StackOverflowError e) {
            // An Error would end the thread past every handler; this one is about the record.
            throw new IllegalStateException("stack overflow while decoding the record", e);
        }
        if (event != null) {
            context.forward(new Record<>(event.getAgentId(), new DecodedMetric(event, record.key(), record.value()),
                    event.getTimestamp().toEpochMilli(), record.headers()), eventsChild);
        }
    }

    /** The valid event of a record, or null after dead-lettering it with the reason. */
    private MetricEvent decodeAndValidate(Record<byte[], byte[]> record) {
        long size = (record.key() == null ? 0L : record.key().length) + (record.value() == null ? 0L : record.value().length);
        if (size > maxRecordBytes) {
            deadLetter(record, RECORD_TOO_LARGE, null, "key and value have " + size + " bytes; at most " + maxRecordBytes
                    + " are allowed (streams.max_record_bytes), and a valid metric event is far smaller");
            return null;
        }
        MetricEvent event;
        try {
            event = deserializer.deserialize(sourceTopic, record.headers(), record.value());
        } catch (WireFormatException e) {
            if (!e.isRecordFault()) {
                throw e;
            }
            deadLetter(record, e.reasonCode(), null, e.getMessage());
            return null;
        } catch (RuntimeException | StackOverflowError e) {
            // Anything else the decoder throws on these bytes is still about these bytes.
            deadLetter(record, "undecodable", null, e.toString());
            return null;
        }
        if (event == null) {
            deadLetter(record, "tombstone", null, "a null value is not a metric event");
            return null;
        }
        Violation v = validator.firstViolation(event, context.currentSystemTimeMs());
        if (v != null) {
            deadLetter(record, v.reason().code(), v.field(), v.message());
            return null;
        }
        if (!keyMatches(record.key(), event.getAgentId())) {
            deadLetter(record, KEY_MISMATCH, "agent_id", "the record key must be the agent_id ('" + event.getAgentId()
                    + "') so that one agent's events share a partition; key was "
                    + (record.key() == null ? "null" : "'" + DeadLetterRecord.abbreviate(
                            new String(record.key(), 0, Math.min(record.key().length, 400), StandardCharsets.UTF_8), 200)
                            + "' (" + record.key().length + " bytes)"));
            return null;
        }
        return event;
    }

    private static boolean keyMatches(byte[] key, String agentId) {
        // Compare without decoding the key: agent ids are mostly ASCII, where bytes == chars.
        if (key == null || key.length != agentId.length()) {
            return key != null && Arrays.equals(key, agentId.getBytes(StandardCharsets.UTF_8));
        }
        for (int i = 0; i < key.length; i++) {
            if (key[i] != agentId.charAt(i)) {
                return Arrays.equals(key, agentId.getBytes(StandardCharsets.UTF_8));
            }
        }
        return true;
    }

    private void deadLetter(Record<byte[], byte[]> record, String reason, String field, String detail) {
        deadLetters.send(record.key(), record.value(), record.headers(), record.timestamp(), reason, field, detail);
    }
}
