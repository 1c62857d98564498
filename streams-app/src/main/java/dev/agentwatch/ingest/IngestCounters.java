package dev.agentwatch.ingest;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts of accepted, duplicate and dead-lettered events, shared by all stream threads of one instance and exported
 * on {@code /metrics}. LongAdder because every stream thread increments them per record.
 */
public final class IngestCounters {

    private final LongAdder accepted = new LongAdder();
    private final LongAdder duplicates = new LongAdder();
    private final LongAdder truncatedDeadLetters = new LongAdder();
    private final LongAdder processingFailures = new LongAdder();
    private final Map<String, LongAdder> deadLettered = new ConcurrentHashMap<>();

    public void accepted() {
        accepted.increment();
    }

    /** An event whose event_id its agent's slice had already taken (a producer retry): counted once. */
    public void duplicate() {
        duplicates.increment();
    }

    /** A dead-lettered record cut down to fit the producer's record size. */
    public void truncatedDeadLetter() {
        truncatedDeadLetters.increment();
    }

    /** An exception that escaped a processor or punctuator and was handled by skipping (see ProcessingFailures). */
    public void processingFailure() {
        processingFailures.increment();
    }

    public long processingFailureCount() {
        return processingFailures.sum();
    }

    public long duplicateCount() {
        return duplicates.sum();
    }

    public long truncatedDeadLetterCount() {
        return truncatedDeadLetters.sum();
    }

    public void deadLettered(String reason) {
        deadLettered.computeIfAbsent(reason, r -> new LongAdder()).increment();
    }

    public long acceptedCount() {
        return accepted.sum();
    }

    public long deadLetteredCount(String reason) {
        LongAdder a = deadLettered.get(reason);
        return a == null ? 0 : a.sum();
    }

    /** reason -> count, sorted by reason. */
    public Map<String, Long> deadLetteredByReason() {
        Map<String, Long> out = new TreeMap<>();
        deadLettered.forEach((r, a) -> out.put(r, a.sum()));
        return out;
    }
}
