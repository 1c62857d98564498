package dev.agentwatch.sink;

import dev.agentwatch.config.TopicNames;
import dev.agentwatch.schema.AlertEvent;
import dev.agentwatch.schema.AvroSerdeConfig;
import dev.agentwatch.schema.serde.AvroSerde;
import dev.agentwatch.sink.config.IntegrationSpec;
import dev.agentwatch.sink.config.ReceiverSpec;
import dev.agentwatch.sink.config.SinkConfig;
import dev.agentwatch.sink.delivery.DeliveryListener;
import dev.agentwatch.sink.delivery.DeliveryQueue;
import dev.agentwatch.sink.delivery.DeliveryWorker;
import dev.agentwatch.sink.delivery.RetryPolicy;
import dev.agentwatch.sink.http.Health;
import dev.agentwatch.sink.http.StatusServer;
import dev.agentwatch.sink.kafka.AlertConsumerLoop;
import dev.agentwatch.sink.kafka.KafkaParkingLot;
import dev.agentwatch.sink.kafka.SilenceAdmin;
import dev.agentwatch.sink.kafka.SilenceFollower;
import dev.agentwatch.sink.kafka.TopicSetup;
import dev.agentwatch.sink.kafka.WholeTopicReader;
import dev.agentwatch.sink.metrics.SinkMetrics;
import dev.agentwatch.sink.model.AlertLabels;
import dev.agentwatch.sink.pipeline.SinkEngine;
import dev.agentwatch.sink.silence.SilenceStore;
import dev.agentwatch.topics.ProductTopics;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.PrintStream;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One running alert sink: the {@code /metrics} and {@code /health} server, the silences follower, the reader
 * that feeds inhibition with every partition's alerts, one delivery thread per integration, the dead-letter
 * writer, and the consumer loop. Start several with the same consumer group and they share the partitions.
 */
