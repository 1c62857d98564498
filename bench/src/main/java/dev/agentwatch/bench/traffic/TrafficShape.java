package dev.agentwatch.bench.traffic;

import java.time.Duration;
import java.time.Instant;

/**
 * What traffic to generate: how many events from how many agents over which span of event time, and the mix.
 *
 * @param errorRate         share of calls that fail (after the client's own retries)
 * @param toolCallShare     share of calls that invoke tools
 * @param sampledAgentShare share of agents that sample on their side (sample_rate 0.5 or 0.1)
 * @param codeShare         share of agents that are coding assistants (the rest are chat agents)
 */
public record TrafficShape(long events, int agents, Instant start, Duration span, double errorRate, double toolCallShare,
                           double sampledAgentShare, double codeShare) {

    public TrafficShape {
        if (events < 0 || agents < 1 || span.isNegative() || span.isZero()) {
            throw new IllegalArgumentException("need events >= 0, agents >= 1 and a positive span");
        }
        for (double share : new double[] {errorRate, toolCallShare, sampledAgentShare, codeShare}) {
            if (!(share >= 0 && share <= 1)) {
                throw new IllegalArgumentException("shares must be in [0, 1]");
            }
        }
    }

    /**
     * Calls of a healthy agent that still fail after its client's retries: none. The seed rule ErrorSpikeDetected
     * (over 5% for 10 min, min_samples 20) reads two failures among 20 to 39 calls as a spike, so any rate of
     * independent failures pages now and then on an agent that makes a few calls a minute: 1 in 10,000 did in one
     * hour of this fleet, and production's ~2% pages thousands of times. Those are the rule meeting noise, not the
     * engine misjudging data; {@code --error-rate} shows them.
     */
    public static final double HEALTHY_ERROR_RATE = 0;

    /** The default mix: no failures, 30% of calls with tools, 3% of agents sampling, 60% coding agents. */
    public static TrafficShape of(long events, int agents, Instant start, Duration span) {
        return new TrafficShape(events, agents, start, span, HEALTHY_ERROR_RATE, 0.3, 0.03, 0.6);
    }

    /** {@code events} over the {@code span} that ends now, so every event is within the topic's retention. */
    public static TrafficShape endingNow(long events, int agents, Duration span) {
        return of(events, agents, Instant.ofEpochMilli(System.currentTimeMillis() - span.toMillis()), span);
    }

    public TrafficShape withErrorRate(double rate) {
        return new TrafficShape(events, agents, start, span, rate, toolCallShare, sampledAgentShare, codeShare);
    }

    public TrafficShape withEvents(long count) {
        return new TrafficShape(count, agents, start, span, errorRate, toolCallShare, sampledAgentShare, codeShare);
    }

    public Instant end() {
        return start.plus(span);
    }
}
