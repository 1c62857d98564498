package dev.agentwatch.cli.e2e;

import dev.agentwatch.localcluster.junit.LocalKafka;
import dev.agentwatch.localcluster.junit.WithLocalKafka;
import dev.agentwatch.schema.AlertEvent;
import dev.agentwatch.schema.AlertStatus;
import dev.agentwatch.schema.MetricEvent;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

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
            assertThat(p.metrics()).contains("agentwatch_rule_version " + version);
            // and it stays one alert while the condition holds
            assertThat(alerts.poll(Duration.ofSeconds(12))).isEmpty();
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

    private static long versionIn(String output) {
        Matcher m = Pattern.compile("rule_version (-?\\d+)").matcher(output);
        assertThat(m.find()).as(output).isTrue();
        return Long.parseLong(m.group(1));
    }
}