public final class AlertSink implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AlertSink.class);
    private static final Duration SILENCES_WAIT = Duration.ofSeconds(60);

    /** Where to connect and what to read; the sink's own file is {@code config}. */
    public record Settings(String bootstrapServers, String schemaRegistryUrl, TopicNames topics, SinkConfig config) {
    }

    private final Settings settings;
    private final Clock clock;
    private final PrintStream console;
    private final DeliveryListener listener;
    private final CountDownLatch started = new CountDownLatch(1);
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final List<AutoCloseable> resources = new ArrayList<>();
    private final SinkMetrics metrics = new SinkMetrics();
    private volatile AlertConsumerLoop loop;
    private volatile StatusServer status;
    private volatile KafkaParkingLot parking;
    /** STARTING, UP while the consumer loop runs, then STOPPING; {@code /health} says DOWN while UP if dead letters fail. */
    private volatile String phase = "STARTING";
    private volatile boolean closing;

    public AlertSink(Settings settings, Clock clock, PrintStream console, DeliveryListener listener) {
        this.settings = settings;
        this.clock = clock;
        this.console = console;
        this.listener = listener;
    }

    /** Runs on the calling thread until {@link #close()}. */
    public void run() throws InterruptedException {
        try {
            start();
            started.countDown();
            AlertConsumerLoop l = loop;
            if (l != null) {
                if (closing) {
                    l.stop(); // close() came during start(): run() then only closes the consumer
                }
                phase = Health.UP;
                l.run();
            }
        } finally {
            phase = "STOPPING";
            started.countDown();
            closeResources();
            stopped.countDown();
            log.info("alert sink stopped");
        }
    }

    private void start() throws InterruptedException {
        TopicNames t = settings.topics();
        SinkConfig config = settings.config();
        String bootstrap = settings.bootstrapServers();
        keep(metrics); // closed last
        // First, so a sink that is still starting (reading silences) already answers /health with STARTING.
        status = keep(StatusServer.start(config.http().bindAddress(), config.http().port(), metrics, this::health));
        TopicSetup.ensure(bootstrap, t.replicationFactor(), ProductTopics.named(t, t.alerts(), t.alertsDlq(), t.silences()));

        SilenceStore silences = new SilenceStore();
        WholeTopicReader silenceReader = keep(SilenceFollower.follow(bootstrap, t.silences(), silences, metrics.silenceRefusals()).start());
        // Without every silence known, a restart could page for something muted: wait for them.
        while (!silenceReader.awaitCaughtUp(SILENCES_WAIT) && !closing) {
            log.warn("still reading silences from {} ...", t.silences());
        }
        if (closing) {
            return;
        }

        AvroSerde<AlertEvent> serde = keep(new AvroSerde<>(AlertEvent.class));
        serde.configure(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, settings.schemaRegistryUrl()), false);
        KafkaParkingLot parking = keep(new KafkaParkingLot(bootstrap, t.alertsDlq(), serde.serializer(),
                RetryPolicy.of(config.delivery(), new SecureRandom()), metrics, clock));
        this.parking = parking;
        SinkEngine engine = SinkEngine.create(config, silences, parking, clock, console, listener, new SecureRandom(), metrics);
        if (engine.inhibitor().hasRules()) {
            // Other instances own other partitions; inhibition needs every partition's firing alerts.
            AvroSerde<AlertEvent> mirrorSerde = keep(new AvroSerde<>(AlertEvent.class));
            mirrorSerde.configure(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, settings.schemaRegistryUrl()), false);
            keep(new WholeTopicReader(bootstrap, t.alerts(), r -> {
                if (r.value() != null) {
                    AlertEvent a = mirrorSerde.deserializer().deserialize(r.topic(), r.headers(), r.value());
                    engine.inhibitor().observe(a, AlertLabels.of(a));
                }
            }).start());
        }
        List<DeliveryWorker> workers = new ArrayList<>();
        for (DeliveryQueue q : engine.queues()) {
            workers.add(keep(new DeliveryWorker(q, config.delivery().httpTimeout()).start()));
        }
        ScheduledExecutorService purger = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread th = new Thread(r, "purge-silences");
            th.setDaemon(true);
            return th;
        });
        keep(purger::shutdownNow);
        purger.scheduleWithFixedDelay(() -> purgeSilences(config.consumer().purgeSilencesAfter()), 1, 60, TimeUnit.MINUTES);

        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, config.consumer().groupId(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500,
                ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, (int) config.consumer().sessionTimeout().toMillis()),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
        // The consumer's lag, fetch and commit figures on /metrics (closed with the rest once the loop closed the consumer).
        ScheduledExecutorService kafkaMetrics = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread th = new Thread(r, "kafka-metrics-refresh");
            th.setDaemon(true);
            return th;
        });
        keep(kafkaMetrics::shutdownNow);
        keep(metrics.bind(new KafkaClientMetrics(consumer, Tags.empty(), kafkaMetrics, SinkMetrics.KAFKA_METRICS_REFRESH)));
        loop = new AlertConsumerLoop(consumer, t.alerts(), serde.deserializer(), engine.pipeline(), parking,
                engine::deadLetterBacklogFull, metrics, clock, () -> workers.forEach(DeliveryWorker::close));
        logStart(config);
    }

    /**
     * DOWN while dead-letter writes fail for the topic's sake: alerts that must be parked are then held (their offsets
     * too) until it takes them again, which someone has to see to.
     */
    private Health health() {
        String p = phase;
        KafkaParkingLot lot = parking;
        if (!Health.UP.equals(p) || lot == null) {
            return Health.of(p);
        }
        return lot.unavailable().map(Health::down).orElse(Health.of(Health.UP));
    }

    private void purgeSilences(Duration retention) {
        TopicNames t = settings.topics();
        try (SilenceAdmin admin = new SilenceAdmin(settings.bootstrapServers(), t.silences(), t.replicationFactor(), clock)) {
            int n = admin.purgeExpired(retention);
            if (n > 0) {
                log.info("purged {} silence(s) expired more than {} ago", n, retention);
            }
        } catch (RuntimeException e) {
            log.warn("purging expired silences failed, will retry: {}", e.toString());
        }
    }

    private void logStart(SinkConfig config) {
        List<String> receivers = new ArrayList<>();
        for (ReceiverSpec r : config.receivers()) {
            String enabled = r.integrations().stream().map(IntegrationSpec::type).toList().toString();
            receivers.add(r.name() + "=" + enabled + (r.disabled().isEmpty() ? "" : " disabled: " + r.disabled()));
        }
        log.info("alert sink started: topic {} (group {}), dead letters to {}, silences from {}; receivers {}; /metrics and"
                        + " /health on http://{}:{}", settings.topics().alerts(), config.consumer().groupId(), settings.topics().alertsDlq(),
                settings.topics().silences(), receivers, config.http().bindAddress(), status.port());
    }

    private <T extends AutoCloseable> T keep(T resource) {
        resources.add(resource);
        return resource;
    }

    private void closeResources() {
        for (int i = resources.size() - 1; i >= 0; i--) {
            try {
                resources.get(i).close();
            } catch (Exception e) {
                log.warn("closing {} failed: {}", resources.get(i).getClass().getSimpleName(), e.toString());
            }
        }
        resources.clear();
    }

    /** Waits until the consumer is about to subscribe (topics exist, silences read). */
    public boolean awaitStarted(Duration timeout) throws InterruptedException {
        return started.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The port of {@code /metrics} and {@code /health} (the one picked when the configuration asked for 0). */
    public int httpPort() {
        StatusServer s = status;
        if (s == null) {
            throw new IllegalStateException("the sink has not started");
        }
        return s.port();
    }

    /** Partitions of the alerts topic this instance owns right now. */
    public Set<Integer> assignedPartitions() {
        AlertConsumerLoop l = loop;
        return l == null ? Set.of() : l.assignedPartitions();
    }

    /** Stops the loop (committing what is done) and waits for {@link #run()} to return. */
    @Override
    public void close() {
        closing = true;
        AlertConsumerLoop l = loop;
        if (l != null) {
            l.stop();
        }
        try {
            stopped.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
