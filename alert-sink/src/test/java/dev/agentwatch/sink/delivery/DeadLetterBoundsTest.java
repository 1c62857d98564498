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
 * What a queue does with a notification that must be parked, whatever the dead-letter topic answers, as the
 * broker-level tests (DeadLetterFitTest, DeadLetterOutageBrokerTest) show {@code KafkaParkingLot} answers:
 * PagerDuty refuses the events (400), and the topic stores them, does not take them for a while, or refuses them
 * as records. Only the last is given up; nothing else ever lets the offset move without the alert being stored.
 */
class DeadLetterBoundsTest {

    @RegisterExtension
    final StubServer wm = new StubServer();

    private EngineHarness harness(String delivery) {
        wm.answer(PagerDutyConfig.PATH, 400, "{\"status\":\"invalid event\"}");
        // One flush per group: a refused notification is told again at its group's next flush; these follow one.
        String yaml = """
                route:
                  receiver: oncall
                  group_by: ['...']
                  group_wait: 0s
                  group_interval: 1000h
                  repeat_interval: 1000h
                """ + PagerDutyConfig.receivers(wm.baseUrl()) + """
                delivery:
                """ + delivery.indent(2);
        return new EngineHarness(yaml, PagerDutyConfig.env());
    }

    private static long count(RecordingListener l, String kind) {
        return l.events.stream().filter(e -> e.kind().equals(kind)).count();
    }

    @Test
    void aDeadLetterTopicThatDoesNotTakeRecordsHoldsTheNotificationHoweverLong() {
        EngineHarness h = harness("max_backoff: 1m");
        h.parking.hold();
        h.accept(Alerts.firing("fp-1", "AgentTimeout", "agent-1", "CRITICAL", T0));
        h.runFor(Duration.ofHours(30)); // longer than any bound the sink has (dead_letter_give_up_after was 1 h)
        assertThat(h.allDone()).as("the offset stays held").isFalse();
        assertThat(h.engine.queues().get(0).parkingBacklog()).isEqualTo(1);
        assertThat(count(h.listener, "abandoned")).isZero();
        assertThat(h.parking.writes).as("handed over once: the lot retries, not the queue").isEqualTo(1);

        h.parking.takeAgain();
        h.runFor(Duration.ofSeconds(1));
        assertThat(h.parking.parked).extracting(RecordingParkingLot.Parked::fingerprint).containsExactly("fp-1");
        assertThat(h.allDone()).isTrue();
        assertThat(h.engine.queues().get(0).parkingBacklog()).isZero();
        assertThat(h.metrics.scrape())
                .contains("agentwatch_sink_deliveries_total{integration=\"oncall/pagerduty[0]\",outcome=\"parked\",receiver=\"oncall\"} 1.0")
                .doesNotContain("outcome=\"abandoned\"");
    }

    @Test
    void anAlertRefusedAsARecordIsGivenUpAtOnceAndCounted() {
        EngineHarness h = harness("max_backoff: 1m");
        h.parking.refuse("RecordTooLargeException: too large; without its value: RecordTooLargeException: too large");
        h.accept(Alerts.firing("fp-1", "AgentTimeout", "agent-1", "CRITICAL", T0));
        h.runFor(Duration.ofMinutes(5));
        assertThat(h.parking.writes).isEqualTo(1);
        assertThat(h.allDone()).isTrue();
        assertThat(count(h.listener, "abandoned")).isEqualTo(1);
        assertThat(h.metrics.scrape())
                .contains("agentwatch_sink_deliveries_total{integration=\"oncall/pagerduty[0]\",outcome=\"abandoned\",receiver=\"oncall\"} 1.0");
    }

    @Test
    void whenParkingCannotKeepUpTheEngineSaysReadingMustPauseAndResumesOnceItCan() {
        EngineHarness h = harness("max_queued: 3");
        h.parking.hold();
        for (int i = 0; i < 3; i++) {
            h.accept(Alerts.firing("fp-" + i, "AgentTimeout", "agent-" + i, "CRITICAL", T0));
        }
        h.runFor(Duration.ofSeconds(1));
        assertThat(h.engine.deadLetterBacklogFull()).isTrue();

        h.parking.takeAgain();
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
