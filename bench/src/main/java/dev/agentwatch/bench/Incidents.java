package dev.agentwatch.bench;

import dev.agentwatch.bench.traffic.Agent;
import dev.agentwatch.bench.traffic.AgentPopulation;
import dev.agentwatch.bench.traffic.TrafficShape;
import dev.agentwatch.schema.MetricEvent;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Incidents injected into the benchmark's traffic, one per chosen agent, each meant to trip exactly one seed rule:
 * calls taking 40 s for 4 minutes (AgentTimeout), every call failing for 12 minutes (ErrorSpikeDetected), three
 * times the tokens per call for 10 minutes (HighTokenDrift). They start between 36 and 45 minutes into the span, so
 * drift has its baseline (30 min of history) and everything ends before the span does.
 */
final class Incidents {

    enum Kind {
        TIMEOUT("AgentTimeout", Duration.ofMinutes(4)),
        ERRORS("ErrorSpikeDetected", Duration.ofMinutes(12)),
        DRIFT("HighTokenDrift", Duration.ofMinutes(10));

        final String rule;
        final Duration length;

        Kind(String rule, Duration length) {
            this.rule = rule;
            this.length = length;
        }
    }

    record Incident(String agentId, Kind kind, long fromMs, long toMs) {
    }

    /** Each rule's window must see min_samples (20) events: incident agents send at least this many per minute. */
    private static final double MIN_EVENTS_PER_MINUTE = 40;

    private final Map<String, Incident> byAgent = new HashMap<>();

    private Incidents(List<Incident> incidents) {
        incidents.forEach(i -> byAgent.put(i.agentId(), i));
    }

    static Incidents none() {
        return new Incidents(List.of());
    }

    /** {@code count} incidents on agents busy enough for every seed rule's min_samples, spread over the population. */
    static Incidents plan(int count, AgentPopulation population, TrafficShape shape) {
        if (count == 0) {
            return none();
        }
        if (shape.span().compareTo(Duration.ofMinutes(60)) < 0) {
            throw new IllegalArgumentException("incidents need a span of at least 1h (drift needs 30 min of baseline first)");
        }
        double totalWeight = IntStream.range(0, population.size()).mapToDouble(i -> population.get(i).weight()).sum();
        double eventsPerMinute = shape.events() / (double) shape.span().toMinutes();
        List<Agent> busy = new ArrayList<>(IntStream.range(0, population.size()).mapToObj(population::get)
                .filter(a -> a.sampleRate() >= 1.0 && a.weight() / totalWeight * eventsPerMinute >= MIN_EVENTS_PER_MINUTE)
                .sorted(Comparator.comparing(Agent::id)).toList());
        if (busy.size() < count) {
            throw new IllegalArgumentException("only " + busy.size() + " agents send " + MIN_EVENTS_PER_MINUTE
                    + "+ events/min; more events or fewer incidents");
        }
        long start = shape.start().toEpochMilli();
        List<Incident> out = new ArrayList<>();
        int stride = busy.size() / count;
        for (int i = 0; i < count; i++) {
            Kind kind = Kind.values()[i % Kind.values().length];
            long from = start + Duration.ofMinutes(36 + i % 10).toMillis();
            out.add(new Incident(busy.get(i * stride).id(), kind, from, from + kind.length.toMillis()));
        }
        return new Incidents(out);
    }

    List<Incident> all() {
        return byAgent.values().stream().sorted(Comparator.comparing(Incident::agentId)).toList();
    }

    int size() {
        return byAgent.size();
    }

    /** The event as the incident makes it (a new event), or the event itself outside any incident. */
    MetricEvent apply(MetricEvent e) {
        Incident i = byAgent.get(e.getAgentId());
        long ts = e.getTimestamp().toEpochMilli();
        if (i == null || ts < i.fromMs() || ts >= i.toMs()) {
            return e;
        }
        MetricEvent.Builder b = MetricEvent.newBuilder(e);
        switch (i.kind()) {
            case TIMEOUT -> b.setLatencyMs(40_000.0).setSuccess(true).setErrorType(null);
            case ERRORS -> b.setSuccess(false).setErrorType("server_error");
            case DRIFT -> b.setTokensIn(e.getTokensIn() == null ? null : e.getTokensIn() * 3)
                    .setTokensOut(e.getTokensOut() == null ? null : e.getTokensOut() * 3);
        }
        return b.build();
    }
}
