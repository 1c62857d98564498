package dev.agentwatch.schema.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.agentwatch.localcluster.junit.LocalKafka;
import dev.agentwatch.localcluster.junit.WithLocalKafka;
import dev.agentwatch.schema.AlertEvent;
import dev.agentwatch.schema.MetricEvent;
import dev.agentwatch.schema.registry.HttpSchemaRegistryClient;
import dev.agentwatch.schema.registry.SchemaRegistryClientConfig;
import dev.agentwatch.schema.testing.TcpProxy;
import dev.agentwatch.schema.testing.TestEvents;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The serdes' hot path needs the registry once per schema: after that, taking the registry away changes nothing
 * for known schemas, and only a new schema id fails (as "registry unavailable", not as the record's fault).
 */
@WithLocalKafka
class CachedHotPathTest {

    private final LocalKafka kafka;

    CachedHotPathTest(LocalKafka kafka) {
        this.kafka = kafka;
    }

    @Test
    void knownSchemasNeedNoRegistry() throws Exception {
        String topic = kafka.uniqueName("cached");
        String alertsTopic = kafka.uniqueName("cached-alerts");
        // Registered directly so that the alert schema is known to the registry but not to the proxied client.
        byte[] alertBytes;
        try (var direct = new AvroSerializer<AlertEvent>()) {
            direct.configure(Map.of("schema.registry.url", kafka.schemaRegistryUrl()), false);
            alertBytes = direct.serialize(alertsTopic, TestEvents.firingAlert(1));
        }
        try (TcpProxy proxy = TcpProxy.to(kafka.schemaRegistryUrl());
                var client = new HttpSchemaRegistryClient(SchemaRegistryClientConfig.fromConfigs(Map.of(
                        "schema.registry.url", proxy.rewrite(kafka.schemaRegistryUrl()),
                        "http.connect.timeout.ms", 1_000, "http.read.timeout.ms", 1_000)));
                var serializer = new AvroSerializer<MetricEvent>(client);
                var deserializer = new AvroDeserializer<>(MetricEvent.class, client);
                var alerts = new AvroDeserializer<>(AlertEvent.class, client)) {
            Map<String, Object> configs = Map.of("schema.registry.url", "http://unused.invalid");
            serializer.configure(configs, false);
            deserializer.configure(configs, false);
            alerts.configure(configs, false);
            MetricEvent first = TestEvents.fullMetric(1);
            assertThat(deserializer.deserialize(topic, serializer.serialize(topic, first))).isEqualTo(first);

            proxy.close(); // the registry is gone for this client

            assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
                for (int i = 0; i < 2_000; i++) {
                    MetricEvent event = TestEvents.fullMetric(i);
                    assertThat(deserializer.deserialize(topic, serializer.serialize(topic, event))).isEqualTo(event);
                }
            });
            assertThatThrownBy(() -> alerts.deserialize(alertsTopic, alertBytes))
                    .isInstanceOfSatisfying(WriterSchemaUnavailableException.class,
                            e -> assertThat(e.isRecordFault()).isFalse());
        }
    }

    @Test
    void useLatestVersionKeepsTheLastKnownVersionWhileTheRegistryIsDown() throws Exception {
        String topic = kafka.uniqueName("latest");
        try (var direct = new HttpSchemaRegistryClient(SchemaRegistryClientConfig.of(kafka.schemaRegistryUrl()))) {
            direct.register(topic + "-value", MetricEvent.getClassSchema());
        }
        try (TcpProxy proxy = TcpProxy.to(kafka.schemaRegistryUrl());
                var serializer = new AvroSerializer<MetricEvent>();
                var deserializer = new AvroDeserializer<>(MetricEvent.class)) {
            serializer.configure(Map.of("schema.registry.url", proxy.rewrite(kafka.schemaRegistryUrl()),
                    "auto.register.schemas", false, "use.latest.version", true,
                    "latest.cache.ttl.sec", 0, // re-read on every record: the worst case for an outage
                    "http.connect.timeout.ms", 1_000), false);
            deserializer.configure(Map.of("schema.registry.url", kafka.schemaRegistryUrl()), false);
            MetricEvent event = TestEvents.fullMetric(1);
            byte[] before = serializer.serialize(topic, event);
            proxy.close();
            byte[] during = serializer.serialize(topic, event);
            assertThat(during).isEqualTo(before);
            assertThat(deserializer.deserialize(topic, during)).isEqualTo(event);
        }
    }

    @Test
    void oneDeserializerServesManyThreads() throws Exception {
        String topic = kafka.uniqueName("threads");
        Map<String, Object> configs = Map.of("schema.registry.url", kafka.schemaRegistryUrl());
        try (var serializer = new AvroSerializer<MetricEvent>(); var deserializer = new AvroDeserializer<>(MetricEvent.class)) {
            serializer.configure(configs, false);
            deserializer.configure(configs, false);
            List<MetricEvent> events = new ArrayList<>();
            List<byte[]> payloads = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                events.add(i % 2 == 0 ? TestEvents.fullMetric(i) : TestEvents.minimalMetric(i));
                payloads.add(serializer.serialize(topic, events.get(i)));
            }
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<?>> futures = new ArrayList<>();
                for (int t = 0; t < 4; t++) {
                    int offset = t;
                    futures.add(pool.submit(() -> {
                        for (int round = 0; round < 20; round++) {
                            for (int i = 0; i < events.size(); i++) {
                                int n = (i + offset * 50) % events.size();
                                byte[] payload = payloads.get(n);
                                if ((n + round) % 7 == 0) { // interleave failures: they must not poison the thread
                                    byte[] truncated = Arrays.copyOf(payload, payload.length - 1);
                                    assertThatThrownBy(() -> deserializer.deserialize(topic, truncated))
                                            .isInstanceOf(TruncatedAvroException.class);
                                }
                                assertThat(deserializer.deserialize(topic, payload)).isEqualTo(events.get(n));
                            }
                        }
                    }));
                }
                for (Future<?> future : futures) {
                    future.get();
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }
}
