package dev.agentwatch.bench;

import dev.agentwatch.localcluster.DetachedProcess;
import dev.agentwatch.localcluster.KafkaBroker;
import dev.agentwatch.localcluster.LocalClusterConfig;
import dev.agentwatch.localcluster.Ports;
import dev.agentwatch.localcluster.ProcessOwnership;
import dev.agentwatch.localcluster.RegistryProcess;
import dev.agentwatch.localcluster.RunDir;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.OptionalInt;
import java.util.Set;

/**
 * A real KRaft broker and schema registry, each its own process, on free ports and in a run directory of their own,
 * so a benchmark never meets `make run` (9092/9093/8081) or another benchmark. They are stopped by {@link #close()}
 * and, should the benchmark JVM be interrupted or exit early, by a shutdown hook; either then removes the run
 * directory (broker data of a few hundred MB) unless asked to keep it.
 */
final class BenchCluster implements AutoCloseable {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration STOP_GRACE = Duration.ofSeconds(15);

    private final LocalClusterConfig config;
    private final Thread hook = new Thread(this::stopProcesses, "bench-cluster-reaper");
    private final PrintStream out;
    private final boolean keepRunDir;
    private volatile DetachedProcess.Started broker;
    private volatile DetachedProcess.Started registry;

    private BenchCluster(LocalClusterConfig config, PrintStream out, boolean keepRunDir) {
        this.config = config;
        this.out = out;
        this.keepRunDir = keepRunDir;
    }

    static BenchCluster start(Path runDir, boolean keepRunDir, PrintStream out) {
        int[] ports = distinctFreePorts(3);
        LocalClusterConfig config = new LocalClusterConfig(ports[0], ports[1], ports[2], runDir.toAbsolutePath());
        BenchCluster cluster = new BenchCluster(config, out, keepRunDir);
        Runtime.getRuntime().addShutdownHook(cluster.hook);
        try {
            cluster.boot();
            return cluster;
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    private void boot() {
        long t0 = System.nanoTime();
        RunDir dir = new RunDir(config.runDir());
        Path jar = RegistryProcess.locateJar();
        KafkaBroker kafka = new KafkaBroker(config, dir);
        broker = kafka.start();
        // In-memory storage: the registry needs no state beyond this run; it boots while the broker does.
        registry = DetachedProcess.start(dir, RegistryProcess.NAME,
                RegistryProcess.command(jar, config.registryPort(), "jdbc:h2:mem:bench"), OptionalInt.of(config.registryPort()));
        kafka.awaitReady(broker, READY_TIMEOUT);
        RegistryProcess.awaitReady(config.registryPort(), registry.process(), registry.log(), READY_TIMEOUT);
        out.printf("cluster: broker pid %d at %s, registry pid %d at %s, ready in %.1f s (logs in %s)%n",
                broker.record().pid(), bootstrapServers(), registry.record().pid(), registryUrl(),
                (System.nanoTime() - t0) / 1e9, dir.logs());
    }

    String bootstrapServers() {
        return config.bootstrapServers();
    }

    String registryUrl() {
        return RegistryProcess.ccompatUrl(config.registryPort());
    }

    long brokerPid() {
        return broker == null ? -1 : broker.record().pid();
    }

    long registryPid() {
        return registry == null ? -1 : registry.record().pid();
    }

    Path runDir() {
        return config.runDir();
    }

    @Override
    public void close() {
        stopProcesses();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // Called from the shutdown sequence: the hook has run or runs now and finds everything stopped.
        }
    }

    /**
     * Registry first, then the broker; each by the handle of the process this JVM started, never by name. Safe to
     * call again (the shutdown hook does): a process already gone is skipped. Under memory pressure (a benchmark that
     * ran out of heap) a failing graceful stop still ends in a forced one.
     */
    private synchronized void stopProcesses() {
        for (DetachedProcess.Started s : new DetachedProcess.Started[] {registry, broker}) {
            if (s == null || !s.process().isAlive()) {
                continue;
            }
            try {
                ProcessOwnership.Stopped how = ProcessOwnership.stop(s.process().toHandle(), STOP_GRACE);
                out.printf("cluster: stopped %s (pid %d): %s%n", s.record().name(), s.record().pid(), how);
            } catch (Throwable e) {
                s.process().destroyForcibly();
            }
        }
        if (!keepRunDir) {
            try {
                DiskUsage.delete(config.runDir());
            } catch (Throwable e) {
                out.println("cluster: cannot delete " + config.runDir() + ": " + e);
            }
        }
    }

    private static int[] distinctFreePorts(int n) {
        Set<Integer> seen = new HashSet<>();
        int[] ports = new int[n];
        for (int i = 0; i < n; ) {
            int p = Ports.freePort();
            if (seen.add(p)) {
                ports[i++] = p;
            }
        }
        return ports;
    }
}
