package dev.agentwatch.sink.delivery;

import dev.agentwatch.sink.testing.Alerts;
import dev.agentwatch.sink.testing.EngineHarness;
import dev.agentwatch.sink.testing.PagerDutyConfig;
import dev.agentwatch.sink.testing.RecordingListener;
import dev.agentwatch.sink.testing.RecordingParkingLot;
import dev.agentwatch.sink.testing.StubServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;

import static dev.agentwatch.sink.testing.EngineHarness.T0;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * No dead-letter write is retried forever. PagerDuty refuses the events (400), so they must be parked, while the
 * dead-letter topic fails the way {@code KafkaParkingLot} reports it (see the broker-level DeadLetterFitTest): for
 * a while (retriable), or for good (the producer refuses even the record without its value).
 */
class DeadLetterBoundsTest {

    @RegisterExtension
    final StubServer wm = new StubServer();

    private EngineHarness harness(String delivery) {
        wm.answer(PagerDutyConfig.PATH, 400, "{\"status\":\"invalid event\"}");
        String yaml = """
                route:
                  receiver: oncall
                  group_by: ['...']
                  group_wait: 0s
                """ + PagerDutyConfig.receivers(wm.baseUrl()) + """
                delivery:
                """ + delivery.indent(2);
        return new EngineHarness(yaml, PagerDutyConfig.env());
    }

    private static long count(RecordingListener l, String kind) {
        return l.events.stream().filter(e -> e.kind().equals(kind)).count();
    }

    @Test
    void aDeadLetterTopicThatStaysAwayIsRetriedAtTheFloorOrSlowerThenGivenUpAfterItsBound() {
        EngineHarness h = harness("dead_letter_give_up_after: 10m\nmax_backoff: 1m");
        h.parking.refuse(new ParkingLot.Failure(true, "TimeoutException: Topic not present in metadata after 10000 ms."));
        h.accept(Alerts.firing("fp-1", "AgentTimeout", "agent-1", "CRITICAL", T0));
        h.runFor(Duration.ofMinutes(9));
        int writesIn9Minutes = h.parking.writes;
        assertThat(writesIn9Minutes).as("retried with backoff, not hammered").isBetween(5, 20);
        assertThat(h.allDone()).as("still held while retrying").isFalse();
        assertThat(h.engine.queues().get(0).parkingBacklog()).isEqualTo(1);

        h.runFor(Duration.ofMinutes(5));
        assertThat(h.allDone()).as("given up: the offset moves on").isTrue();
        assertThat(h.engine.queues().get(0).parkingBacklog()).isZero();
        assertThat(count(h.listener, "abandoned")).isEqualTo(1);
        int writes = h.parking.writes;
        h.runFor(Duration.ofHours(2));
        assertThat(h.parking.writes).as("nothing retried after giving up").isEqualTo(writes);
        assertThat(h.metrics.scrape())
                .contains("agentwatch_sink_deliveries_total{integration=\"oncall/pagerduty[0]\",outcome=\"abandoned\",receiver=\"oncall\"} 1.0")
                .contains("agentwatch_sink_retries_total{cause=\"dead-letter\",integration=\"oncall/pagerduty[0]\"} " + (writes - 1) + ".0");
    }

    @Test
    void aWriteRefusedForGoodIsGivenUpAtOnce() {
        EngineHarness h = harness("dead_letter_give_up_after: 1h");
        h.parking.refuse(new ParkingLot.Failure(false, "RecordTooLargeException: too large"));
        h.accept(Alerts.firing("fp-1", "AgentTimeout", "agent-1", "CRITICAL", T0));
        h.runFor(Duration.ofMinutes(5));
        assertThat(h.parking.writes).isEqualTo(1);
        assertThat(h.allDone()).isTrue();
        assertThat(count(h.listener, "abandoned")).isEqualTo(1);
    }

    @Test
    void whenParkingCannotKeepUpTheEngineSaysReadingMustPauseAndResumesOnceItCan() {
        EngineHarness h = harness("max_queued: 3");
        h.parking.refuse(new ParkingLot.Failure(true, "NotEnoughReplicasException"));
        for (int i = 0; i < 3; i++) {
            h.accept(Alerts.firing("fp-" + i, "AgentTimeout", "agent-" + i, "CRITICAL", T0));
        }
        h.runFor(Duration.ofSeconds(1));
        assertThat(h.engine.deadLetterBacklogFull()).isTrue();

        h.parking.refuse(null);
        h.runFor(Duration.ofMinutes(1));
        assertThat(h.engine.deadLetterBacklogFull()).isFalse();
        assertThat(h.parking.parked).hasSize(3);
        assertThat(h.allDone()).isTrue();
    }

    @Test
    void aParkingCallThatThrowsLosesNothingAndHoldsUpNoCommit() {
        EngineHarness h = harness("max_backoff: 1m");
        h.parking.throwOnce(new IllegalStateException("a bug below the queue"));
        h.accept(Alerts.firing("fp-1", "AgentTimeout", "agent-1", "CRITICAL", T0));
        try {
            h.runFor(Duration.ofSeconds(1));
        } catch (IllegalStateException e) {
            // The running sink's DeliveryWorker logs what escapes a pump and pumps again a second later.
        }
        h.runFor(Duration.ofMinutes(1));
        assertThat(h.parking.parked).extracting(RecordingParkingLot.Parked::fingerprint).containsExactly("fp-1");
        assertThat(h.engine.queues().get(0).parkingBacklog()).isZero();
        assertThat(h.allDone()).as("the offset can be committed").isTrue();
    }
}
