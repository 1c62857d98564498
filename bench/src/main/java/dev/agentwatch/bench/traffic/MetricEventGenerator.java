package dev.agentwatch.bench.traffic;

import dev.agentwatch.schema.MetricEvent;

import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Realistic metric events for a fleet: {@link TrafficShape#events()} events from {@link TrafficShape#agents()} agents,
 * in event-time order over the shape's span: each agent's calls varying around its typical call from the recorded
 * traces, latency derived from tokens, errors at the shape's rate, tool calls, traces of several calls, and a few
 * sampling agents. The same seed and shape give the
 * same events; every {@link #iterator()} starts over. Incidents are injected by mapping the {@link #stream()}.
 */
public final class MetricEventGenerator implements Iterable<MetricEvent> {

    private static final String[] ERROR_TYPES = {"rate_limit", "timeout", "server_error", "invalid_request", "content_filter"};
    private static final double[] ERROR_WEIGHTS = {0.35, 0.25, 0.20, 0.10, 0.10};
    /** Mean number of calls an agent makes in one trace (one task). */
    private static final double CALLS_PER_TRACE = 3.0;
    private static final double TOOL_FAILURE_RATE = 0.04;

    private final TrafficShape shape;
    private final TrafficSources sources;
    private final long seed;
    private final AgentPopulation population;

    public MetricEventGenerator(TrafficShape shape, TrafficSources sources, long seed) {
        this.shape = shape;
        this.sources = sources;
        this.seed = seed;
        // Its own random stream, so the population does not shift when the event logic changes.
        this.population = AgentPopulation.create(shape.agents(), shape, sources, new SplittableRandom(seed));
    }

    public TrafficShape shape() {
        return shape;
    }

    public TrafficSources sources() {
        return sources;
    }

    public AgentPopulation population() {
        return population;
    }

    @Override
    public Iterator<MetricEvent> iterator() {
        return new Events();
    }

    public Stream<MetricEvent> stream() {
        return StreamSupport.stream(Spliterators.spliterator(iterator(), shape.events(),
                Spliterator.ORDERED | Spliterator.NONNULL | Spliterator.IMMUTABLE), false);
    }

    /** One pass over the events; holds the per-agent trace state. */
    private final class Events implements Iterator<MetricEvent> {

        private final SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + 1);
        private final String[] traceIds = new String[population.size()];
        private final int[] callsLeftInTrace = new int[population.size()];
        private final long startMs = shape.start().toEpochMilli();
        private final long spanMs = shape.span().toMillis();
        private long next;

        @Override
        public boolean hasNext() {
            return next < shape.events();
        }

        @Override
        public MetricEvent next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            // Stratified draw along the inverse CDF: times are random yet strictly in order.
            double u = (next + random.nextDouble()) / shape.events();
            long ts = startMs + (long) (sources.arrivals().positionOf(u) * spanMs);
            next++;
            Agent a = population.pick(random);
            return event(a, ts);
        }

        private MetricEvent event(Agent a, long ts) {
            boolean firstOfTrace = callsLeftInTrace[a.index()] == 0;
            if (firstOfTrace) {
                traceIds[a.index()] = Ids.traceId(random);
                callsLeftInTrace[a.index()] = 1 + geometric(CALLS_PER_TRACE - 1);
            }
            callsLeftInTrace[a.index()]--;
            TokenSample tokens = a.workload().sample(random);
            boolean failed = random.nextDouble() < shape.errorRate();
            String errorType = failed ? errorType() : null;
            int out = failed && !"content_filter".equals(errorType) ? 0 : tokens.out();
            if (failed && out != tokens.out()) {
                tokens = new TokenSample(tokens.in(), out, tokens.cachedIn());
            }
            double latency = latency(a, tokens, errorType);
            Integer toolCalls = null;
            Integer toolFailures = null;
            if (!failed && random.nextDouble() < shape.toolCallShare()) {
                toolCalls = 1 + random.nextInt(4);
                int f = 0;
                for (int c = 0; c < toolCalls; c++) {
                    f += random.nextDouble() < TOOL_FAILURE_RATE ? 1 : 0;
                }
                toolFailures = f;
            }
            int retries = failed ? random.nextInt(4) : (random.nextDouble() < 0.02 ? 1 : 0);
            Map<String, Double> metrics = a.scoresHallucination() && !failed
                    ? Map.of("hallucination_score", Math.pow(random.nextDouble(), 4))
                    : Map.of();
            return MetricEvent.newBuilder()
                    .setEventId(Ids.uuid(random))
                    .setAgentId(a.id())
                    .setTimestamp(Instant.ofEpochMilli(ts))
                    .setFleet(a.fleet())
                    .setAgentVersion(a.version())
                    .setInstanceId(a.instanceId())
                    .setModel(a.model().name())
                    .setProvider(a.model().provider())
                    .setOperation(a.parentAgentId() != null && firstOfTrace ? "invoke_agent" : "chat")
                    .setRequestType(a.kind().requestType())
                    .setTokensIn((long) tokens.in())
                    .setTokensOut((long) tokens.out())
                    .setCacheReadTokens(tokens.cachedIn() > 0 ? (long) tokens.cachedIn() : null)
                    .setLatencyMs(latency)
                    .setSuccess(!failed)
                    .setErrorType(errorType)
                    .setCostUsd(a.reportsCost() ? a.model().costUsd(tokens) : null)
                    .setToolCalls(toolCalls)
                    .setToolFailures(toolFailures)
                    .setRetries(retries)
                    .setTraceId(traceIds[a.index()])
                    .setSpanId(Ids.spanId(random))
                    .setParentAgentId(a.parentAgentId())
                    .setSampleRate(a.sampleRate())
                    .setLabels(a.labels())
                    .setMetrics(metrics)
                    .build();
        }

        private double latency(Agent a, TokenSample tokens, String errorType) {
            if (errorType == null || "content_filter".equals(errorType)) {
                return LatencyModel.latencyMs(a.model(), tokens, random);
            }
            return switch (errorType) {
                case "timeout" -> LatencyModel.round(30_000 + 30_000 * random.nextDouble());
                case "rate_limit", "invalid_request" -> LatencyModel.round(30 + 270 * random.nextDouble());
                default -> LatencyModel.round(LatencyModel.latencyMs(a.model(), tokens, random) * random.nextDouble());
            };
        }

        private String errorType() {
            double x = random.nextDouble();
            for (int i = 0; i < ERROR_TYPES.length - 1; i++) {
                x -= ERROR_WEIGHTS[i];
                if (x < 0) {
                    return ERROR_TYPES[i];
                }
            }
            return ERROR_TYPES[ERROR_TYPES.length - 1];
        }

        /** Number of failures before a success, with the given mean. */
        private int geometric(double mean) {
            double p = 1 / (1 + mean);
            return (int) Math.floor(Math.log(1 - random.nextDouble()) / Math.log(1 - p));
        }
    }
}
