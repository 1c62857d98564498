package dev.agentwatch.sink.delivery;

import dev.agentwatch.sink.testing.Alerts;
import dev.agentwatch.sink.testing.EngineHarness;
import dev.agentwatch.sink.testing.PagerDutyConfig;
import dev.agentwatch.sink.testing.RecordingParkingLot;
import dev.agentwatch.sink.testing.StubServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;

import static dev.agentwatch.sink.testing.EngineHarness.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * The worker of a queue whose head waits minutes for its retry still settles a dead-letter batch as soon as the
 * topic has it (its offsets can then be committed), even when the batch finished between the worker's pump and its
 * wait: the wake-up is not lost.
 */
class WorkerWakeTest {

    @RegisterExtension
    final StubServer wm = new StubServer();

    @Test
    void aDeadLetterBatchDoneJustBeforeTheWorkerWaitsEndsTheWaitAtOnce() {
        wm.answer(PagerDutyConfig.PATH, 503, "{\"status\":\"unavailable\"}");
        EngineHarness h = new EngineHarness("""
                route:
                  receiver: oncall
                  group_by: ['...']
                  group_wait: 0s
                """ + PagerDutyConfig.receivers(wm.baseUrl()) + """
                delivery:
                  initial_backoff: 5m
                  max_backoff: 5m
                  max_queued: 1
                """, PagerDutyConfig.env());
        DeliveryQueue q = h.engine.queues().get(0);
        h.parking.hold();
        h.accept(Alerts.firing("fp-1", "AgentTimeout", "agent-1", "CRITICAL", T0));
        h.engine.runDue(); // fp-1 fails (503) and waits minutes for its retry
        h.accept(Alerts.firing("fp-2", "AgentTimeout", "agent-2", "CRITICAL", T0));
        h.engine.pipeline().flushDue(); // one more than max_queued: fp-1 is pushed out, to be parked
        Instant until = q.pump(); // fp-1 handed to the topic, which holds it; fp-2 fails and waits minutes
        assertThat(until).isAfter(T0.plus(Duration.ofMinutes(2)));
        assertThat(q.parkingBacklog()).isEqualTo(1);

        h.parking.takeAgain(); // done on the lot's thread while the worker is between pump and wait
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> q.awaitWork(until));
        q.pump();
        assertThat(q.parkingBacklog()).isZero();
        assertThat(h.parking.parked).extracting(RecordingParkingLot.Parked::fingerprint).containsExactly("fp-1");
    }
}
