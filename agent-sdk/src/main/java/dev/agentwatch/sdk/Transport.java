package dev.agentwatch.sdk;

import dev.agentwatch.sampling.SamplingPolicy;
import dev.agentwatch.schema.MetricEvent;

import java.util.List;

/**
 * Where the exporter thread sends batches: Kafka directly or the HTTP gateway. Called from that one thread only,
 * so an implementation may block (that is the point: the agent's threads never do).
 */
public interface Transport extends AutoCloseable {

    /** What became of a batch. Every event of it is in exactly one of the three. */
    record Result(int delivered, int rejected, int failed) {
        public static Result allFailed(int n) {
            return new Result(0, 0, n);
        }
    }

    /** Sends the batch and returns once each event is acknowledged or given up; interruptible. */
    Result send(List<MetricEvent> batch) throws InterruptedException;

    /** The sampling policy of the rules in effect, as this transport learns it; {@link SamplingPolicy#NONE} until known. */
    SamplingPolicy samplingPolicy();

    @Override
    void close();

    /** The transport of a disabled client: never called. */
    Transport DISABLED = new Transport() {
        @Override
        public Result send(List<MetricEvent> batch) {
            throw new IllegalStateException("a disabled client sends nothing");
        }

        @Override
        public SamplingPolicy samplingPolicy() {
            return SamplingPolicy.NONE;
        }

        @Override
        public void close() {
        }
    };
}
