package dev.agentwatch.ingest;

import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/** Sends the record being processed to the dead-letter sink with the reason headers, and counts it. */
public final class DeadLetters {

    private final ProcessorContext<Object, Object> context;
    private final String sourceTopic;
    private final String sink;
    private final IngestCounters counters;

    public DeadLetters(ProcessorContext<Object, Object> context, String sourceTopic, String sink, IngestCounters counters) {
        this.context = context;
        this.sourceTopic = sourceTopic;
        this.sink = sink;
        this.counters = counters;
    }

    public void send(byte[] key, byte[] value, Headers original, long timestamp, String reason, String field, String detail) {
        RecordMetadata meta = context.recordMetadata().orElse(null);
        DeadLetterRecord letter = DeadLetterRecord.of(key, value, original, reason, field, detail,
                meta == null ? sourceTopic : meta.topic(), meta == null ? -1 : meta.partition(),
                meta == null ? -1 : meta.offset(), context.currentSystemTimeMs());
        context.forward(new Record<Object, Object>(letter.key(), letter.value(), timestamp, letter.headers()), sink);
        counters.deadLettered(reason);
        if (letter.truncated()) {
            counters.truncatedDeadLetter();
        }
    }
}
