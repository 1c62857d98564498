package dev.agentwatch.sdk.transport;

import dev.agentwatch.sampling.FollowedSamplingPolicy;
import dev.agentwatch.sampling.SamplingPolicy;
import dev.agentwatch.schema.AvroSerdeConfig;
import dev.agentwatch.schema.MetricEvent;
import dev.agentwatch.schema.serde.AvroSerializer;
import dev.agentwatch.sdk.Transport;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Straight to {@code agentwatch.metrics}: our Avro serde and the schema registry, key = agent_id, idempotent,
 * {@code acks=all}. The sampling policy is followed from the rules topic, as the streams app reads it.
 */
public final class KafkaTransport implements Transport {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaTransport.class);

    private final KafkaProducer<String, MetricEvent> producer;
    private final String topic;
    private final Duration deliveryTimeout;
    /** Null without a rules topic: then every event is sent. */
    private final FollowedSamplingPolicy policy;

    private KafkaTransport(Builder b) {
        this.topic = b.metricsTopic;
        this.deliveryTimeout = b.deliveryTimeout;
        Map<String, Object> props = new HashMap<>(b.clientProps);
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, b.bootstrapServers);
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 5);
        props.putIfAbsent(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        // The exporter thread may wait; the agent's threads never reach here.
        props.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000);
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) deliveryTimeout.toMillis());
        // Kafka requires delivery.timeout.ms >= linger.ms + request.timeout.ms.
        props.putIfAbsent(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(deliveryTimeout.toMillis() / 2, 30_000));
        AvroSerializer<MetricEvent> values = new AvroSerializer<>();
        values.configure(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, b.schemaRegistryUrl), false);
        this.producer = new KafkaProducer<>(props, new StringSerializer(), values);
        if (b.rulesTopic == null) {
            this.policy = null;
        } else {
            Map<String, Object> client = new HashMap<>(b.clientProps);
            client.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, b.bootstrapServers);
            this.policy = new FollowedSamplingPolicy(client, b.rulesTopic).start();
        }
    }

    public static Builder builder(String bootstrapServers, String schemaRegistryUrl) {
        return new Builder(bootstrapServers, schemaRegistryUrl);
    }

    @Override
    public Result send(List<MetricEvent> batch) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(batch.size());
        AtomicInteger failed = new AtomicInteger();
        AtomicReference<Exception> firstError = new AtomicReference<>();
        for (int i = 0; i < batch.size(); i++) {
            MetricEvent e = batch.get(i);
            try {
                producer.send(new ProducerRecord<>(topic, e.getAgentId(), e), (meta, error) -> {
                    if (error != null) {
                        failed.incrementAndGet();
                        firstError.compareAndSet(null, error);
                    }
                    done.countDown();
                });
            } catch (RuntimeException error) {
                // Metadata not available within max.block.ms, or the registry failed: the rest of the batch would
                // wait as long each, so it fails with this one.
                int rest = batch.size() - i;
                failed.addAndGet(rest);
                firstError.compareAndSet(null, error);
                for (int k = 0; k < rest; k++) {
                    done.countDown();
                }
                break;
            }
        }
        if (!done.await(deliveryTimeout.toMillis() + 5_000, TimeUnit.MILLISECONDS)) {
            // cannot happen with delivery.timeout.ms set; if it does, the rest is unknown and counted as failed
            return new Result(batch.size() - (int) done.getCount() - failed.get(), 0, (int) done.getCount() + failed.get());
        }
        if (failed.get() > 0) {
            LOG.warn("agentwatch: Kafka did not take {} of {} events: {}", failed.get(), batch.size(), firstError.get().toString());
        }
        return new Result(batch.size() - failed.get(), 0, failed.get());
    }

    @Override
    public SamplingPolicy samplingPolicy() {
        return policy == null ? SamplingPolicy.NONE : policy.get();
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
        if (policy != null) {
            try {
                policy.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Endpoints are required; topics default to the product's names. */
    public static final class Builder {
        private final String bootstrapServers;
        private final String schemaRegistryUrl;
        private final Map<String, Object> clientProps = new HashMap<>();
        private String metricsTopic = "agentwatch.metrics";
        private String rulesTopic = "agentwatch.rules";
        private Duration deliveryTimeout = Duration.ofSeconds(30);

        private Builder(String bootstrapServers, String schemaRegistryUrl) {
            this.bootstrapServers = Objects.requireNonNull(bootstrapServers, "bootstrapServers");
            this.schemaRegistryUrl = Objects.requireNonNull(schemaRegistryUrl, "schemaRegistryUrl");
        }

        /** Further Kafka client properties: security settings, say. */
        public Builder clientProperty(String name, Object value) { clientProps.put(name, value); return this; }
        public Builder metricsTopic(String topic) { this.metricsTopic = Objects.requireNonNull(topic); return this; }
        /** The rules topic whose {@code sampling:} block applies; null for none (every event sent). */
        public Builder rulesTopic(String topic) { this.rulesTopic = topic; return this; }
        public Builder deliveryTimeout(Duration d) { this.deliveryTimeout = Objects.requireNonNull(d); return this; }

        public KafkaTransport build() {
            return new KafkaTransport(this);
        }
    }
}
