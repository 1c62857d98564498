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
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Exactly once across a crash: the streams app is killed with SIGKILL in the middle of a backlog and started
 * again; the alerts topic, read_committed, holds each expected FIRING and RESOLVED exactly once.
 */
@WithLocalKafka
class ExactlyOnceAlertsTest {

    private static final int AGENTS = 60;
    private static final int MINUTES = 60;

    @Test
    void killDashNineMidStreamLeavesEachAlertExactlyOnce(LocalKafka kafka) throws Exception {
        Processes p = new Processes(kafka, "eos");
        Process first = p.startStreamsApp("streams-1.log");
        p.awaitHealthy(first, Duration.ofMinutes(2));
        Processes.Result rules = p.cli("rules", "apply", p.file("rules.yaml", """
                - alert: AgentTimeout
                  condition: latency_p95 > 30000ms
                  severity: CRITICAL
                """).toString());
        assertThat(rules.exitCode()).as(rules.output()).isZero();
        Thread.sleep(1_000); // the global rules store picks it up before the backlog starts

        // An hour of event time ending 2 h ago: every agent sends one event per second; agent i is slow (40 s calls)
        // for 5 minutes starting at minute 10 + i/3, so each fires once and resolves once.
        long start = System.currentTimeMillis() - 3 * 3_600_000L;
        try (KafkaProducer<String, MetricEvent> producer = Alerts.producer(kafka.bootstrapServers(), kafka.schemaRegistryUrl())) {
            for (int s = 0; s < MINUTES * 60; s++) {
                for (int i = 0; i < AGENTS; i++) {
                    int slowFrom = (10 + i / 3) * 60;
                    boolean slow = s >= slowFrom && s < slowFrom + 300;
                    MetricEvent e = MetricEvent.newBuilder().setEventId(i + "-" + s).setAgentId("agent-" + i)
                            .setTimestamp(Instant.ofEpochMilli(start + s * 1_000L)).setSuccess(true)
                            .setLatencyMs(slow ? 40_000.0 : 1_000.0).build();
                    producer.send(new ProducerRecord<>(p.topic("metrics"), e.getAgentId(), e));
                }
            }
        }
        int expected = 2 * AGENTS;
        try (Alerts alerts = new Alerts(kafka.bootstrapServers(), kafka.schemaRegistryUrl(), p.topic("alerts"))) {
            // Kill once some alerts are committed but not all: mid-stream.
            alerts.awaitTotal(10, Duration.ofMinutes(3));
            int beforeKill = alerts.seen.size();
            first.destroyForcibly(); // SIGKILL: no commit, no close
            first.waitFor();
            System.out.printf("exactly once: killed with %d of %d alerts committed%n", beforeKill, expected);
            assertThat(beforeKill).as("the kill must come mid-stream").isBetween(1, expected - 1);

            Process second = p.startStreamsApp("streams-2.log");
            try {
                alerts.awaitTotal(expected, Duration.ofMinutes(4));
                alerts.poll(Duration.ofSeconds(5)); // anything extra would show up here
            } finally {
                second.destroy();
                second.waitFor();
            }
            List<AlertEvent> all = alerts.seen;
            Map<String, Long> perTransition = all.stream().collect(Collectors.groupingBy(
                    a -> a.getAgentId() + "/" + a.getStatus(), Collectors.counting()));
            assertThat(all).as(p.log("streams-2.log")).hasSize(expected);
            assertThat(perTransition.values()).allMatch(n -> n == 1);
            assertThat(all.stream().filter(a -> a.getStatus() == AlertStatus.FIRING).count()).isEqualTo(AGENTS);
            Map<String, AlertEvent> firing = all.stream().filter(a -> a.getStatus() == AlertStatus.FIRING)
                    .collect(Collectors.toMap(AlertEvent::getFingerprint, Function.identity()));
            for (AlertEvent resolved : all.stream().filter(a -> a.getStatus() == AlertStatus.RESOLVED).toList()) {
                assertThat(firing).containsKey(resolved.getFingerprint());
                assertThat(resolved.getStartsAt()).isEqualTo(firing.get(resolved.getFingerprint()).getStartsAt());
            }
        }
    }
}
