package dev.agentwatch.faults.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

import dev.agentwatch.config.AgentwatchConfig;
import dev.agentwatch.config.KafkaEndpoints;
import dev.agentwatch.config.TopicNames;
import dev.agentwatch.config.YamlFiles;
import dev.agentwatch.rules.RuleCompileOptions;
import dev.agentwatch.rules.RuleFiles;
import dev.agentwatch.rules.RuleSet;
import dev.agentwatch.rules.RulesTopicCodec;
import dev.agentwatch.streams.StreamsSettings;

/**
 * One deployment of the product on a {@link Cluster}: its configuration file (config/agentwatch.yaml with this run's
 * topic names, application id and {@link PipelineSettings}), the streams-app instances started from it, and the
 * clients a test watches it with. Names are unique per pipeline, so several pipelines can share a cluster. Closing it
 * ends every process and client it started (the run closes it too, should the test end abruptly).
 */
public final class Pipeline implements AutoCloseable {

    private final FaultRun run;
    private final Cluster cluster;
    private final PipelineSettings settings;
    private final Path configFile;
    private final StreamsSettings streams;
    private final Map<String, StreamsAppInstance> instances = new LinkedHashMap<>();
    private final Deque<AutoCloseable> owned = new ArrayDeque<>();

    private Pipeline(FaultRun run, Cluster cluster, PipelineSettings settings, Path configFile, StreamsSettings streams) {
        this.run = run;
        this.cluster = cluster;
        this.settings = settings;
        this.configFile = configFile;
        this.streams = streams;
    }

    public static Pipeline create(FaultRun run, Cluster cluster, String name, PipelineSettings settings) {
        String prefix = name + "-" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x10000, 0xfffff));
        Path file = writeConfig(run.dir().root().resolve(prefix + ".yaml"), prefix, settings);
        // Read back by the product's own loader, so the harness sees the names the app will see.
        StreamsSettings streams = StreamsSettings.from(AgentwatchConfig.of(YamlFiles.read(file), Map.of(
                KafkaEndpoints.BOOTSTRAP_ENV, cluster.bootstrapServers(), KafkaEndpoints.REGISTRY_ENV, cluster.registryUrl())));
        run.report("pipeline %s: %d partitions, %d standby replica(s), streams-app -Xmx%s, config %s", prefix,
                settings.partitions(), settings.standbyReplicas(), settings.heap(), file);
        return run.own(new Pipeline(run, cluster, settings, file, streams));
    }

    @SuppressWarnings("unchecked")
    private static Path writeConfig(Path file, String prefix, PipelineSettings settings) {
        try {
            Map<String, Object> config = new Yaml().load(Files.readString(Repository.defaultConfig()));
            Map<String, Object> topics = (Map<String, Object>) config.get("topics");
            for (String key : List.of("metrics", "metrics_dlq", "alerts", "alerts_dlq", "rules", "silences")) {
                topics.put(key, prefix + "." + topics.get(key));
            }
            topics.put("partitions", settings.partitions());
            topics.remove("replication_factor");
            Map<String, Object> app = (Map<String, Object>) config.get("streams");
            app.put("application_id", prefix + "-streams");
            app.put("num_standby_replicas", settings.standbyReplicas());
            DumperOptions style = new DumperOptions();
            style.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
            Files.writeString(file, "# written by the fault tests from config/agentwatch.yaml\n" + new Yaml(style).dump(config));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    public TopicNames topics() {
        return streams.topics();
    }

    /** The streams app's application id, which is also its consumer group. */
    public String applicationId() {
        return streams.applicationId();
    }

    public Cluster cluster() {
        return cluster;
    }

    /** A streams-app instance of this pipeline (own state directory and HTTP port), not started yet. */
    public StreamsAppInstance instance(String name) {
        Map<String, String> env = new HashMap<>();
        env.put(AgentwatchConfig.CONFIG_ENV, configFile.toString());
        env.put(KafkaEndpoints.BOOTSTRAP_ENV, cluster.bootstrapServers());
        env.put(KafkaEndpoints.REGISTRY_ENV, cluster.registryUrl());
        StreamsAppInstance instance = own(new StreamsAppInstance(run, name, settings.heap(), env));
        instances.put(name, instance);
        return instance;
    }

    /** Starts {@code n} instances named {@code streams-1..n} at once and waits until each is healthy. */
    public List<StreamsAppInstance> startInstances(int n, Duration timeout) {
        List<StreamsAppInstance> started = IntStream.rangeClosed(1, n)
                .mapToObj(i -> instance("streams-" + i)).toList();
        started.forEach(StreamsAppInstance::start);
        for (StreamsAppInstance i : started) {
            i.awaitHealthy(timeout);
        }
        return started;
    }

    public List<StreamsAppInstance> instances() {
        return List.copyOf(instances.values());
    }

    /**
     * Publishes {@code rulesFile} to the rules topic as {@code agentwatch rules apply} does, compiled with the app's
     * slice, and returns its version once every running instance runs it.
     */
    public long applyRules(Path rulesFile, Duration timeout) {
        RuleSet rules = RuleFiles.load(rulesFile, new RuleCompileOptions(streams.slice()));
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true),
                new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topics().rules(), RulesTopicCodec.KEY, RulesTopicCodec.encode(rules)))
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot publish " + rulesFile + ": " + e, e);
        }
        for (StreamsAppInstance i : instances.values()) {
            if (i.isAlive()) {
                Waits.until("instance " + i.name() + " runs rule_version " + rules.version(), timeout,
                        () -> i.metrics().value("agentwatch_rule_version") == rules.version());
            }
        }
        run.report("rules %s applied as rule_version %d on %d instance(s)", rulesFile.getFileName(), rules.version(), instances.size());
        return rules.version();
    }

    /** The seed rules of config/rules.yaml, as `make run` applies them. */
    public long applySeedRules(Duration timeout) {
        return applyRules(Repository.seedRules(), timeout);
    }

    public AlertLog alerts() {
        return own(new AlertLog(cluster.bootstrapServers(), cluster.registryUrl(), topics().alerts()));
    }

    public DeadLetterLog deadLetters() {
        return own(new DeadLetterLog(cluster.bootstrapServers(), topics().metricsDlq()));
    }

    public GroupProgress progress() {
        return own(new GroupProgress(cluster.admin(), applicationId(), topics().metrics()));
    }

    public LoadGenerator.Builder load(Fleet fleet) {
        return LoadGenerator.builder(run, this, cluster.bootstrapServers(), cluster.registryUrl(), topics().metrics(), fleet);
    }

    /** Sum of one counter over every live instance's /metrics. */
    public double sumOverInstances(String metric) {
        return instances.values().stream().filter(StreamsAppInstance::isAlive).mapToDouble(i -> i.metrics().sum(metric)).sum();
    }

    synchronized <T extends AutoCloseable> T own(T resource) {
        owned.push(resource);
        return resource;
    }

    @Override
    public synchronized void close() {
        while (!owned.isEmpty()) {
            AutoCloseable r = owned.pop();
            try {
                r.close();
            } catch (Throwable e) {
                System.err.println("closing " + r + " failed: " + e);
            }
        }
    }

    @Override
    public String toString() {
        return "pipeline " + applicationId();
    }
}
