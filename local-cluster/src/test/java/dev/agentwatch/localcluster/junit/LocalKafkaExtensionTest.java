package dev.agentwatch.localcluster.junit;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.junit.jupiter.api.Test;

@WithLocalKafka
class LocalKafkaExtensionTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final LocalKafka kafka;

    LocalKafkaExtensionTest(LocalKafka kafka) {
        this.kafka = kafka;
        SharedInstances.record(kafka);
    }

    @Test
    void producesAndConsumesThroughTheBroker() throws Exception {
        String topic = kafka.uniqueName("roundtrip");
        kafka.createTopic(topic, 1, Map.of());
        try (KafkaProducer<String, String> producer = producer(Map.of())) {
            producer.send(new ProducerRecord<>(topic, "agent-1", "hello")).get();
        }
        assertThat(consumeAll(topic, "read_uncommitted", 1)).extracting(ConsumerRecord::value).containsExactly("hello");
    }

    @Test
    void commitsATransaction() throws Exception {
        String topic = kafka.uniqueName("txn");
        kafka.createTopic(topic, 1, Map.of());
        try (KafkaProducer<String, String> producer = producer(Map.of(
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, kafka.uniqueName("txn-id")))) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "agent-1", "committed"));
            producer.commitTransaction();
        }
        assertThat(consumeAll(topic, "read_committed", 1)).extracting(ConsumerRecord::value).containsExactly("committed");
    }

    @Test
    void createTopicIsIdempotentAndAppliesConfigs() throws Exception {
        String topic = kafka.uniqueName("compacted.");
        assertThat(topic).startsWith("compacted.").hasSize("compacted.".length() + 8);
        kafka.createTopic(topic, 3, Map.of("cleanup.policy", "compact"));
        kafka.createTopic(topic, 3, Map.of("cleanup.policy", "compact"));
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
            assertThat(description.partitions()).hasSize(3);
        }
    }

    @Test
    void registryAnswersWithBackwardCompatibility() throws Exception {
        assertThat(kafka.schemaRegistryUrl()).startsWith("http://127.0.0.1:").endsWith("/apis/ccompat/v7");
        HttpResponse<String> subjects = get(kafka.schemaRegistryUrl() + "/subjects");
        assertThat(subjects.statusCode()).isEqualTo(200);
        assertThat(subjects.body().trim()).startsWith("[");
        HttpResponse<String> config = get(kafka.schemaRegistryUrl() + "/config");
        assertThat(config.statusCode()).isEqualTo(200);
        assertThat(config.body()).contains("\"BACKWARD\"");
    }

    @Test
    void kafkaLogsOnlyWarningsInTests() {
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        assertThat(QuietTestLogging.isOurs(context)).isTrue();
        assertThat(context.getLogger("org.apache.kafka.clients.consumer.ConsumerConfig").getLevel()).isEqualTo(Level.WARN);
        assertThat(context.getLogger("kafka.server.BrokerServer").getLevel()).isEqualTo(Level.WARN);
    }

    @Test
    void methodParametersGetTheSameInstance(LocalKafka sameKafka) {
        assertThat(sameKafka).isSameAs(kafka);
    }

    private KafkaProducer<String, String> producer(Map<String, Object> extra) {
        Map<String, Object> config = new HashMap<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"));
        config.putAll(extra);
        return new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
    }

    private List<ConsumerRecord<String, String>> consumeAll(String topic, String isolation, int expected) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, kafka.uniqueName("group"),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.currentTimeMillis() + 30_000;
            while (records.size() < expected && System.currentTimeMillis() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
