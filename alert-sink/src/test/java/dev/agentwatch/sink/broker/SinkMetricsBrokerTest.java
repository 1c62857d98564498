package dev.agentwatch.sink.broker;

import dev.agentwatch.localcluster.junit.LocalKafka;
import dev.agentwatch.localcluster.junit.WithLocalKafka;
import dev.agentwatch.localcluster.prometheus.ExposedSeries;
import dev.agentwatch.localcluster.prometheus.Exposition;
import dev.agentwatch.localcluster.prometheus.ExpositionParser;
import dev.agentwatch.sink.testing.Alerts;
import dev.agentwatch.sink.testing.StubServer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The running sink's {@code GET /metrics} through a real Prometheus text parser, after one alert went to two
 * webhooks (one answers 503 once and then takes it, the other refuses it, at every flush) and one unreadable record was read:
 * deliveries by receiver and outcome, retries, parked notifications and records, queue depth, notification latency,
 * the consumer's Kafka metrics and the JVM's. And {@code GET /health} answers UP.
 */
@WithLocalKafka
class SinkMetricsBrokerTest {

    private static final String FLAKY = "/flaky";
    private static final String REFUSING = "/refusing";

    @RegisterExtension
    final StubServer wm = new StubServer();

    @Test
    void metricsParseAsPrometheusTextAndCarryEverySinkSeries(LocalKafka kafka) throws Exception {
        wm.answerInTurn(FLAKY, aResponse().withStatus(503), aResponse().withStatus(200));
        wm.answer(REFUSING, 400, "no");
        try (BrokerFixture f = new BrokerFixture(kafka, 1)) {
            String yaml = """
                    route: {receiver: hooks, group_wait: 0s, group_interval: 1s}
                    receivers:
                      - name: hooks
                        webhook_configs:
                          - url_env: FLAKY_URL
                          - url_env: REFUSING_URL
                    consumer: {group_id: %s, session_timeout: 6s}
                    delivery: {initial_backoff: 100ms, max_backoff: 1s}
                    """.formatted(f.prefix + "-group");
            Map<String, String> env = Map.of("FLAKY_URL", wm.baseUrl() + FLAKY, "REFUSING_URL", wm.baseUrl() + REFUSING);
            try (RunningSink s = new RunningSink(f, yaml, env)) {
                int port = s.sink.httpPort();
                try (KafkaProducer<String, byte[]> p = f.producer(null)) {
                    p.send(new ProducerRecord<>(f.topics.alerts(), "junk", "not avro".getBytes(StandardCharsets.UTF_8))).get();
                }
                f.send(List.of(Alerts.firing("fp-1", "AgentTimeout", "agent-1", "CRITICAL", Instant.now())));
                System.gc(); // so that the GC pause timer exists, whatever the heap did so far
                Exposition m = await(port, e -> e.value("agentwatch_sink_deliveries_total", "integration", "hooks/webhook[0]",
                        "outcome", "delivered") == 1
                        && e.value("agentwatch_sink_deliveries_total", "integration", "hooks/webhook[1]", "outcome", "parked") >= 1
                        && e.sampleNames().contains("jvm_gc_pause_seconds_count")
                        && e.sampleNames().contains("kafka_consumer_fetch_manager_records_lag_max"));

                assertThat(m.untyped()).as("every family has its # TYPE").isEmpty();
                assertThat(m.sampleNames()).containsAll(ExposedSeries.ALERT_SINK);
                assertThat(m.sample("agentwatch_sink_deliveries_total", "outcome", "delivered").orElseThrow().labels())
                        .containsEntry("receiver", "hooks").containsEntry("integration", "hooks/webhook[0]");
                assertThat(m.value("agentwatch_sink_retries_total", "integration", "hooks/webhook[0]", "cause", "http-503")).isEqualTo(1);
                // Only a delivered notification counts as told: the refused one is told (and parked) again at each flush.
                assertThat(m.value("agentwatch_sink_notifications_parked_total", "integration", "hooks/webhook[1]", "reason", "http-400"))
                        .isGreaterThanOrEqualTo(1);
                assertThat(m.value("agentwatch_sink_records_parked_total", "reason", "bad-magic-byte")).isEqualTo(1);
                assertThat(m.value("agentwatch_sink_queue_notifications", "integration", "hooks/webhook[0]")).isZero();
                assertThat(m.value("agentwatch_sink_queue_capacity", "integration", "hooks/webhook[0]")).isEqualTo(10_000);
                // delivered after one retry, which waits at least the 1 s floor
                assertThat(m.value("agentwatch_sink_notification_latency_seconds_count", "integration", "hooks/webhook[0]")).isEqualTo(1);
                assertThat(m.value("agentwatch_sink_notification_latency_seconds_sum", "integration", "hooks/webhook[0]"))
                        .isBetween(1.0, 30.0);
                assertThat(m.value("agentwatch_sink_notification_latency_seconds_bucket", "integration", "hooks/webhook[0]", "le", "+Inf"))
                        .isEqualTo(1);
                assertThat(m.familyOf("agentwatch_sink_notification_latency_seconds_bucket").orElseThrow().type()).isEqualTo("histogram");
                // the consumer's, per client at first and per partition once the binder's refresh saw the assignment
                assertThat(m.samples("kafka_consumer_fetch_manager_records_lag_max"))
                        .allSatisfy(l -> assertThat(l.labels().get("client_id")).startsWith("consumer-" + f.prefix + "-group"));

                HttpGet.Answer health = HttpGet.get(port, "/health");
                assertThat(health.status()).isEqualTo(200);
                assertThat(health.body()).isEqualTo("{\"status\":\"UP\"}");
            }
        }
    }

    /** Scrapes until {@code ready} holds, at most 60 s (the Kafka binder looks for new metrics every 10 s). */
    private static Exposition await(int port, java.util.function.Predicate<Exposition> ready) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 60_000;
        Exposition m = ExpositionParser.parse(HttpGet.get(port, "/metrics").body());
        while (!ready.test(m) && System.currentTimeMillis() < deadline) {
            Thread.sleep(250);
            m = ExpositionParser.parse(HttpGet.get(port, "/metrics").body());
        }
        return m;
    }
}
