package dev.agentwatch.sink.semantics;

import dev.agentwatch.sink.testing.Alerts;
import dev.agentwatch.sink.testing.EngineHarness;
import dev.agentwatch.sink.testing.PagerDutyConfig;
import dev.agentwatch.sink.testing.StubServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static dev.agentwatch.sink.testing.EngineHarness.T0;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A notification counts as told only once it was delivered, as Alertmanager writes its notification log only after a
 * successful send: one that was parked (refused, or retried until {@code give_up_after}) is told again at the group's
 * next flush, not only after {@code repeat_interval}. While one is still being retried, a flush adds no copy of it.
 */
class UndeliveredNotificationTest {

    private static final String ROUTE = """
            route:
              receiver: %s
              group_by: [alertname]
              group_wait: 10s
              group_interval: 5m
              repeat_interval: 4h
            """;

    @RegisterExtension
    final StubServer wm = new StubServer();

    @Test
    void aRefusedNotificationIsToldAgainAtTheNextFlush() {
        wm.answerInTurn("/hook", aResponse().withStatus(400).withBody("bad"), aResponse().withStatus(200));
        EngineHarness h = webhook();
        h.accept(Alerts.firing("fp-1", "AgentTimeout", "agent-1", "CRITICAL", T0));

        h.runUntil(T0.plusSeconds(10));
        assertThat(h.parking.parked).hasSize(1);
        h.runUntil(T0.plusSeconds(10).plus(Duration.ofMinutes(5)));

        assertThat(EngineHarness.bodies(wm, "/hook")).hasSize(2);
        assertThat(SemanticsFixture.alerts(EngineHarness.bodies(wm, "/hook").get(1))).containsExactly("firing:fp-1");
        assertThat(h.listener.delivered()).hasSize(1);
    }

    @Test
    void aNotificationWhoseRetriesRanOutIsToldAgainAtTheNextFlush() {
        wm.answer("/hook", 503, "down");
        EngineHarness h = new EngineHarness(String.format(ROUTE, "hook") + """
                receivers:
                  - name: hook
                    webhook_configs:
                      - url_env: HOOK_URL
                delivery:
                  initial_backoff: 1s
                  max_backoff: 1m
                  give_up_after: 4m
                """, Map.of("HOOK_URL", wm.baseUrl() + "/hook"));
        h.accept(Alerts.firing("fp-1", "AgentTimeout", "agent-1", "CRITICAL", T0));

        h.runUntil(T0.plusSeconds(10).plus(Duration.ofMinutes(4)).plusSeconds(59));
        assertThat(h.parking.parked).hasSize(1);
        int triedBefore = EngineHarness.requestCount(wm);
        wm.answer("/hook", 200, "");
        h.runUntil(T0.plusSeconds(10).plus(Duration.ofMinutes(5)));

        assertThat(EngineHarness.requestCount(wm)).isEqualTo(triedBefore + 1);
        assertThat(h.listener.delivered()).hasSize(1);
    }

    @Test
    void alertsParkedFromAFullQueueAreToldOnceTheReceiverTakesThemAgain() {
        wm.answer(PagerDutyConfig.PATH, 500, "{\"status\":\"unavailable\"}");
        EngineHarness h = new EngineHarness(String.format(ROUTE, "oncall").replace("[alertname]", "[alertname, agent_id]")
                + PagerDutyConfig.receivers(wm.baseUrl()) + """
                delivery:
                  max_queued: 3
                  max_backoff: 10s
                """, PagerDutyConfig.env());
        for (int i = 0; i < 5; i++) {
            h.accept(Alerts.firing("fp-" + i, "AgentTimeout", "agent-" + i, "CRITICAL", T0));
        }
        h.runUntil(T0.plus(Duration.ofMinutes(2)));
        assertThat(h.parking.parked).as("two groups pushed out of the queue").hasSize(2);

        wm.answer(PagerDutyConfig.PATH, 202, "{\"status\":\"success\"}");
        h.runUntil(T0.plus(Duration.ofMinutes(10)));
        assertThat(h.listener.delivered()).extracting(e -> e.notification().alerts().get(0).fingerprint())
                .containsExactlyInAnyOrder("fp-0", "fp-1", "fp-2", "fp-3", "fp-4");
    }

    @Test
    void whileANotificationIsRetriedAFlushQueuesNoCopyOfIt() {
        wm.answer(PagerDutyConfig.PATH, 500, "{\"status\":\"unavailable\"}");
        EngineHarness h = new EngineHarness(String.format(ROUTE, "oncall") + PagerDutyConfig.receivers(wm.baseUrl()),
                PagerDutyConfig.env());
        h.accept(Alerts.firing("fp-1", "AgentTimeout", "agent-1", "CRITICAL", T0));

        h.runUntil(T0.plus(Duration.ofMinutes(30)));

        assertThat(h.engine.queues().get(0).size()).isEqualTo(1);
        wm.answer(PagerDutyConfig.PATH, 202, "{\"status\":\"success\"}");
        h.runUntil(T0.plus(Duration.ofMinutes(40)));
        assertThat(h.listener.delivered()).hasSize(1);
        assertThat(h.allDone()).isTrue();
    }

    private EngineHarness webhook() {
        return new EngineHarness(String.format(ROUTE, "hook") + """
                receivers:
                  - name: hook
                    webhook_configs:
                      - url_env: HOOK_URL
                """, Map.of("HOOK_URL", wm.baseUrl() + "/hook"));
    }
}
