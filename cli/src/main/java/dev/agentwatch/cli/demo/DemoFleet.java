package dev.agentwatch.cli.demo;

import dev.agentwatch.schema.MetricEvent;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * A small synthetic fleet shaped like the LLM traces in {@code ../shared/data} (log-normal prompt and output
 * token counts with long tails, latency growing with output length, rare errors and tool failures), needing
 * none of them. One agent has an incident: for {@code incidentFor} from {@code incidentAt} its calls take
 * 35-45 s, so {@code AgentTimeout} ({@code latency_p95 > 30000ms}) fires, then resolves after it ends.
 */
public final class DemoFleet {

    /** One demo agent: its identity and the centre of its traffic. */
    record Agent(String id, String fleet, String model, double promptMedian, double outputMedian, double errorRate) {
    }

    private static final String[] FLEETS = {"support", "coding", "research"};
    private static final String[][] MODELS = {{"gpt-4o-mini", "claude-3-5-haiku"}, {"gpt-4o", "claude-3-5-sonnet"}, {"gpt-4o", "o3-mini"}};

    private final List<Agent> agents = new ArrayList<>();
    private final Random random;
    private final Instant incidentAt;
    private final Duration incidentFor;

    public DemoFleet(int size, long seed, Instant incidentAt, Duration incidentFor) {
        this.random = new Random(seed);
        this.incidentAt = incidentAt;
        this.incidentFor = incidentFor;
        for (int i = 0; i < size; i++) {
            int f = i % FLEETS.length;
            String model = MODELS[f][i / FLEETS.length % MODELS[f].length];
            agents.add(new Agent(String.format("demo-%s-%02d", FLEETS[f], i + 1), FLEETS[f], model,
                    f == 1 ? 2400 : 700, f == 2 ? 400 : 250, 0.002));
        }
    }

    public List<Agent> agents() {
        return agents;
    }

    /** The agent whose latency goes bad during the incident. */
    public Agent incidentAgent() {
        return agents.get(0);
    }

    public boolean inIncident(Instant t) {
        return !t.isBefore(incidentAt) && t.isBefore(incidentAt.plus(incidentFor));
    }

    /** The next event, of a random agent, stamped {@code now}. */
    public MetricEvent next(Instant now) {
        Agent a = agents.get(random.nextInt(agents.size()));
        long in = logNormal(a.promptMedian(), 0.9);
        long out = logNormal(a.outputMedian(), 0.7);
        // ~10 ms per output token: healthy p95s stay well under the 30 s of AgentTimeout
        double latency = 300 + out * 10.0 * Math.exp(random.nextGaussian() * 0.2);
        if (a == incidentAgent() && inIncident(now)) {
            latency = 35_000 + random.nextDouble() * 10_000; // upstream provider stalls
        }
        boolean ok = random.nextDouble() >= a.errorRate();
        int tools = random.nextDouble() < 0.4 ? 1 + random.nextInt(3) : 0;
        int toolFailures = tools > 0 && random.nextDouble() < 0.02 ? 1 : 0;
        return MetricEvent.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setAgentId(a.id())
                .setTimestamp(now)
                .setFleet(a.fleet())
                .setModel(a.model())
                .setOperation("chat")
                .setTokensIn(in)
                .setTokensOut(ok ? out : 0)
                .setLatencyMs(Math.round(latency * 10) / 10.0)
                .setSuccess(ok)
                .setErrorType(ok ? null : "rate_limited")
                .setToolCalls(tools)
                .setToolFailures(toolFailures)
                .setRetries(ok ? 0 : 1)
                .setTraceId(UUID.randomUUID().toString())
                .setLabels(Map.of("env", "demo"))
                .build();
    }

    private long logNormal(double median, double sigma) {
        return Math.max(1, Math.round(median * Math.exp(random.nextGaussian() * sigma)));
    }
}
