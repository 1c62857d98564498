package dev.agentwatch.bench.traffic;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * A fleet of healthy agents with unequal traffic: each agent's weight is a real tenant's long-run rate (ServeGen) with
 * some jitter, or without the traces a lognormal of the same log-spread. Each agent's typical call is a call drawn
 * from its kind's trace, and its model one of its kind's that serves that call well within the seed timeout
 * ({@link #typicalLatencyLimitMs}): long answers go to fast models. Draws the agent of each event in O(1).
 */
public final class AgentPopulation {

    /** Log standard deviation of the ServeGen tenants' long-run rates, for the synthetic fallback. */
    static final double TENANT_LOG_SPREAD = 1.8;
    /** The latency the seed rule AgentTimeout pages on (p95 over 1 min). */
    static final double SEED_TIMEOUT_MS = 30_000;
    /**
     * How far below it a healthy agent's calls stay: 3.5 standard deviations of their log-latency (1 call in 4,300
     * slower), so that two slow calls in one minute, which a 20-call p95 needs, do not happen in an hour of 10,000
     * agents. An agent that is routinely slower needs an override of the rule, not a page.
     */
    static final double HEALTHY_TAIL_Z = 3.5;
    private static final int TYPICAL_CALL_DRAWS = 100;
    private static final String[] REGIONS = {"us-east-1", "us-west-2", "eu-west-1", "ap-southeast-1"};
    private static final String[] SEGMENTS = {"enterprise", "smb", "internal"};
    private static final double[] SAMPLE_RATES = {0.5, 0.1};

    private final Agent[] agents;
    private final AliasTable picker;

    private AgentPopulation(Agent[] agents) {
        this.agents = agents;
        double[] weights = new double[agents.length];
        for (int i = 0; i < agents.length; i++) {
            weights[i] = agents[i].weight();
        }
        this.picker = new AliasTable(weights);
    }

    /**
     * @param sources typical calls per kind, spreads, and the real tenant rates agent weights are drawn from (a
     *                synthetic lognormal when it has none)
     */
    public static AgentPopulation create(int count, TrafficShape shape, TrafficSources sources, RandomGenerator random) {
        double[] tenantRates = sources.tenantRates();
        if (count < 1) {
            throw new IllegalArgumentException("need at least one agent");
        }
        Agent[] agents = new Agent[count];
        int width = Math.max(6, Integer.toString(count - 1).length());
        for (int i = 0; i < count; i++) {
            AgentKind kind = random.nextDouble() < shape.codeShare() ? AgentKind.CODE : AgentKind.CHAT;
            String fleet = kind.fleets().get(random.nextInt(kind.fleets().size()));
            CallSpread spread = sources.spreads().pick(random);
            TokenSample typical = null;
            Model model = null;
            for (int draw = 1; model == null; draw++) {
                typical = sources.tokens(kind).sample(random);
                model = modelServing(typical, kind.models(), typicalLatencyLimitMs(spread), draw == TYPICAL_CALL_DRAWS, random);
            }
            Workload workload = new Workload(typical, spread);
            String id = fleet + "-" + zeroPadded(i, width);
            // A canary share runs the next version, so version-drift views have something to show.
            String version = random.nextDouble() < 0.1 ? "2.5.0-rc1" : "2.4." + random.nextInt(3);
            String instance = fleet + "-" + Long.toString(random.nextLong() >>> 28, 36) + "-" + Integer.toString(random.nextInt(36 * 36 * 36), 36);
            Map<String, String> labels = Map.of(
                    "region", REGIONS[random.nextInt(REGIONS.length)],
                    "env", random.nextDouble() < 0.95 ? "prod" : "staging",
                    "segment", SEGMENTS[random.nextInt(SEGMENTS.length)]);
            double sampleRate = random.nextDouble() < shape.sampledAgentShare() ? SAMPLE_RATES[random.nextInt(SAMPLE_RATES.length)] : 1.0;
            boolean reportsCost = random.nextDouble() < 0.1;
            boolean scores = kind == AgentKind.CHAT && random.nextDouble() < 0.2;
            // Sub-agents name an earlier agent as parent: A -> B -> C cascades exist, and never a cycle.
            String parent = i > 0 && random.nextDouble() < 0.1 ? agents[random.nextInt(i)].id() : null;
            double weight = tenantRates != null
                    ? tenantRates[random.nextInt(tenantRates.length)] * Math.exp(0.3 * random.nextGaussian())
                    : Math.exp(TENANT_LOG_SPREAD * random.nextGaussian());
            agents[i] = new Agent(i, id, kind, fleet, model, workload, version, instance, labels, sampleRate, reportsCost, scores, parent, weight);
        }
        return new AgentPopulation(agents);
    }

    /**
     * The slowest typical call (noise-free latency) a healthy agent with this spread may have: its calls' log-latency
     * varies by at most the wider of its token spreads and the latency noise together.
     */
    static double typicalLatencyLimitMs(CallSpread spread) {
        double logSd = Math.hypot(Math.max(spread.logSdIn(), spread.logSdOut()), LatencyModel.NOISE_SIGMA);
        return SEED_TIMEOUT_MS * Math.exp(-HEALTHY_TAIL_Z * logSd);
    }

    /**
     * One of {@code models} that serves {@code call} within the limit, at random; or null. With {@code last}, the
     * fastest instead of null: only a spread so wide that no call fits (some of {@code --call-spread=each}) gets there,
     * and such an agent is not healthy by construction.
     */
    private static Model modelServing(TokenSample call, List<Model> models, double limitMs, boolean last, RandomGenerator random) {
        List<Model> fit = models.stream().filter(m -> LatencyModel.nominalMs(m, call) <= limitMs).toList();
        if (!fit.isEmpty()) {
            return fit.get(random.nextInt(fit.size()));
        }
        return last ? models.stream().min(Comparator.comparingDouble(m -> LatencyModel.nominalMs(m, call))).orElseThrow() : null;
    }

    private static String zeroPadded(int i, int width) {
        String s = Integer.toString(i);
        return "0".repeat(Math.max(0, width - s.length())) + s;
    }

    public Agent pick(RandomGenerator random) {
        return agents[picker.next(random)];
    }

    public int size() {
        return agents.length;
    }

    public Agent get(int index) {
        return agents[index];
    }
}
