package dev.agentwatch.streams;

import dev.agentwatch.topics.DeadLetterHeaders;
import dev.agentwatch.ingest.DeadLetterRecord;
import dev.agentwatch.schema.MetricEvent;
import dev.agentwatch.streams.agents.AgentAdmission;
import dev.agentwatch.window.WindowEngine;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Records that used to stop a partition: each is dead-lettered with its reason, the dead letter fits the
 * producer's record size, and every good record around it counts. Also duplicates (counted once) and the cap
 * on agents per instance.
 */
class PoisonRecordsTopologyTest {

    private static final long T0 = 1_704_067_200_000L;
    private DriverHarness h;

    @AfterEach
    void stop() {
        if (h != null) {
            h.close();
        }
    }

    private void start(WindowEngine.TickListener ticks, AgentAdmission admission) {
        h = new DriverHarness("poison", T0, ticks, admission);
    }

    @Test
    void recordsThatKilledTheStreamThreadAreDeadLetteredAndTheirNeighboursCount() {
        start((b, c) -> { }, AgentAdmission.unlimited());
        int good = 0;
        good += steady("a", T0, 5);
        // sample_rate 1e-320 passed validation and made the weight 1/rate infinite.
        h.send(h.event("a", T0 + 5_000).setSampleRate(1e-320));
        good += steady("a", T0 + 6_000, 5);
        // A 600 KB key: its dead letter (key, and the key again in the detail) exceeded the 1 MB producer limit.
        byte[] hugeKey = "k".repeat(600_000).getBytes(StandardCharsets.UTF_8);
        h.sendRaw(hugeKey, h.encode(h.event("a", T0 + 11_000).build()));
        good += steady("a", T0 + 12_000, 5);
        // Two 600 KB event ids in one slice made the slice's changelog record exceed it.
        h.send(h.event("a", T0 + 17_000).setEventId("x".repeat(600_000)));
        h.send(h.event("a", T0 + 17_500).setEventId("y".repeat(600_000)));
        // A 100 KB event id fits the record limit and is refused by the field's.
        h.send(h.event("a", T0 + 18_000).setEventId("z".repeat(100_000)));
        good += steady("a", T0 + 19_000, 5);

        var dead = h.dlq.readRecordsToList();
        assertThat(dead).extracting(r -> DeadLetterHeaders.text(r.headers(), DeadLetterHeaders.REASON))
                .containsExactly("invalid-sample-rate", "record-too-large", "record-too-large", "record-too-large",
                        "field-too-long");
        for (TestRecord<byte[], byte[]> r : dead) {
            long size = (r.key() == null ? 0 : r.key().length) + (r.value() == null ? 0 : r.value().length);
            assertThat(size).as("dead letter fits the producer's record size").isLessThanOrEqualTo(DeadLetterRecord.BUDGET_BYTES);
            assertThat(DeadLetterHeaders.text(r.headers(), DeadLetterHeaders.DETAIL)).hasSizeLessThan(1_200);
        }
        assertThat(dead.get(1).key()).hasSize(1024);
        assertThat(DeadLetterHeaders.text(dead.get(1).headers(), DeadLetterHeaders.TRUNCATED)).contains("key of 600000 bytes");
        assertThat(dead.get(2).value()).hasSizeLessThanOrEqualTo(DeadLetterRecord.BUDGET_BYTES);
        assertThat(h.fixture.counters.truncatedDeadLetterCount()).isEqualTo(3);
        assertThat(h.fixture.counters.acceptedCount()).isEqualTo(good);
        h.driver.advanceWallClockTime(Duration.ofSeconds(1));
        assertThat(h.countedInSlices()).isEqualTo(good);
    }

