package dev.agentwatch.streams;

import dev.agentwatch.schema.AlertEvent;
import dev.agentwatch.schema.AlertStatus;
import dev.agentwatch.streams.agents.AgentAdmission;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Event time against the traffic that broke it: a producer that buffered through an outage and then sends its
 * backlog in order loses none of it, whether its partition-mates moved on or the whole partition was silent
 * (and followed the wall clock); an event stamped a day ahead moves nothing.
 */
class EventTimeTopologyTest {

    private static final long T0 = 1_704_067_200_000L;
    /** The driver's wall clock at the start; events of these tests are stamped around it. */
    private static final long WALL = DriverHarness.wallAt(T0);
    private static final long SECOND = 1_000L;
    private static final long MINUTE = 60 * SECOND;

    private DriverHarness h;
    private int sent;

    @BeforeEach
    void start() {
        h = new DriverHarness("event-time", T0, (b, c) -> { }, AgentAdmission.unlimited());
        h.apply(DriverHarness.TIMEOUT_RULE);
    }

    @AfterEach
    void stop() {
        h.close();
    }

    @Test
    void anEventStampedADayAheadMovesNothingAndResolvesNothing() {
        long t = calls("a", WALL, 2 * MINUTE, 1_000.0);
        t = calls("a", t, 2 * MINUTE, 40_000.0);
        assertThat(statuses()).containsExactly(AlertStatus.FIRING);

        h.sendNow(h.event("a", h.wallMs() + 23 * 60 * MINUTE).setLatencyMs(40_000.0)); // a producer clock a day fast
        sent++;
        calls("a", t, 3 * MINUTE, 40_000.0);

        assertThat(h.deadLetterReasons()).as("no later event is late").isEmpty();
        assertThat(statuses()).as("the open alert stays open").isEmpty();
        assertThat(h.fixture.counters.acceptedCount()).isEqualTo(sent);
    }

    @Test
    void anAgentCatchingUpOnItsBacklogWhileItsPartitionMovedOnLosesNothingAndItsAlertFires() {
        long pausedAt = both(WALL, 5 * MINUTE);
        long resumedAt = calls("b", pausedAt, 12 * MINUTE, 1_000.0);     // "a" is cut off; "b" goes on
        // "a" sends what it buffered, in order, all at once: 7 healthy minutes, then 5 slow ones.
        long mid = calls("a", pausedAt, 7 * MINUTE, 1_000.0);
        calls("a", mid, resumedAt - mid, 40_000.0);
        both(resumedAt, MINUTE);

        assertThat(h.deadLetterReasons()).as("zero events late").isEmpty();
        assertThat(h.fixture.counters.acceptedCount()).isEqualTo(sent);
        List<AlertEvent> fired = h.alerts.readValuesToList();
        assertThat(fired).extracting(AlertEvent::getAgentId).containsExactly("a");
        assertThat(fired.get(0).getStatus()).isEqualTo(AlertStatus.FIRING);
    }

    @Test
    void aPartitionSilentForElevenMinutesThenItsBacklogLosesNothing() {
        long t = calls("a", WALL, 2 * MINUTE, 1_000.0);
        for (int i = 0; i < 11; i++) {
            h.advanceWallClock(MINUTE); // idle: event time follows the wall clock
        }
        long mid = calls("a", t, 6 * MINUTE, 1_000.0);
        long resumed = calls("a", mid, 5 * MINUTE, 40_000.0);
        calls("a", resumed, 20 * SECOND, 40_000.0); // and on, live

        assertThat(h.deadLetterReasons()).as("zero events late").isEmpty();
        assertThat(h.fixture.counters.acceptedCount()).isEqualTo(sent);
        assertThat(statuses()).containsExactly(AlertStatus.FIRING);
    }

    @Test
    void anEventFarBehindItsOwnAgentIsStillLate() {
        long t = calls("a", WALL, 2 * MINUTE, 1_000.0);
        h.send(h.event("a", t - 45 * SECOND)); // 45 s behind a's own latest event: beyond the 30 s grace
        h.send(h.event("a", t - 20 * SECOND)); // within grace
        assertThat(h.deadLetterReasons()).containsExactly("late");
        assertThat(h.fixture.counters.acceptedCount()).isEqualTo(sent + 1);
    }

    /** One call a second of each of "a" and "b" for {@code length}; returns the time after. */
    private long both(long from, long length) {
        for (long t = from; t < from + length; t += SECOND) {
            h.send(h.event("a", t));
            h.send(h.event("b", t));
            sent += 2;
        }
        return from + length;
    }

    private long calls(String agent, long from, long length, double latencyMs) {
        for (long t = from; t < from + length; t += SECOND) {
            h.send(h.event(agent, t).setLatencyMs(latencyMs));
            sent++;
        }
        return from + length;
    }

    private List<AlertStatus> statuses() {
        return h.alerts.readValuesToList().stream().map(AlertEvent::getStatus).toList();
    }
}
