package dev.agentwatch.sink.kafka;

import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.InvalidTimestampException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.RetriableException;

/**
 * What a failed dead-letter write says. Only a few errors are about the record itself (its size, its timestamp, its
 * form): another record would be taken, this one never will be. Everything else, known or not, is about the topic
 * or the cluster (missing, not authorized, no leader, timeouts, a producer in a fatal state) and may pass, so it is
 * waited out rather than taken as a reason to give an alert up.
 */
final class DeadLetterErrors {

    private DeadLetterErrors() {
    }

    /** The producer or broker refuses this record as a record. */
    static boolean refusesRecord(Throwable e) {
        return e instanceof RecordTooLargeException || e instanceof RecordBatchTooLargeException
                || e instanceof InvalidTimestampException || e instanceof InvalidRecordException;
    }

    /**
     * An error after which this producer may not write again even once the cause is gone: it is not one the producer
     * retries itself (authorization, a fatal state of an idempotent producer, no answer within its own delivery
     * timeout). A new producer costs a connection; one that stays broken would hold every dead letter for good.
     */
    static boolean mayLeaveProducerUnusable(Throwable e) {
        return !refusesRecord(e) && !(e instanceof RetriableException) && !(e instanceof InterruptException);
    }
}
