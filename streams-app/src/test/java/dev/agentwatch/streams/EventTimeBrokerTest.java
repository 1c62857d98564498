package dev.agentwatch.streams;

import dev.agentwatch.localcluster.junit.LocalKafka;
import dev.agentwatch.localcluster.junit.WithLocalKafka;
import dev.agentwatch.schema.AlertEvent;
import dev.agentwatch.schema.AlertStatus;
import dev.agentwatch.schema.MetricEvent;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Event time on the real broker, with events stamped by the wall clock as producers stamp them. A producer cut
 * off for ten minutes (its buffered events stamped over those minutes, sent in order when it is back, while its
 * partition-mates kept event time at the present) loses none of them and its alert fires; so does one whose whole
 * partition went idle and followed the wall clock. One event stamped 23 hours ahead among 1,000 a second makes no
 * later event late and resolves no open alert.
 */
@WithLocalKafka
class EventTimeBrokerTest {

    private static final long SECOND = 1_000;
    private static final long MINUTE = 60 * SECOND;
    private final LocalKafka kafka;
    private int seq;

    EventTimeBrokerTest(LocalKafka kafka) {
        this.kafka = kafka;
    }

    @Test
    void aProducerCutOffForTenMinutesLosesNothingOfItsBacklogAndItsAlertFires() throws Exception {
        StreamsSettings settings = TestSettings.of(kafka.bootstrapServers(), kafka.schemaRegistryUrl(),
                kafka.uniqueName("backlog"), TestSettings.prices());
        try (BrokerHarness app = new BrokerHarness(kafka, settings).start()) {
            app.apply(DriverHarness.TIMEOUT_RULE);
            long sent = live(app, List.of("live-0", "live-1", "live-2", "live-3"), 10 * SECOND, null);
            // What the cut-off producer buffered: its 4 agents, 2 calls a second each over the last 10 minutes,
            // "cut-0" slow for the last 5; sent in order, as fast as the producer goes.
            long end = System.currentTimeMillis();
            for (long t = end - 10 * MINUTE; t < end; t += 500) {
                for (int i = 0; i < 4; i++) {
                    boolean slow = i == 0 && t >= end - 5 * MINUTE;
                    app.send(event("cut-" + i, t, slow ? 40_000.0 : 1_000.0));
                    sent++;
                }
            }
            sent += live(app, List.of("live-0", "live-1", "live-2", "live-3", "cut-0", "cut-1", "cut-2", "cut-3"),
                    15 * SECOND, "cut-0");
            app.awaitAccounted(sent, Duration.ofSeconds(60));
            BrokerHarness.await(() -> !app.alerts().isEmpty(), Duration.ofSeconds(30));

            assertThat(app.deadLetterReasons()).as("zero events late").isEmpty();
            assertThat(app.fixture.counters.acceptedCount()).isEqualTo(sent);
            assertThat(app.alerts()).extracting(AlertEvent::getAgentId, AlertEvent::getStatus)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("cut-0", AlertStatus.FIRING));
            assertThat(app.threadFailures.get()).isZero();
        }
    }

    @Test
    void aProducerBackAfterItsWholePartitionWentIdleLosesNothing() throws Exception {
        // idle_advance_after 5 s: after it, event time follows the wall clock, and a 45 s backlog was late.
        StreamsSettings settings = TestSettings.of(kafka.bootstrapServers(), kafka.schemaRegistryUrl(),
                kafka.uniqueName("idle-backlog"), TestSettings.prices(), Duration.ofSeconds(5));
        try (BrokerHarness app = new BrokerHarness(kafka, settings).start()) {
            long sent = live(app, List.of("a", "b"), 5 * SECOND, null);
            long cutAt = System.currentTimeMillis();
            Thread.sleep(45 * SECOND); // nothing arrives: the partitions go idle and follow the wall clock
            long back = System.currentTimeMillis();
            for (long t = cutAt; t < back; t += 100) {
                app.send(event("a", t, 1_000.0));
                app.send(event("b", t, 1_000.0));
                sent += 2;
            }
            sent += live(app, List.of("a", "b"), 5 * SECOND, null);
            app.awaitAccounted(sent, Duration.ofSeconds(60));

            assertThat(app.deadLetterReasons()).as("zero events late").isEmpty();
            assertThat(app.fixture.counters.acceptedCount()).isEqualTo(sent);
        }
    }

    @Test
    void oneEventStampedADayAheadMakesNoLaterEventLateAndResolvesNothing() throws Exception {
        StreamsSettings settings = TestSettings.of(kafka.bootstrapServers(), kafka.schemaRegistryUrl(),
                kafka.uniqueName("far-future"), TestSettings.prices());
        try (BrokerHarness app = new BrokerHarness(kafka, settings).start()) {
            app.apply(DriverHarness.TIMEOUT_RULE);
            List<String> agents = new java.util.ArrayList<>();
            for (int i = 0; i < 50; i++) {
                agents.add("agent-" + i);
            }
            long sent = live(app, agents, 20 * SECOND, "agent-0"); // 1,000 events a second, agent-0 slow
            BrokerHarness.await(() -> !app.alerts().isEmpty(), Duration.ofSeconds(40));
            app.send(event("agent-7", System.currentTimeMillis() + 23 * 60 * MINUTE, 1_000.0)); // a clock a day fast
            sent++;
            long after = live(app, agents, 20 * SECOND, "agent-0");
            sent += after;
            app.awaitAccounted(sent, Duration.ofSeconds(60));
            Thread.sleep(2 * SECOND);

            long late = app.deadLetterReasons().stream().filter("late"::equals).count();
            assertThat(late).as("late among %d later events", after).isLessThanOrEqualTo(after / 1000);
            assertThat(app.alerts()).extracting(AlertEvent::getStatus).as("no spurious RESOLVED")
                    .containsExactly(AlertStatus.FIRING);
            assertThat(app.fixture.counters.acceptedCount()).isEqualTo(sent);
        }
    }

    /** Events stamped now, 1,000 a second spread over the agents, for {@code length}; returns how many. */
    private long live(BrokerHarness app, List<String> agents, long length, String slowAgent) throws InterruptedException {
        long n = 0;
        long end = System.currentTimeMillis() + length;
        while (System.currentTimeMillis() < end) {
            long t = System.currentTimeMillis();
            for (int k = 0; k < 10; k++) {
                String agent = agents.get((int) ((n + k) % agents.size()));
                app.send(event(agent, t, agent.equals(slowAgent) ? 40_000.0 : 1_000.0));
            }
            n += 10;
            Thread.sleep(10);
        }
        app.flush();
        return n;
    }

    private MetricEvent event(String agent, long ts, double latencyMs) {
        return MetricEvent.newBuilder().setEventId("e-" + seq++).setAgentId(agent).setTimestamp(Instant.ofEpochMilli(ts))
                .setSuccess(true).setTokensIn(100L).setTokensOut(20L).setLatencyMs(latencyMs).build();
    }
}
