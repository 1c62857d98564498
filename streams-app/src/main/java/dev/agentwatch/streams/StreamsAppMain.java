package dev.agentwatch.streams;

import dev.agentwatch.alerting.AlertTally;
import dev.agentwatch.config.AgentwatchConfig;
import dev.agentwatch.config.ConfigException;
import dev.agentwatch.fleet.FleetView;
import dev.agentwatch.http.DashboardAssets;
import dev.agentwatch.http.HttpApi;
import dev.agentwatch.ingest.IngestCounters;
import dev.agentwatch.rules.RuleBook;
import dev.agentwatch.rules.RuleCompileOptions;
import dev.agentwatch.rules.RulesTopicCodec;
import dev.agentwatch.streams.agents.AgentAdmission;
import dev.agentwatch.topics.ProductTopics;
import dev.agentwatch.topics.TopicCreator;
import dev.agentwatch.topics.TopicReplication;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Lifecycle of the streams app: configuration, topics, KafkaStreams, the HTTP API, a shutdown hook. */
public final class StreamsAppMain {

    private static final Logger log = LoggerFactory.getLogger(StreamsAppMain.class);

    public static void main(String[] args) throws Exception {
        StreamsSettings settings;
        try {
            settings = StreamsSettings.from(AgentwatchConfig.load());
        } catch (ConfigException e) {
            System.err.println("agentwatch streams app: configuration error: " + e.getMessage());
            System.exit(2);
            return;
        }
        TopicReplication replication;
        int metricsPartitions;
        try {
            replication = ensureTopics(settings);
            metricsPartitions = metricsPartitions(settings);
        } catch (IllegalStateException e) {
            System.err.println("agentwatch streams app: configuration error: " + e.getMessage());
            System.exit(2);
            return;
        }
        IngestCounters counters = new IngestCounters();
        FleetView fleet = new FleetView();
        RuleBook rules = new RuleBook(new RuleCompileOptions(settings.slice()));
        AgentAdmission admission = new AgentAdmission(settings.maxAgents());
        AlertTally alerts = new AlertTally();
        AppTopology app = AppTopology.build(settings,
                new AppTopology.Shared(counters, rules, fleet, admission, (boundary, changed) -> { }, alerts));

        KafkaStreams streams = new KafkaStreams(app.topology(), streamsProperties(settings, counters, replication));
        StreamsHealth health = new StreamsHealth();
        streams.setStateListener((now, before) -> health.stateChanged(now));
        // A thread that dies (e.g. the registry was unreachable) is replaced and resumes from the last commit;
        // /health says DOWN meanwhile, and /metrics counts it.
        streams.setUncaughtExceptionHandler(e -> {
            log.error("stream thread failed; replacing it", e);
            health.threadFailed(e, System.currentTimeMillis());
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        StreamsMetrics metrics = new StreamsMetrics(counters, rules, health, admission, alerts).kafkaStreams(streams);
        HttpApi http = new HttpApi(settings.bindAddress(), settings.httpPort())
                .route("/health", () -> {
                    long now = System.currentTimeMillis();
                    return HttpApi.Response.json(health.up(now) ? 200 : 503, health.json(now));
                })
                .route("/metrics", () -> HttpApi.Response.text(200, metrics.scrape()));
        new FleetApi(fleet, rules, streams, new HostInfo(settings.advertisedHost(), http.port()), metricsPartitions,
                settings.slice().toMillis()).register(http);
        new DashboardAssets().register(http);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            http.close();
            // Leaving the group hands the partitions to the other instances at once, not after the session timeout.
            streams.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                    .withTimeout(Duration.ofSeconds(30)));
            app.close();
            stopped.countDown();
        }, "shutdown"));
        streams.start();
        http.start();
        log.info("streams app started: application.id={}, http://{}:{} (advertised as {}:{})", settings.applicationId(),
                settings.bindAddress(), http.port(), settings.advertisedHost(), http.port());
        stopped.await();
    }

    /** The KafkaStreams properties the app runs with, its failures counted in a counter set of their own. */
    public static Properties streamsProperties(StreamsSettings s) {
        return streamsProperties(s, new IngestCounters());
    }

    /** The KafkaStreams properties the app runs with, for the configured replication as it stands (benchmarks, tests). */
    public static Properties streamsProperties(StreamsSettings s, IngestCounters counters) {
        return streamsProperties(s, counters, TopicReplication.configuredOnly(s.topics().replicationFactor()));
    }

    /** The KafkaStreams properties the app runs with; changelogs and repartition topics replicated as {@code replication}. */
    public static Properties streamsProperties(StreamsSettings s, IngestCounters counters, TopicReplication replication) {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, s.applicationId());
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, s.kafka().bootstrapServers());
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        p.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, s.numStandbyReplicas());
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), (int) s.sessionTimeout().toMillis());
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG), (int) s.sessionTimeout().toMillis() / 3);
        p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, s.numStreamThreads());
        p.put(StreamsConfig.STATE_DIR_CONFIG, s.stateDir());
        // -1 is Kafka Streams' word for the broker's default.
        p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, replication.configured().map(f -> (int) f).orElse(-1));
        replication.minInsyncReplicas().ifPresent(min ->
                p.put(StreamsConfig.topicPrefix(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG), min));
        p.put(StreamsConfig.APPLICATION_SERVER_CONFIG, s.advertisedHost() + ":" + s.httpPort());
        p.put("processing.exception.handler.global.enabled", true);
        // No record may stall a partition: what escapes a processor is dead-lettered, and a dead letter the broker
        // refuses is replaced by its reason alone (ProcessingFailures, OutputFailures).
        p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, ProcessingFailures.class.getName());
        p.put(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG, OutputFailures.class.getName());
        p.put(HandlerSettings.KEY, new HandlerSettings(s.topics().metrics(), s.topics().metricsDlq(), counters));
        return p;
    }

    /** Partitions of the metrics topic: one task each, whose agents the fleet view must cover to be whole. */
    static int metricsPartitions(StreamsSettings s) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, s.kafka().bootstrapServers()))) {
            return partitions(admin, s.topics().metrics(), Duration.ofSeconds(60));
        }
    }

    /**
     * The topic's partition count. A topic created a moment ago may not be known to the broker asked yet
     * (UnknownTopicOrPartition): asked again until {@code timeout}.
     */
    private static int partitions(Admin admin, String topic, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                return admin.describeTopics(List.of(topic)).allTopicNames()
                        .get(timeout.toMillis(), TimeUnit.MILLISECONDS).get(topic).partitions().size();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while describing " + topic, e);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || System.nanoTime() > deadline) {
                    throw new IllegalStateException("cannot describe topic " + topic + ": " + e.getCause(), e);
                }
                sleep(200);
            } catch (TimeoutException e) {
                throw new IllegalStateException("cannot describe topic " + topic + ": " + e, e);
            }
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /**
     * Creates the product's topics when missing (see {@link ProductTopics}), so a fresh cluster works, and returns the
     * replication they and the app's internal topics get.
     */
    public static TopicReplication ensureTopics(StreamsSettings s) {
        Duration timeout = Duration.ofSeconds(60);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, s.kafka().bootstrapServers()))) {
            TopicReplication replication = TopicReplication.resolve(admin, s.topics().replicationFactor(), timeout);
            List<String> created = TopicCreator.createMissing(admin, ProductTopics.all(s.topics()), replication, timeout);
            // The running rule set is the newest accepted record in offset order, which one partition alone has.
            RulesTopicCodec.checkPartitions(s.topics().rules(), partitions(admin, s.topics().rules(), timeout));
            log.info("topics: {}{}", replication.describe(), created.isEmpty() ? "" : "; created " + created);
            return replication;
        }
    }
}
