package dev.agentwatch.faults.harness;

import java.time.Duration;
import java.util.Map;
import java.util.OptionalInt;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

import dev.agentwatch.localcluster.DetachedProcess;
import dev.agentwatch.localcluster.KafkaCluster;
import dev.agentwatch.localcluster.Ports;
import dev.agentwatch.localcluster.RegistryProcess;

/**
 * The real cluster a fault test runs on: {@code brokers} KRaft nodes and the schema registry (in-memory storage), each
 * its own process on free loopback ports, so a test never meets `make run` (9092/9093/8081).
 */
public final class Cluster implements AutoCloseable {

    private static final Duration READY = Duration.ofSeconds(120);

    private final KafkaCluster kafka;
    private final DetachedProcess.Started registry;
    private final int registryPort;
    private final Admin admin;

    private Cluster(KafkaCluster kafka, DetachedProcess.Started registry, int registryPort) {
        this.kafka = kafka;
        this.registry = registry;
        this.registryPort = registryPort;
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000));
    }

    public static Cluster start(FaultRun run, int brokers) {
        long t0 = System.nanoTime();
        int port = Ports.freePort();
        // The registry needs no Kafka: it boots while the brokers do.
        DetachedProcess.Started registry = DetachedProcess.start(run.dir(), RegistryProcess.NAME,
                RegistryProcess.command(RegistryProcess.locateJar(), port, "jdbc:h2:mem:faults"), OptionalInt.of(port));
        run.own(() -> registry.process().destroyForcibly().waitFor());
        KafkaCluster kafka = run.own(KafkaCluster.start(run.dir(), brokers, READY));
        RegistryProcess.awaitReady(port, registry.process(), registry.log(), READY);
        Cluster cluster = run.own(new Cluster(kafka, registry, port));
        run.report("cluster: %d broker(s) at %s, registry at %s, ready in %.1f s", brokers, kafka.bootstrapServers(),
                cluster.registryUrl(), (System.nanoTime() - t0) / 1e9);
        return cluster;
    }

    public String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    /** The Confluent-compatible API root, as the apps take it. */
    public String registryUrl() {
        return RegistryProcess.ccompatUrl(registryPort);
    }

    /** The brokers, to kill, stop and restart. */
    public KafkaCluster kafka() {
        return kafka;
    }

    public Admin admin() {
        return admin;
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(5));
    }

    @Override
    public String toString() {
        return "cluster " + kafka.bootstrapServers() + " + registry pid " + registry.record().pid();
    }
}
