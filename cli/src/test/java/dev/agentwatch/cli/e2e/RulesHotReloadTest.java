package dev.agentwatch.cli.e2e;

import dev.agentwatch.localcluster.junit.LocalKafka;
import dev.agentwatch.localcluster.junit.WithLocalKafka;
import dev.agentwatch.localcluster.prometheus.ExposedSeries;
import dev.agentwatch.localcluster.prometheus.Exposition;
import dev.agentwatch.localcluster.prometheus.ExpositionParser;
import dev.agentwatch.schema.AlertEvent;
import dev.agentwatch.schema.AlertStatus;
import dev.agentwatch.schema.MetricEvent;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hot reload through the real broker, as an operator does it: `agentwatch rules apply` while events flow to a
 * running streams app; the alerts follow the new rule within one evaluation interval, with its rule_version.
 * An invalid file exits non-zero with line/column errors and changes nothing.
 */
@WithLocalKafka
class RulesHotReloadTest {

    private static final String SEED = """
            - alert: AgentTimeout
              condition: latency_p95 > 30000ms
              severity: CRITICAL
            """;

    @Test
    void aTighterThresholdAppliedWhileEventsFlowTakesEffectWithinOneEvaluationInterval(LocalKafka kafka) throws Exception {
        Processes p = new Processes(kafka, "reload");
        Process app = p.startStreamsApp("streams.log");
        AtomicBoolean running = new AtomicBoolean(true);
        Thread traffic = new Thread(() -> send(kafka, p, running), "traffic");
        p.awaitHealthy(app, Duration.ofMinutes(2)); // it creates the product's topics first
        Processes.Result seed = p.cli("rules", "apply", p.file("seed.yaml", SEED).toString());
        assertThat(seed.exitCode()).as(seed.output()).isZero();
        try (Alerts alerts = new Alerts(kafka.bootstrapServers(), kafka.schemaRegistryUrl(), p.topic("alerts"))) {
            traffic.start();
            // p95 of 20 s: under the seed's 30 s for a while (two evaluations at least)
            assertThat(alerts.poll(Duration.ofSeconds(25))).isEmpty();

            Processes.Result bad = p.cli("rules", "apply", p.file("bad.yaml", SEED.replace("latency_p95", "latency_p59")).toString());
            assertThat(bad.exitCode()).isEqualTo(1);
            assertThat(bad.output()).contains("bad.yaml:2:14: unknown metric 'latency_p59'").contains("nothing was applied");

            String tighter = SEED.replace("30000ms", "15000ms");
            Processes.Result applied = p.cli("rules", "apply", p.file("tighter.yaml", tighter).toString());
            long appliedAt = System.currentTimeMillis();
            assertThat(applied.exitCode()).as(applied.output()).isZero();
            long version = versionIn(applied.output());

            List<AlertEvent> fired = alerts.awaitTotal(1, Duration.ofSeconds(30));
            long seenAt = System.currentTimeMillis();
            assertThat(fired).hasSize(1);
            AlertEvent a = fired.get(0);
            System.out.printf("hot reload: applied -> evaluated_at %d ms, applied -> FIRING read %d ms%n",
                    a.getEvaluatedAt().toEpochMilli() - appliedAt, seenAt - appliedAt);
            assertThat(a.getStatus()).isEqualTo(AlertStatus.FIRING);
            assertThat(a.getThreshold()).isEqualTo(15_000.0);
            assertThat(a.getRuleVersion()).isEqualTo(version);
            // within one evaluation interval (10 s) of the apply, plus the commit that makes it visible
            assertThat(a.getEvaluatedAt().toEpochMilli() - appliedAt).isLessThanOrEqualTo(10_000L);
            assertThat(seenAt - appliedAt).isLessThanOrEqualTo(12_000L);
            // and it stays one alert while the condition holds
            assertThat(alerts.poll(Duration.ofSeconds(12))).isEmpty();

            sendGarbage(kafka, p);
            Exposition m = awaitScrape(p, s -> s.value("agentwatch_events_dead_lettered_total", "reason", "bad-magic-byte") == 1);
            assertScrape(m, version, p.topic("metrics"));
        } finally {
            running.set(false);
            traffic.join(10_000);
            app.destroy();
            app.waitFor();
        }
    }

