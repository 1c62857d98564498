package dev.agentwatch.streams;

import dev.agentwatch.ingest.DeadLetterRecord;
import dev.agentwatch.ingest.IngestCounters;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;

/**
 * The last line behind the processors' own catches: an exception that escapes a processor or a punctuator
 * (a wall-clock tick evaluating alerts) would fail the stream thread, which Kafka Streams replaces, which
 * meets the same record or tick again: a partition stalled for good while the instance looks alive. A metrics
 * record is dead-lettered as {@code processing-failed} and the task resumes; so does a failed punctuation.
 * Kafka's own exceptions (a fenced producer, a store or output that failed) still fail: they are not about
 * the record, and exactly-once depends on them.
 */
public final class ProcessingFailures implements ProcessingExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProcessingFailures.class);
    static final String REASON = "processing-failed";

    private HandlerSettings settings;

    @Override
    public void configure(Map<String, ?> configs) {
        settings = HandlerSettings.from(configs);
    }

    @Override
    public Response handleError(ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
        if (exception instanceof KafkaException) {
            return Response.fail();
        }
        IngestCounters counters = settings.counters();
        counters.processingFailure();
        boolean fromMetrics = settings.metricsTopic().equals(context.topic()) && context.sourceRawValue() != null;
        log.warn("processing failed in {} (task {}, {}-{}@{}); {}", context.processorNodeId(), context.taskId(),
                context.topic(), context.partition(), context.offset(),
                fromMetrics ? "the record is dead-lettered" : "skipped", exception);
        if (!fromMetrics) {
            return Response.resume();
        }
        DeadLetterRecord letter = DeadLetterRecord.of(context.sourceRawKey(), context.sourceRawValue(), context.headers(),
                REASON, null, "processing failed in " + context.processorNodeId() + ": " + exception,
                context.topic(), context.partition(), context.offset(), System.currentTimeMillis());
        counters.deadLettered(REASON);
        return Response.resume(List.of(new ProducerRecord<>(settings.metricsDlqTopic(), null, null,
                letter.key(), letter.value(), letter.headers())));
    }
}
