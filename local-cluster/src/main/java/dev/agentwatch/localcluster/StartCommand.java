package dev.agentwatch.localcluster;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/** {@code start}: the broker and the schema registry as detached processes, each once. */
final class StartCommand {

    static final Duration READY_TIMEOUT = Duration.ofSeconds(90);

    private final LocalClusterConfig config;
    private final RunDir runDir;
    private final PrintStream out;

    StartCommand(LocalClusterConfig config, PrintStream out) {
        this.config = config;
        this.runDir = new RunDir(config.runDir());
        this.out = out;
    }

    int run() {
        runDir.create();
        boolean startKafka = needsStart(KafkaBroker.NAME);
        boolean startRegistry = needsStart(RegistryProcess.NAME);
        if (!startKafka && !startRegistry) {
            return 0;
        }
        checkPortsFree(startKafka, startRegistry);
        Path registryJar = startRegistry ? RegistryProcess.locateJar() : null;

        List<DetachedProcess.Started> startedHere = new ArrayList<>();
        try {
            long t0 = System.nanoTime();
            KafkaBroker broker = new KafkaBroker(config, runDir);
            DetachedProcess.Started kafka = startKafka ? remember(startedHere, broker.start()) : null;
            // The registry does not need Kafka (it stores into H2), so both boot at the same time.
            DetachedProcess.Started registry = startRegistry ? remember(startedHere, startRegistry(registryJar)) : null;
            if (kafka != null) {
                broker.awaitReady(kafka, READY_TIMEOUT);
                out.printf("kafka     ready at %s in %.1f s (pid %d, log %s)%n",
                        config.bootstrapServers(), seconds(t0), kafka.record().pid(), kafka.log());
            }
            if (registry != null) {
                RegistryProcess.awaitReady(config.registryPort(), registry.process(), registry.log(), READY_TIMEOUT);
                out.printf("registry  ready at %s in %.1f s (pid %d, log %s)%n",
                        RegistryProcess.ccompatUrl(config.registryPort()), seconds(t0), registry.record().pid(), registry.log());
            }
            return 0;
        } catch (RuntimeException e) {
            // Leave nothing half-started behind: the next `start` then begins from a clean slate.
            for (DetachedProcess.Started s : startedHere) {
                ProcessOwnership.stop(s.process().toHandle(), Duration.ofSeconds(10));
                s.record().delete(runDir);
            }
            throw e;
        }
    }

    /** False, after saying so, if a process from an earlier start still runs; clears a stale pid file. */
    private boolean needsStart(String name) {
        Optional<ServiceRecord> record = ServiceRecord.read(runDir, name);
        if (record.isEmpty()) {
            return true;
        }
        Optional<ProcessHandle> live = ProcessOwnership.liveProcess(record.get());
        if (live.isPresent()) {
            out.printf("%-9s is already running (pid %d%s); not starting a second one%n", name, live.get().pid(),
                    record.get().port().isPresent() ? ", port " + record.get().port().getAsInt() : "");
            return false;
        }
        record.get().delete(runDir);
        return true;
    }

    private void checkPortsFree(boolean kafka, boolean registry) {
        List<String> problems = new ArrayList<>();
        if (kafka) {
            checkPort(problems, config.kafkaPort(), "Kafka", LocalClusterConfig.KAFKA_PORT_ENV);
            checkPort(problems, config.controllerPort(), "Kafka controller", LocalClusterConfig.CONTROLLER_PORT_ENV);
        }
        if (registry) {
            checkPort(problems, config.registryPort(), "schema registry", LocalClusterConfig.REGISTRY_PORT_ENV);
        }
        if (!problems.isEmpty()) {
            throw new LauncherException(String.join("\n", problems));
        }
    }

    private static void checkPort(List<String> problems, int port, String what, String envVar) {
        if (!Ports.isFree(port)) {
            problems.add("port " + port + " (" + what + ") is already in use; set " + envVar + " or run `make stop`");
        }
    }

    private DetachedProcess.Started startRegistry(Path jar) {
        String jdbcUrl = "jdbc:h2:file:" + runDir.data(RegistryProcess.NAME).resolve("registry");
        return DetachedProcess.start(runDir, RegistryProcess.NAME,
                RegistryProcess.command(jar, config.registryPort(), jdbcUrl), OptionalInt.of(config.registryPort()));
    }

    private static DetachedProcess.Started remember(List<DetachedProcess.Started> list, DetachedProcess.Started s) {
        list.add(s);
        return s;
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