    /** One agent, 20 events/s stamped now, every call taking 20 s. */
    private static void send(LocalKafka kafka, Processes p, AtomicBoolean running) {
        try (KafkaProducer<String, MetricEvent> producer = Alerts.producer(kafka.bootstrapServers(), kafka.schemaRegistryUrl())) {
            int n = 0;
            while (running.get()) {
                MetricEvent e = MetricEvent.newBuilder().setEventId("e" + n++).setAgentId("slow-agent").setTimestamp(Instant.now())
                        .setSuccess(true).setLatencyMs(20_000.0).setTraceId("t" + n).build();
                producer.send(new ProducerRecord<>(p.topic("metrics"), e.getAgentId(), e));
                Thread.sleep(50);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The running app's /metrics through a real Prometheus text parser: every series the README and the dashboard
     * rely on, with the labels and values this run must show.
     */
    private static void assertScrape(Exposition m, long version, String metricsTopic) {
        assertThat(m.untyped()).as("every family has its # TYPE").isEmpty();
        assertThat(m.sampleNames()).containsAll(ExposedSeries.STREAMS_APP);
        assertThat(m.value("agentwatch_rule_version")).as("the float Prometheus keeps of %d", version).isEqualTo((double) version);
        assertThat(m.value("agentwatch_events_accepted_total")).isGreaterThan(400);
        assertThat(m.value("agentwatch_agents")).isEqualTo(1);
        assertThat(m.value("agentwatch_streams_running")).isEqualTo(1);
        assertThat(m.value("agentwatch_streams_state", "state", "RUNNING")).isEqualTo(1);
        assertThat(m.value("agentwatch_stream_thread_failures_total")).isZero();
        assertThat(m.value("agentwatch_alerts", "rule", "AgentTimeout", "state", "FIRING")).isEqualTo(1);
        assertThat(m.value("agentwatch_alert_transitions_total", "rule", "AgentTimeout", "status", "FIRING")).isEqualTo(1);
        assertThat(m.value("agentwatch_rule_evaluation_seconds_count")).isGreaterThan(3);
        // Kafka Streams' own, per thread, and its consumer's lag per partition of the metrics topic
        assertThat(m.sample("kafka_stream_thread_process_rate").orElseThrow().labels()).containsKey("thread_id");
        assertThat(m.samples("kafka_consumer_fetch_manager_records_lag_max")).anySatisfy(s ->
                assertThat(s.labels()).containsEntry("topic", metricsTopic).containsKey("partition"));
        assertThat(m.samples("jvm_memory_used_bytes").stream().filter(x -> "heap".equals(x.labels().get("area")))
                .mapToDouble(Exposition.Sample::value).sum()).isPositive();
    }

    /** One record that is not our wire format, for the dead-letter counter. */
    private static void sendGarbage(LocalKafka kafka, Processes p) throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(java.util.Map.of(
                org.apache.kafka.clients.producer.ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(p.topic("metrics"), "slow-agent".getBytes(StandardCharsets.UTF_8),
                    "{\"agent_id\":\"slow-agent\"}".getBytes(StandardCharsets.UTF_8))).get();
        }
    }

    /** Scrapes until {@code ready} holds (the app counts what it was sent), at most 30 s. */
    private static Exposition awaitScrape(Processes p, java.util.function.Predicate<Exposition> ready) throws Exception {
        long deadline = System.currentTimeMillis() + 30_000;
        Exposition m = ExpositionParser.parse(p.metrics());
        while (!ready.test(m) && System.currentTimeMillis() < deadline) {
            Thread.sleep(500);
            m = ExpositionParser.parse(p.metrics());
        }
        return m;
    }

    private static long versionIn(String output) {
        Matcher m = Pattern.compile("rule_version (-?\\d+)").matcher(output);
        assertThat(m.find()).as(output).isTrue();
        return Long.parseLong(m.group(1));
    }
}
