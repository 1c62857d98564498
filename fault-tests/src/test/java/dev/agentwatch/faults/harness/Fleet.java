package dev.agentwatch.faults.harness;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;

import org.apache.kafka.common.utils.Utils;

import dev.agentwatch.schema.MetricEvent;

/**
 * A healthy fleet by construction, so that any alert beyond the scripted incidents is a wrong one: every call
 * succeeds, latencies are log-normal around 1.2 s (p95 ~2.3 s, far below the seed rule's 30 s), tokens around 800 in
 * and 250 out. Optionally a stream of newcomers: a share of the events from agent ids never seen before, in order,
 * for cardinality tests. Thread-confined: the load generator's thread draws from it.
 */
public final class Fleet {

    private static final double LATENCY_MEDIAN_MS = 1_200;
    private static final double LATENCY_SIGMA = 0.4;

    private final String prefix;
    private final List<String> agents;
    private final int newcomers;
    private final double newcomerShare;
    private final SplittableRandom random;
    private final List<Incident> incidents = new CopyOnWriteArrayList<>();
    private long nextNewcomer;

    private Fleet(String prefix, int agents, int newcomers, double newcomerShare, long seed) {
        this.prefix = prefix;
        this.agents = IntStream.range(0, agents).mapToObj(i -> String.format(Locale.ROOT, "%s-%04d", prefix, i)).toList();
        this.newcomers = newcomers;
        this.newcomerShare = newcomerShare;
        this.random = new SplittableRandom(seed);
    }

    /** {@code agents} agents, each as likely to send any event. */
    public static Fleet of(String prefix, int agents, long seed) {
        return new Fleet(prefix, agents, 0, 0, seed);
    }

    /** As {@link #of}, plus {@code share} of the events from {@code newcomers} distinct new agent ids, each in turn. */
    public static Fleet withNewcomers(String prefix, int agents, int newcomers, double share, long seed) {
        return new Fleet(prefix, agents, newcomers, share, seed);
    }

    public List<String> agents() {
        return agents;
    }

    /** The first agent whose events go to {@code partition} of {@code partitions} (Kafka's default partitioner). */
    public String agentOnPartition(int partition, int partitions) {
        return agents.stream().filter(a -> partitionOf(a, partitions) == partition).findFirst()
                .orElseThrow(() -> new IllegalStateException("no agent of " + prefix + " on partition " + partition));
    }

    public static int partitionOf(String key, int partitions) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    public Fleet incident(Incident incident) {
        incidents.add(incident);
        return this;
    }

    public List<Incident> incidents() {
        return List.copyOf(incidents);
    }

    /** Distinct newcomer ids used so far. */
    public synchronized long newcomersSeen() {
        return Math.min(nextNewcomer, newcomers);
    }

    /** The next event, of a random agent (or the next newcomer), stamped {@code now}. */
    public synchronized MetricEvent next(Instant now) {
        String agent = newcomers > 0 && random.nextDouble() < newcomerShare
                ? String.format(Locale.ROOT, "%s-new-%07d", prefix, nextNewcomer++ % newcomers)
                : agents.get(random.nextInt(agents.size()));
        return call(agent, now);
    }

    /** One call of {@code agent} at {@code now}: healthy, or slow if an incident covers it. */
    public synchronized MetricEvent call(String agent, Instant now) {
        boolean slow = incidents.stream().anyMatch(i -> i.covers(agent, now));
        double latency = slow
                ? Incident.SLOW_CALL_MS + random.nextDouble() * Incident.SLOW_CALL_SPREAD_MS
                : LATENCY_MEDIAN_MS * Math.exp(random.nextGaussian() * LATENCY_SIGMA);
        long tokensIn = Math.round(800 * Math.exp(random.nextGaussian() * 0.3));
        long tokensOut = Math.round(250 * Math.exp(random.nextGaussian() * 0.4));
        return MetricEvent.newBuilder()
                .setEventId(Long.toHexString(random.nextLong()) + Long.toHexString(random.nextLong()))
                .setAgentId(agent)
                .setTimestamp(now)
                .setFleet(prefix)
                .setModel("gpt-4o-mini")
                .setProvider("openai")
                .setOperation("chat")
                .setTokensIn(tokensIn)
                .setTokensOut(tokensOut)
                .setLatencyMs(Math.round(latency * 10) / 10.0)
                .setSuccess(true)
                .setToolCalls(0)
                .setToolFailures(0)
                .setRetries(0)
                .build();
    }
}
