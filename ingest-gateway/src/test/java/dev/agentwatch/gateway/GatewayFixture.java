package dev.agentwatch.gateway;

import dev.agentwatch.gateway.auth.ApiKey;
import dev.agentwatch.gateway.auth.ApiKeys;
import dev.agentwatch.localcluster.junit.LocalKafka;
import dev.agentwatch.schema.AvroSerdeConfig;
import dev.agentwatch.schema.MetricEvent;
import dev.agentwatch.schema.serde.AvroDeserializer;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A gateway on a free port in front of the test broker and registry, with a topic of its own, and an HTTP client. */
final class GatewayFixture implements AutoCloseable {

    static final String KEY = "test-key";
    static final String PAYMENTS_KEY = "payments-key";

    final String metricsTopic;
    final String rulesTopic;
    final Gateway gateway;
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final LocalKafka kafka;

    GatewayFixture(LocalKafka kafka) throws Exception {
        this(kafka, kafka.bootstrapServers(), kafka.schemaRegistryUrl(), 64 * 1024, 1_000);
    }

    GatewayFixture(LocalKafka kafka, String bootstrap, String registry, int maxBodyBytes, int maxEvents) throws Exception {
        this.kafka = kafka;
        this.metricsTopic = kafka.uniqueName("gw-metrics");
        this.rulesTopic = kafka.uniqueName("gw-rules");
        kafka.createTopic(metricsTopic, 3, Map.of());
        kafka.createTopic(rulesTopic, 1, Map.of("cleanup.policy", "compact"));
        ApiKeys keys = ApiKeys.of(Map.of(
                KEY, new ApiKey("test", Set.of(ApiKey.ANY_FLEET)),
                PAYMENTS_KEY, new ApiKey("payments", Set.of("payments"))));
        GatewaySettings settings = new GatewaySettings("127.0.0.1", 0, maxBodyBytes, maxEvents, 10_000,
                Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofDays(1), Duration.ofDays(7), keys);
        this.gateway = new Gateway(settings, Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
                Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, registry), metricsTopic, rulesTopic).start();
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + gateway.port() + path);
    }

    HttpResponse<String> post(String path, String key, String contentType, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.ofString(body))
                .timeout(Duration.ofSeconds(30));
        if (key != null) {
            b.header("Authorization", "Bearer " + key);
        }
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> postJson(String path, String body) throws Exception {
        return post(path, KEY, "application/json", body);
    }

    HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Every event on the metrics topic (read_committed, from the start), waiting until {@code atLeast} arrived. */
    List<ConsumerRecord<String, MetricEvent>> events(int atLeast, Duration within) {
        AvroDeserializer<MetricEvent> values = new AvroDeserializer<>(MetricEvent.class);
        values.configure(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, kafka.schemaRegistryUrl()), false);
        try (KafkaConsumer<String, MetricEvent> c = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new StringDeserializer(), values)) {
            List<TopicPartition> parts = new ArrayList<>();
            for (PartitionInfo p : c.partitionsFor(metricsTopic)) {
                parts.add(new TopicPartition(metricsTopic, p.partition()));
            }
            c.assign(parts);
            c.seekToBeginning(parts);
            List<ConsumerRecord<String, MetricEvent>> out = new ArrayList<>();
            long deadline = System.nanoTime() + within.toNanos();
            Map<TopicPartition, Long> end = c.endOffsets(parts);
            while (System.nanoTime() < deadline) {
                c.poll(Duration.ofMillis(200)).forEach(out::add);
                boolean atEnd = parts.stream().allMatch(p -> c.position(p) >= end.get(p));
                if (out.size() >= atLeast && atEnd) {
                    break;
                }
                if (atEnd) {
                    end.putAll(c.endOffsets(parts));
                }
            }
            return out;
        }
    }

    @Override
    public void close() {
        gateway.close();
    }
}
