package dev.agentwatch.streams;

import org.apache.kafka.streams.KafkaStreams;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What {@code /health} and {@code /metrics} say about Kafka Streams: its state, and stream threads that died and
 * were replaced. A replaced thread that keeps failing (a registry refusing us, a bug) leaves KafkaStreams RUNNING
 * while a partition makes no progress, so the state alone would lie: the instance is DOWN while a thread failed
 * within {@link #RECENT}.
 */
final class StreamsHealth {

    static final Duration RECENT = Duration.ofMinutes(2);

    private volatile KafkaStreams.State state = KafkaStreams.State.CREATED;
    private final AtomicLong threadFailures = new AtomicLong();
    private volatile long lastFailureMs = Long.MIN_VALUE;
    private volatile String lastFailure = "";

    void stateChanged(KafkaStreams.State now) {
        state = now;
    }

    void threadFailed(Throwable e, long nowMs) {
        threadFailures.incrementAndGet();
        lastFailureMs = nowMs;
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        lastFailure = root.toString();
    }

    KafkaStreams.State state() {
        return state;
    }

    long threadFailures() {
        return threadFailures.get();
    }

    boolean up(long nowMs) {
        boolean running = state == KafkaStreams.State.RUNNING || state == KafkaStreams.State.REBALANCING;
        return running && !failedRecently(nowMs);
    }

    private boolean failedRecently(long nowMs) {
        return lastFailureMs != Long.MIN_VALUE && nowMs - lastFailureMs < RECENT.toMillis();
    }

    /** The body of {@code /health}. */
    String json(long nowMs) {
        StringBuilder b = new StringBuilder(256);
        b.append("{\"status\":\"").append(up(nowMs) ? "UP" : "DOWN").append("\",\"state\":\"").append(state)
                .append("\",\"thread_failures\":").append(threadFailures.get());
        if (lastFailureMs != Long.MIN_VALUE) {
            b.append(",\"last_thread_failure\":{\"at\":\"").append(Instant.ofEpochMilli(lastFailureMs))
                    .append("\",\"error\":\"").append(escape(lastFailure)).append("\"}");
        }
        return b.append('}').toString();
    }

    private static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length() && i < 500; i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20) {
                b.append(' ');
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
