package dev.agentwatch.streams;

import dev.agentwatch.topics.DeadLetterHeaders;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.InvalidTimestampException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.errors.DefaultProductionExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Writes that the producer or broker refuses. A dead letter refused as a record (too large for the topic's
 * {@code max.message.bytes}, a timestamp the broker will not take) is replaced by one of its reason headers
 * alone, which always fits, and the task resumes: failing would retry the same write after every restart
 * and stall the partition behind it. Everything else is Kafka Streams' default: retriable errors are retried,
 * the rest fail, since an alert or a changelog record must not be dropped.
 */
public final class OutputFailures implements ProductionExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(OutputFailures.class);

    private final DefaultProductionExceptionHandler fallback = new DefaultProductionExceptionHandler();
    private HandlerSettings settings;

    @Override
    public void configure(Map<String, ?> configs) {
        settings = HandlerSettings.from(configs);
        fallback.configure(configs);
    }

    @Override
    public Response handleError(ErrorHandlerContext context, ProducerRecord<byte[], byte[]> record, Exception exception) {
        if (!settings.metricsDlqTopic().equals(record.topic()) || !refusesTheRecord(exception)) {
            return fallback.handleError(context, record, exception);
        }
        settings.counters().truncatedDeadLetter();
        if (record.headers().lastHeader(DeadLetterHeaders.TRUNCATED) != null && record.key() == null && record.value() == null) {
            // Already the headers-only replacement: nothing smaller to send.
            log.error("dead letter refused even without key and value ({}); it is dropped: {}", exception,
                    DeadLetterHeaders.text(record.headers(), DeadLetterHeaders.SOURCE_OFFSET));
            return Response.resume();
        }
        RecordHeaders reasons = new RecordHeaders();
        for (Header h : record.headers()) {
            if (h.key().startsWith(DeadLetterHeaders.PREFIX)) {
                reasons.add(h);
            }
        }
        reasons.remove(DeadLetterHeaders.TRUNCATED);
        reasons.add(DeadLetterHeaders.TRUNCATED, ("key and value dropped: the broker refused the dead letter ("
                + exception.getClass().getSimpleName() + ")").getBytes(StandardCharsets.UTF_8));
        log.warn("dead letter refused ({}); sending its reason headers alone", exception.toString());
        return Response.resume(List.of(new ProducerRecord<>(record.topic(), null, System.currentTimeMillis(),
                null, null, reasons)));
    }

    private static boolean refusesTheRecord(Exception e) {
        return e instanceof RecordTooLargeException || e instanceof RecordBatchTooLargeException
                || e instanceof InvalidRecordException || e instanceof InvalidTimestampException;
    }
}
