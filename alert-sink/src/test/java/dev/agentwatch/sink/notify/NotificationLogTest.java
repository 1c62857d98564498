package dev.agentwatch.sink.notify;

import dev.agentwatch.schema.AlertEvent;
import dev.agentwatch.sink.delivery.Receipt;
import dev.agentwatch.sink.grouping.GroupSnapshot;
import dev.agentwatch.sink.matching.Matchers;
import dev.agentwatch.sink.model.AlertLabels;
import dev.agentwatch.sink.model.GroupKey;
import dev.agentwatch.sink.model.Notification;
import dev.agentwatch.sink.model.NotifiedAlert;
import dev.agentwatch.sink.model.SourceRecord;
import dev.agentwatch.sink.routing.Route;
import dev.agentwatch.sink.routing.RouteTimings;
import dev.agentwatch.sink.testing.Alerts;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.agentwatch.sink.testing.EngineHarness.T0;
import static org.assertj.core.api.Assertions.assertThat;

/** The notification log alone: what counts as told is what the queues delivered, whatever was queued. */
class NotificationLogTest {

    private static final Route ROUTE = new Route("0", Matchers.ANY, "oncall", Set.of(),
            new RouteTimings(Duration.ZERO, Duration.ofMinutes(5), Duration.ofHours(4)), false, List.of());
    private static final String PD = "oncall/pagerduty[0]";

    private static final class Settable implements Receipt {
        State state = State.PENDING;

        @Override
        public State state() {
            return state;
        }
    }

    private final NotificationLog log = new NotificationLog();
    private final AlertEvent a = Alerts.firing("fp-a", "AgentTimeout", "agent-1", "CRITICAL", T0);
    private final AlertEvent b = Alerts.firing("fp-b", "AgentTimeout", "agent-2", "CRITICAL", T0);

    @Test
    void whatIsOnItsWayIsNotToldAgainAndWhatIsDeliveredStaysTold() {
        Settable receipt = queueWhole(flush(T0, a));
        assertThat(log.decide(PD, true, flush(T0.plusSeconds(300), a), T0.plusSeconds(300))).as("on its way").isEmpty();
        receipt.state = Receipt.State.DELIVERED;
        assertThat(log.decide(PD, true, flush(T0.plusSeconds(600), a), T0.plusSeconds(600))).as("told").isEmpty();
    }

    @Test
    void whatWasNotDeliveredIsToldAgainAtTheNextFlush() {
        queueWhole(flush(T0, a)).state = Receipt.State.UNDELIVERED;
        assertThat(log.decide(PD, true, flush(T0.plusSeconds(300), a), T0.plusSeconds(300))).isPresent();
    }

    @Test
    void ofANotificationSentInPartsWhatTheDeliveredPartsCarriedIsTold() {
        Notification n = log.decide(PD, true, flush(T0, a, b), T0).orElseThrow();
        Settable partA = new Settable();
        Settable partB = new Settable();
        log.queued(PD, n, List.of(new NotificationLog.QueuedPart(n.withAlerts(List.of(n.alerts().get(0))), partA),
                new NotificationLog.QueuedPart(n.withAlerts(List.of(n.alerts().get(1))), partB)));
        partA.state = Receipt.State.DELIVERED;
        assertThat(log.decide(PD, true, flush(T0.plusSeconds(300), a, b), T0.plusSeconds(300))).as("b is still on its way").isEmpty();

        partB.state = Receipt.State.UNDELIVERED;
        assertThat(log.decide(PD, true, flush(T0.plusSeconds(600), a, b), T0.plusSeconds(600))).as("b was parked").isPresent();
    }

    private Settable queueWhole(GroupSnapshot s) {
        Notification n = log.decide(PD, true, s, s.at()).orElseThrow();
        Settable receipt = new Settable();
        log.queued(PD, n, List.of(new NotificationLog.QueuedPart(n, receipt)));
        return receipt;
    }

    private static GroupSnapshot flush(Instant at, AlertEvent... events) {
        List<NotifiedAlert> alerts = Arrays.stream(events)
                .map(e -> new NotifiedAlert(e, AlertLabels.of(e), List.of(), new SourceRecord("alerts", 0, 0))).toList();
        return new GroupSnapshot(GroupKey.of(0, ROUTE.id(), Map.of()), ROUTE, Map.of(), alerts, Set.of(), false, at);
    }
}