    @Test
    void aRecordWhoseProcessingThrowsIsDeadLetteredAndTheNextOnesCount() {
        AtomicInteger failuresLeft = new AtomicInteger(1);
        start((boundary, changed) -> {
            if (failuresLeft.getAndDecrement() > 0) {
                throw new IllegalStateException("a bug met at a slice boundary");
            }
        }, AgentAdmission.unlimited());
        int good = steady("a", T0, 9);
        h.send(h.event("a", T0 + 10_000)); // opens the next slice: the tick, and the bug
        good += steady("a", T0 + 11_000, 30);

        assertThat(h.deadLetterReasons()).containsExactly("processing-failed");
        assertThat(h.fixture.counters.acceptedCount()).isEqualTo(good);
    }

    @Test
    void aWallClockTickThatThrowsIsSkippedAndCountedAndTheTaskGoesOn() {
        AtomicInteger failuresLeft = new AtomicInteger(0);
        start((boundary, changed) -> {
            if (failuresLeft.getAndDecrement() > 0) {
                throw new IllegalStateException("a bug met on the wall clock");
            }
        }, AgentAdmission.unlimited());
        int good = steady("a", T0, 15);
        failuresLeft.set(1);
        h.advanceWallClock(120_000); // idle: event time follows the wall clock, a tick, and the bug
        assertThat(h.fixture.counters.processingFailureCount()).isEqualTo(1);
        good += steady("a", T0 + 200_000, 15);
        assertThat(h.fixture.counters.acceptedCount()).isEqualTo(good);
        assertThat(h.deadLetterReasons()).isEmpty();
    }

    @Test
    void aRetriedEventCountsOnceAndOtherAgentsKeepTheirOwnIds() {
        start((b, c) -> { }, AgentAdmission.unlimited());
        MetricEvent original = h.event("a", T0 + 1_000).setEventId("retried").build();
        for (int i = 0; i < 3; i++) {
            h.send(MetricEvent.newBuilder(original));
        }
        h.send(MetricEvent.newBuilder(original).setAgentId("b")); // another agent's id space
        steady("a", T0 + 2_000, 5);

        assertThat(h.fixture.counters.duplicateCount()).isEqualTo(2);
        assertThat(h.fixture.counters.acceptedCount()).isEqualTo(2 + 5);
        assertThat(h.deadLetterReasons()).isEmpty();
        // Still recognised nine minutes on, within the 10 minute de-duplication window.
        steady("a", T0 + 3_000, 540);
        h.send(MetricEvent.newBuilder(original));
        assertThat(h.fixture.counters.duplicateCount()).isEqualTo(3);
        // A producer clock 20 s fast: its event, and the retry that arrives 25 s later, count at their timestamp,
        // so they meet in one slice (were the first counted at its arrival, they would not).
        MetricEvent fast = h.event("c", h.wallMs() + 20_000).setEventId("fast").build();
        h.sendNow(MetricEvent.newBuilder(fast));
        h.advanceWallClock(25_000);
        h.sendNow(MetricEvent.newBuilder(fast));
        assertThat(h.fixture.counters.duplicateCount()).isEqualTo(4);
    }

    @Test
    void eventsOfNewAgentsBeyondTheCapAreDeadLetteredAndKnownAgentsStillCount() {
        AgentAdmission cap = new AgentAdmission(3);
        start((b, c) -> { }, cap);
        int good = 0;
        for (String agent : List.of("a", "b", "c")) {
            good += steady(agent, T0, 2);
        }
        h.send(h.event("d", T0 + 3_000));
        h.send(h.event("e", T0 + 3_000));
        good += steady("a", T0 + 4_000, 3);

        assertThat(h.deadLetterReasons()).containsExactly("agent-limit", "agent-limit");
        assertThat(cap.agents()).isEqualTo(3);
        assertThat(h.fixture.counters.acceptedCount()).isEqualTo(good);
    }

    private int steady(String agent, long from, int seconds) {
        for (int i = 0; i < seconds; i++) {
            h.send(h.event(agent, from + i * 1_000L));
        }
        return seconds;
    }
}
