package dev.agentwatch.sdk;

import dev.agentwatch.localcluster.junit.LocalKafka;
import dev.agentwatch.schema.AvroSerdeConfig;
import dev.agentwatch.schema.MetricEvent;
import dev.agentwatch.schema.serde.AvroDeserializer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The test's topics on the real broker: what reached the metrics topic, and a rule file on the rules topic. */
final class SdkTopics {

    /** The seed's sampling block under a rule file the gateway and the SDK read as the streams app would. */
    static final String RULES_WITH_SAMPLING = """
            rules:
              - alert: AgentTimeout
                condition: latency_p95 > 30000ms
                severity: CRITICAL
            sampling:
              high_risk_decisions: 100%
              routine_queries: 10%
              admin_actions: 100%
            """;

    final String metricsTopic;
    final String rulesTopic;
    private final LocalKafka kafka;

    SdkTopics(LocalKafka kafka) {
        this.kafka = kafka;
        this.metricsTopic = kafka.uniqueName("sdk-metrics");
        this.rulesTopic = kafka.uniqueName("sdk-rules");
        kafka.createTopic(metricsTopic, 3, Map.of());
        kafka.createTopic(rulesTopic, 1, Map.of("cleanup.policy", "compact"));
    }

    /** Writes a rule file as {@code agentwatch rules apply} does (the envelope of {@code RulesRecords}). */
    void applyRules(String text) throws Exception {
        String envelope = new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode()
                .put("format", 1).put("text", text).toString();
        try (KafkaProducer<String, String> p = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()), new StringSerializer(), new StringSerializer())) {
            p.send(new ProducerRecord<>(rulesTopic, "ruleset", envelope)).get();
        }
    }

    /** Every event on the metrics topic (read_committed, from the start), read up to its end. */
    List<ConsumerRecord<String, MetricEvent>> events() {
        AvroDeserializer<MetricEvent> values = new AvroDeserializer<>(MetricEvent.class);
        values.configure(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, kafka.schemaRegistryUrl()), false);
        try (KafkaConsumer<String, MetricEvent> c = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new StringDeserializer(), values)) {
            List<TopicPartition> parts = c.partitionsFor(metricsTopic).stream()
                    .map(p -> new TopicPartition(metricsTopic, p.partition())).toList();
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<TopicPartition, Long> end = c.endOffsets(parts);
            List<ConsumerRecord<String, MetricEvent>> out = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline && !parts.stream().allMatch(p -> c.position(p) >= end.get(p))) {
                c.poll(Duration.ofMillis(200)).forEach(out::add);
            }
            return out;
        }
    }
}
