package dev.agentwatch.localcluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.apache.kafka.common.Uuid;

/**
 * A KRaft cluster of one or more combined broker+controller nodes, each its own process on free loopback ports, in
 * one run directory ({@code logs/kafka-<id>.log}, {@code data/kafka-<id>/}). For fault tests: a node can be killed
 * with SIGKILL, stopped gracefully, and started again on its data. Every node still running is ended by
 * {@link #close()} or, should the JVM exit first, by a shutdown hook.
 */
public final class KafkaCluster implements AutoCloseable {

    private static final Duration STOP_GRACE = Duration.ofSeconds(30);

    private final Map<Integer, KafkaBroker> nodes;
    private final Map<Integer, DetachedProcess.Started> running = new LinkedHashMap<>();
    private final Duration readyTimeout;
    private final Thread reaper = new Thread(this::killAll, "kafka-cluster-reaper");

    private KafkaCluster(Map<Integer, KafkaBroker> nodes, Duration readyTimeout) {
        this.nodes = nodes;
        this.readyTimeout = readyTimeout;
    }

    /** Starts {@code size} nodes (ids 1..size, all voters) and returns once each lists itself as a live broker. */
    public static KafkaCluster start(RunDir runDir, int size, Duration readyTimeout) {
        int[] ports = distinctFreePorts(2 * size);
        String voters = IntStream.rangeClosed(1, size)
                .mapToObj(id -> id + "@127.0.0.1:" + ports[2 * (id - 1) + 1]).collect(Collectors.joining(","));
        String clusterId = Uuid.randomUuid().toString();
        Map<Integer, KafkaBroker> nodes = new LinkedHashMap<>();
        for (int id = 1; id <= size; id++) {
            KafkaNodeSpec spec = new KafkaNodeSpec(KafkaBroker.NAME + "-" + id, id, ports[2 * (id - 1)], ports[2 * (id - 1) + 1],
                    voters, ClusterSettings.brokerSettings(size));
            nodes.put(id, new KafkaBroker(spec, runDir, clusterId));
        }
        KafkaCluster cluster = new KafkaCluster(nodes, readyTimeout);
        Runtime.getRuntime().addShutdownHook(cluster.reaper);
        try {
            // All at once: a node's broker only registers when a majority of the voters is up.
            nodes.keySet().forEach(cluster::launch);
            nodes.keySet().forEach(cluster::awaitReady);
            return cluster;
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    public String bootstrapServers() {
        return nodes.values().stream().map(b -> b.node().bootstrapServers()).collect(Collectors.joining(","));
    }

    public List<Integer> nodeIds() {
        return List.copyOf(nodes.keySet());
    }

    public synchronized boolean isRunning(int nodeId) {
        DetachedProcess.Started s = running.get(nodeId);
        return s != null && s.process().isAlive();
    }

    public synchronized long pid(int nodeId) {
        return started(nodeId).record().pid();
    }

    /** SIGKILL: no controlled shutdown, no flush; the node's partitions fail over when the controller notices. */
    public synchronized void kill(int nodeId) {
        Process p = started(nodeId).process();
        p.destroyForcibly();
        await(p);
        running.remove(nodeId);
    }

    /** SIGTERM and a controlled shutdown (leadership moved away first), SIGKILL after {@link #STOP_GRACE}. */
    public synchronized void stop(int nodeId) {
        ProcessOwnership.stop(started(nodeId).process().toHandle(), STOP_GRACE);
        running.remove(nodeId);
    }

    /** Starts a stopped or killed node again on its data and waits until it is a live broker. */
    public void restart(int nodeId) {
        synchronized (this) {
            if (isRunning(nodeId)) {
                throw new IllegalStateException("kafka node " + nodeId + " is still running");
            }
            launch(nodeId);
        }
        awaitReady(nodeId);
    }

    @Override
    public void close() {
        killAll();
        try {
            Runtime.getRuntime().removeShutdownHook(reaper);
        } catch (IllegalStateException alreadyShuttingDown) {
            // The hook runs now anyway and finds nothing left.
        }
    }

    /** SIGKILL for what is left: the data is a test's, and a graceful stop of several nodes takes a while. */
    private synchronized void killAll() {
        for (DetachedProcess.Started s : running.values()) {
            s.process().destroyForcibly();
        }
        running.values().forEach(s -> await(s.process()));
        running.clear();
    }

    private synchronized void launch(int nodeId) {
        running.put(nodeId, node(nodeId).start());
    }

    private void awaitReady(int nodeId) {
        DetachedProcess.Started s;
        synchronized (this) {
            s = started(nodeId);
        }
        node(nodeId).awaitReady(s, readyTimeout);
    }

    private KafkaBroker node(int nodeId) {
        KafkaBroker b = nodes.get(nodeId);
        if (b == null) {
            throw new IllegalArgumentException("no kafka node " + nodeId + " (nodes " + nodes.keySet() + ")");
        }
        return b;
    }

    private DetachedProcess.Started started(int nodeId) {
        DetachedProcess.Started s = running.get(nodeId);
        if (s == null) {
            throw new IllegalStateException("kafka node " + node(nodeId).node().name() + " is not running");
        }
        return s;
    }

    private static void await(Process p) {
        try {
            p.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static int[] distinctFreePorts(int n) {
        Set<Integer> seen = new HashSet<>();
        List<Integer> ports = new ArrayList<>();
        while (ports.size() < n) {
            int p = Ports.freePort();
            if (seen.add(p)) {
                ports.add(p);
            }
        }
        return ports.stream().mapToInt(Integer::intValue).toArray();
    }
}
