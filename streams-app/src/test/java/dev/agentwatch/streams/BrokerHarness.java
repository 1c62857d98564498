package dev.agentwatch.streams;

import dev.agentwatch.config.TopicNames;
import dev.agentwatch.localcluster.junit.LocalKafka;
import dev.agentwatch.rules.RuleFiles;
import dev.agentwatch.rules.RuleSet;
import dev.agentwatch.rules.RulesTopicCodec;
import dev.agentwatch.schema.AlertEvent;
import dev.agentwatch.schema.AvroSerdeConfig;
import dev.agentwatch.schema.MetricEvent;
import dev.agentwatch.schema.serde.AvroDeserializer;
import dev.agentwatch.schema.serde.AvroSerializer;
import dev.agentwatch.topics.DeadLetterHeaders;
import dev.agentwatch.topics.ProductTopics;
import dev.agentwatch.topics.TopicReplication;
import dev.agentwatch.topics.TopicSpec;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * One streams-app instance of the real topology on the real broker and registry, exactly-once on, with a
 * producer for its metrics and read_committed readers of its alerts and dead letters.
 */
final class BrokerHarness implements AutoCloseable {

    final StreamsSettings settings;
    final TopologyFixture fixture;
    final AtomicInteger threadFailures = new AtomicInteger();
    private final AtomicInteger sendFailures = new AtomicInteger();
    private final LocalKafka kafka;
    private final KafkaProducer<byte[], byte[]> producer;
    private final AvroSerializer<MetricEvent> serializer;
    private final KafkaConsumer<byte[], byte[]> deadLetters;
    private final KafkaConsumer<String, AlertEvent> alerts;
    private final List<String> deadLetterReasons = new ArrayList<>();
    private final List<AlertEvent> alertsRead = new ArrayList<>();
    private KafkaStreams streams;

    BrokerHarness(LocalKafka kafka, StreamsSettings settings) {
        this.kafka = kafka;
        this.settings = settings;
        createTopics(kafka, settings.topics());
        fixture = new TopologyFixture(settings, (b, c) -> { });
        serializer = fixture.metricSerializer();
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.LINGER_MS_CONFIG, 5), new ByteArraySerializer(), new ByteArraySerializer());
        deadLetters = new KafkaConsumer<>(readerConfig("dlq"), new ByteArrayDeserializer(), new ByteArrayDeserializer());
        deadLetters.subscribe(List.of(settings.topics().metricsDlq()));
        AvroDeserializer<AlertEvent> values = new AvroDeserializer<>(AlertEvent.class);
        values.configure(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, kafka.schemaRegistryUrl()), false);
        alerts = new KafkaConsumer<>(readerConfig("alerts"), new StringDeserializer(), values);
        alerts.subscribe(List.of(settings.topics().alerts()));
    }

    /**
     * Makes the product's topics with the shapes the apps give them ({@link ProductTopics}); through the test broker,
     * which returns once every partition has a leader, so the app finds them at once.
     */
    static void createTopics(LocalKafka kafka, TopicNames names) {
        TopicReplication replication = TopicReplication.configuredOnly(names.replicationFactor());
        for (TopicSpec spec : ProductTopics.all(names)) {
            NewTopic topic = spec.toNewTopic(replication);
            kafka.createTopic(topic.name(), topic.numPartitions(), topic.configs());
        }
    }

    /** Starts the app and waits until it runs. */
    BrokerHarness start() throws Exception {
        Properties props = StreamsAppMain.streamsProperties(settings, fixture.counters);
        props.put("state.dir", Files.createTempDirectory("aw-broker").toString());
        props.put("commit.interval.ms", 100);
        streams = new KafkaStreams(fixture.topology, props);
        streams.setUncaughtExceptionHandler(e -> {
            threadFailures.incrementAndGet();
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        streams.start();
        await(() -> streams.state() == KafkaStreams.State.RUNNING, Duration.ofSeconds(60));
        return this;
    }

    /** Publishes a rule file as `agentwatch rules apply` does and waits until the app runs it. */
    void apply(String ruleFile) throws Exception {
        RuleSet set = RuleFiles.parse("rules.yaml", ruleFile, fixture.rules.options());
        producer.send(new ProducerRecord<>(settings.topics().rules(), RulesTopicCodec.keyOf(set).getBytes(StandardCharsets.UTF_8),
                RulesTopicCodec.encode(set).getBytes(StandardCharsets.UTF_8))).get();
        await(() -> fixture.rules.current().version() == set.version(), Duration.ofSeconds(30));
    }

    /**
     * Sends an event; the Kafka record is stamped when sent, as producers do by default (a broker refuses a record
     * stamped beyond its message.timestamp.after.max.ms, whatever the event's own timestamp field says).
     */
    void send(MetricEvent e) {
        producer.send(new ProducerRecord<>(settings.topics().metrics(),
                e.getAgentId().getBytes(StandardCharsets.UTF_8), serializer.serialize(settings.topics().metrics(), e)),
                (metadata, failure) -> {
                    if (failure != null) {
                        sendFailures.incrementAndGet();
                    }
                });
    }

    /** Sends the broker refused: tests that count events must see none. */
    int sendFailures() {
        return sendFailures.get();
    }

    void flush() {
        producer.flush();
    }

    /** Reasons of every committed dead letter read so far. */
    List<String> deadLetterReasons() {
        for (ConsumerRecord<byte[], byte[]> r : deadLetters.poll(Duration.ofMillis(100))) {
            deadLetterReasons.add(DeadLetterHeaders.text(r.headers(), DeadLetterHeaders.REASON));
        }
        return deadLetterReasons;
    }

    /** Every committed alert read so far. */
    List<AlertEvent> alerts() {
        for (ConsumerRecord<String, AlertEvent> r : alerts.poll(Duration.ofMillis(100))) {
            alertsRead.add(r.value());
        }
        return alertsRead;
    }

    /** Waits until every event sent was counted or dead-lettered, polling both readers meanwhile. */
    void awaitAccounted(long sent, Duration timeout) throws InterruptedException {
        try {
            await(() -> {
                alerts();
                long dead = deadLetterReasons().size();
                return fixture.counters.acceptedCount() + fixture.counters.duplicateCount() + dead >= sent;
            }, timeout);
        } catch (AssertionError e) {
            throw new AssertionError(sent + " sent (" + sendFailures.get() + " refused by the broker), but " + fixture.counters.acceptedCount() + " accepted, "
                    + fixture.counters.duplicateCount() + " duplicates and " + deadLetterReasons().size()
                    + " dead letters after " + timeout + " (by reason: " + fixture.counters.deadLetteredByReason() + ")");
        }
    }

    static void await(BooleanSupplier condition, Duration timeout) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeout.toMillis();
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("not reached within " + timeout);
            }
            Thread.sleep(50);
        }
    }

    private Map<String, Object> readerConfig(String what) {
        return Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, settings.applicationId() + "-" + what + "-reader",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    }

    @Override
    public void close() {
        producer.close();
        deadLetters.close();
        alerts.close();
        if (streams != null) {
            streams.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                    .withTimeout(Duration.ofSeconds(30)));
        }
    }
}
