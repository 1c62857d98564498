package dev.agentwatch.localcluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Uuid;

/**
 * One KRaft node (combined broker and controller) as a real process, with its data in {@code data/<name>} so a
 * restart keeps topics and offsets: the single node that {@code start} runs, or one node of a {@link KafkaCluster}.
 */
public final class KafkaBroker {

    public static final String NAME = "kafka";
    static final String LOG4J_CONFIG = "/dev/agentwatch/localcluster/log4j2-broker.xml";

    private final KafkaNodeSpec node;
    private final RunDir runDir;
    private final Path dataDir;
    /** Asked only when the storage is formatted, so a formatted data directory is never touched. */
    private final Supplier<String> clusterId;

    /** The single node of {@code make run}; its cluster id is made on first use and kept beside its data. */
    public KafkaBroker(LocalClusterConfig config, RunDir runDir) {
        this.node = KafkaNodeSpec.singleNode(config);
        this.runDir = runDir;
        this.dataDir = runDir.data(node.name());
        this.clusterId = () -> storedClusterId(dataDir);
    }

    /** One node of a cluster whose nodes all share {@code clusterId}. */
    public KafkaBroker(KafkaNodeSpec node, RunDir runDir, String clusterId) {
        this.node = node;
        this.runDir = runDir;
        this.dataDir = runDir.data(node.name());
        this.clusterId = () -> clusterId;
    }

    public KafkaNodeSpec node() {
        return node;
    }

    /** Writes server.properties, formats the storage on first use, and starts the broker detached. */
    public DetachedProcess.Started start() {
        Path properties = writeServerProperties();
        formatIfNeeded(properties);
        List<String> command = List.of(JavaCommand.javaExecutable(), "-Xmx512m",
                "-Dlog4j2.configurationFile=" + log4jConfigLocation(), "kafka.Kafka", properties.toString());
        return DetachedProcess.start(runDir, node.name(), command, OptionalInt.of(node.port()), classpathEnvironment());
    }

    /** Blocks until the node answers describeCluster with itself in it. */
    public void awaitReady(DetachedProcess.Started started, Duration timeout) {
        long t0 = System.nanoTime();
        // Port first: an admin client polling a closed port logs a warning on every attempt.
        Readiness.await("Kafka", started.process(), started.log(), timeout, () -> Ports.isListening(node.port()));
        Duration left = timeout.minusNanos(System.nanoTime() - t0);
        Map<String, Object> adminConfig = Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, node.bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 2000,
                AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 200);
        try (Admin admin = Admin.create(adminConfig)) {
            Readiness.await("Kafka", started.process(), started.log(), left, () -> listsItself(admin));
        }
    }

    private boolean listsItself(Admin admin) {
        try {
            return admin.describeCluster(new DescribeClusterOptions().timeoutMs(2000)).nodes().get(3, TimeUnit.SECONDS)
                    .stream().anyMatch(n -> n.id() == node.nodeId());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (Exception notYet) {
            return false;
        }
    }

    Path logDir() {
        return dataDir.resolve("logs");
    }

    private Path writeServerProperties() {
        Properties p = new Properties();
        p.setProperty("process.roles", "broker,controller");
        p.setProperty("node.id", Integer.toString(node.nodeId()));
        // A static voter set, so a changed controller port on a later start is simply picked up.
        p.setProperty("controller.quorum.voters", node.voters());
        p.setProperty("listeners", "PLAINTEXT://127.0.0.1:" + node.port() + ",CONTROLLER://127.0.0.1:" + node.controllerPort());
        p.setProperty("advertised.listeners", "PLAINTEXT://127.0.0.1:" + node.port());
        p.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.setProperty("inter.broker.listener.name", "PLAINTEXT");
        p.setProperty("controller.listener.names", "CONTROLLER");
        p.setProperty("log.dirs", logDir().toString());
        node.settings().forEach(p::setProperty);
        Path file = dataDir.resolve("server.properties");
        try (Writer out = Files.newBufferedWriter(file)) {
            p.store(out, "written by LocalClusterMain start; regenerated on every start from AGENTWATCH_* variables");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        return file;
    }

    /** The cluster id of a single node's data directory, created once and reused so restarts find their data. */
    private static String storedClusterId(Path dataDir) {
        Path file = dataDir.resolve("cluster.id");
        try {
            if (Files.isRegularFile(file)) {
                return Files.readString(file).trim();
            }
            String id = Uuid.randomUuid().toString();
            Files.writeString(file, id + "\n");
            return id;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write " + file, e);
        }
    }

    private void formatIfNeeded(Path properties) {
        if (Files.isRegularFile(logDir().resolve("meta.properties"))) {
            return;
        }
        List<String> command = List.of(JavaCommand.javaExecutable(), "-Xmx256m",
                "-Dlog4j2.configurationFile=" + log4jConfigLocation(), "kafka.tools.StorageTool",
                "format", "-t", clusterId.get(), "-c", properties.toString(), "--ignore-formatted");
        Path log = runDir.logFile(node.name());
        runDir.create();
        DetachedProcess.appendLine(log, "==== formatting " + logDir() + ": " + String.join(" ", command));
        try {
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            builder.environment().putAll(classpathEnvironment());
            Process format = builder.start();
            if (!format.waitFor(60, TimeUnit.SECONDS)) {
                format.destroyForcibly();
                throw new LauncherException("formatting Kafka storage took over 60 s; see " + log + Readiness.tail(log));
            }
            if (format.exitValue() != 0) {
                throw new LauncherException("formatting Kafka storage failed (exit " + format.exitValue() + "); see "
                        + log + Readiness.tail(log));
            }
        } catch (IOException e) {
            throw new LauncherException("cannot run the Kafka storage tool: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LauncherException("interrupted while formatting Kafka storage", e);
        }
    }

    /** Our classpath via CLASSPATH rather than -cp: it is hundreds of entries, and ps and the log stay readable. */
    private static Map<String, String> classpathEnvironment() {
        return Map.of("CLASSPATH", JavaCommand.currentClasspath());
    }

    private static String log4jConfigLocation() {
        return Objects.requireNonNull(KafkaBroker.class.getResource(LOG4J_CONFIG), LOG4J_CONFIG).toString();
    }
}
