package dev.agentwatch.sink.delivery;

import dev.agentwatch.sink.testing.Alerts;
import dev.agentwatch.sink.testing.EngineHarness;
import dev.agentwatch.sink.testing.PagerDutyConfig;
import dev.agentwatch.sink.testing.RecordingParkingLot.Parked;
import dev.agentwatch.sink.testing.StubServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static dev.agentwatch.sink.testing.EngineHarness.T0;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * PagerDuty down with its queue full, Slack healthy, in fake time over real HTTP: Slack's alerts go out at their
 * group_wait, PagerDuty's queue never holds more than {@code max_queued}, and what it cannot hold is parked,
 * oldest first, as {@code queue-full}.
 */
class ReceiverIsolationTest {

    private static final String SLACK_PATH = "/services/T1/B1/isolationHook";
    private static final String PD = "oncall/pagerduty[0]";

    @RegisterExtension
    final StubServer wm = new StubServer();

    private EngineHarness harness(String delivery) {
        String yaml = """
                route:
                  receiver: team
                  group_by: [alertname]
                  group_wait: 5s
                  group_interval: 1m
                  routes:
                    - receiver: oncall
                      continue: true
                    - receiver: team
                """ + PagerDutyConfig.receivers(wm.baseUrl()) + """
                  - name: team
                    slack_configs:
                      - webhook_url_env: SLACK_WEBHOOK_URL
                delivery:
                """ + delivery.indent(2);
        Map<String, String> env = new HashMap<>(PagerDutyConfig.env());
        env.put("SLACK_WEBHOOK_URL", wm.baseUrl() + SLACK_PATH);
        return new EngineHarness(yaml, env);
    }

    private static DeliveryQueue queue(EngineHarness h, String name) {
        return h.engine.queues().stream().filter(q -> q.integration().name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void withPagerDutyFailingAndTenThousandPendingSlackStillGetsANewAlertAtItsGroupWait() {
        wm.answer(PagerDutyConfig.PATH, 500, "{\"status\":\"unavailable\"}");
        wm.answer(SLACK_PATH, 200, "ok");
        EngineHarness h = harness("max_queued: 10000");
        for (int i = 0; i < 10_000; i++) {
            h.accept(Alerts.firing("fp-" + i, "Bulk", "agent-" + i, "CRITICAL", T0));
        }
        h.runFor(Duration.ofSeconds(10));
        assertThat(queue(h, PD).size()).as("PagerDuty's backlog").isEqualTo(10_000);
        assertThat(h.listener.attemptTimes("team/slack[0]")).containsExactly(T0.plusSeconds(5));

        h.accept(Alerts.firing("fp-probe", "Probe", "agent-probe", "CRITICAL", T0.plusSeconds(10)));
        h.runFor(Duration.ofSeconds(10));

        assertThat(h.listener.attemptTimes("team/slack[0]")).as("the probe at exactly its group_wait")
                .containsExactly(T0.plusSeconds(5), T0.plusSeconds(15));
        assertThat(h.listener.delivered()).hasSize(2);
        assertThat(queue(h, PD).size()).as("bounded").isEqualTo(10_000);
        assertThat(h.parking.parked).containsExactly(new Parked("fp-0", PD, DeliveryQueue.QUEUE_FULL,
                PD + " had 10000 notifications waiting (delivery.max_queued); the oldest is parked so that newer ones keep their place"));
        assertThat(h.metrics.scrape())
                .contains("agentwatch_sink_notifications_parked_total{integration=\"oncall/pagerduty[0]\",reason=\"queue-full\"} 1.0")
                .contains("agentwatch_sink_queue_notifications{integration=\"oncall/pagerduty[0]\"} 10000.0")
                .contains("agentwatch_sink_deliveries_total{integration=\"team/slack[0]\",outcome=\"delivered\",receiver=\"team\"} 2.0");
    }

    @Test
    void aFullQueueParksItsOldestAndDeliversTheRestWhenTheReceiverComesBack() {
        wm.answer(PagerDutyConfig.PATH, 503, "");
        wm.answer(SLACK_PATH, 200, "ok");
        EngineHarness h = harness("max_queued: 100");
        for (int i = 0; i < 150; i++) {
            h.accept(Alerts.firing("fp-" + i, "Bulk", "agent-" + i, "CRITICAL", T0));
        }
        h.runFor(Duration.ofMinutes(10));
        assertThat(queue(h, PD).size()).isEqualTo(100);
        assertThat(h.parking.parked).extracting(Parked::fingerprint)
                .containsExactlyElementsOf(IntStream.range(0, 50).mapToObj(i -> "fp-" + i).toList());
        assertThat(h.allDone()).isFalse();

        wm.resetAll();
        wm.answer(PagerDutyConfig.PATH, 202, "{\"status\":\"success\"}");
        wm.answer(SLACK_PATH, 200, "ok");
        h.runFor(Duration.ofMinutes(10));
        List<String> delivered = EngineHarness.bodies(wm, PagerDutyConfig.PATH).stream().map(b -> b.path("dedup_key").asText()).toList();
        // What was queued goes first, in order; the group's next flush then tells it again, fp-0 to fp-49 having been
        // parked, not told (UndeliveredNotificationTest).
        assertThat(delivered.subList(0, 100)).containsExactlyElementsOf(IntStream.range(50, 150).mapToObj(i -> "fp-" + i).toList());
        assertThat(h.allDone()).as("parked and delivered: every offset may move").isTrue();
    }
}
