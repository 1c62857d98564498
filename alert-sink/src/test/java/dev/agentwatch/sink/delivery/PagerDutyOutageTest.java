package dev.agentwatch.sink.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentwatch.schema.AlertEvent;
import dev.agentwatch.sink.testing.Alerts;
import dev.agentwatch.sink.testing.EngineHarness;
import dev.agentwatch.sink.testing.PagerDutyConfig;
import dev.agentwatch.sink.testing.StubServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static dev.agentwatch.sink.testing.EngineHarness.T0;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * PagerDuty answers 500 for an hour of fake time while 100 alert events (60 alerts firing, 40 of them resolving)
 * arrive. Afterwards every event is delivered, each trigger before its resolve, one incident (dedup_key) per
 * fingerprint, and every consumed offset is done.
 */
class PagerDutyOutageTest {

    @RegisterExtension
    final StubServer wm = new StubServer();

    @Test
    void anHourOf500sLosesNothingAndKeepsTriggersBeforeResolves() {
        wm.answer(PagerDutyConfig.PATH, 500, "{\"status\":\"unavailable\"}");
        String yaml = """
                route:
                  receiver: oncall
                  group_by: [alertname, agent_id]
                  group_wait: 30s
                  group_interval: 5m
                  repeat_interval: 4h
                """ + PagerDutyConfig.receivers(wm.baseUrl()) + """
                delivery:
                  initial_backoff: 1s
                  max_backoff: 5m
                """;
        EngineHarness h = new EngineHarness(yaml, PagerDutyConfig.env());

        // 60 alerts start 50 s apart; 40 of them end 5 min after they started: 100 events within the hour.
        record Timed(Instant at, AlertEvent event) {
        }
        List<Timed> events = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            Instant start = T0.plusSeconds(50L * i);
            AlertEvent firing = Alerts.firing("fp-" + i, "ErrorSpike", "agent-" + i, i % 3 == 0 ? "CRITICAL" : "WARNING", start);
            events.add(new Timed(start, firing));
            if (i < 40) {
                events.add(new Timed(start.plusSeconds(300), Alerts.resolved(firing, start.plusSeconds(300))));
            }
        }
        events.sort(Comparator.comparing(Timed::at));
        assertThat(events).hasSize(100);
        for (Timed t : events) {
            h.runUntil(t.at());
            h.accept(t.event());
        }
        Instant outageEnds = T0.plus(Duration.ofHours(1));
        h.runUntil(outageEnds);
        assertThat(h.committable()).as("nothing done while PagerDuty is down").isEqualTo(0);
        int failedAttempts = EngineHarness.requestCount(wm);
        assertThat(failedAttempts).as("retries spaced by backoff, not hammering").isBetween(10, 40);

        wm.resetAll();
        wm.answer(PagerDutyConfig.PATH, 202, "{\"status\":\"success\"}");
        h.runUntil(outageEnds.plus(Duration.ofMinutes(30)));

        List<JsonNode> accepted = EngineHarness.bodies(wm, PagerDutyConfig.PATH);
        assertThat(h.parking.parked).isEmpty();
        assertThat(h.allDone()).as("every offset done").isTrue();
        Map<String, List<String>> actionsByKey = new HashMap<>();
        for (JsonNode b : accepted) {
            actionsByKey.computeIfAbsent(b.path("dedup_key").asText(), k -> new ArrayList<>()).add(b.path("event_action").asText());
        }
        assertThat(actionsByKey).hasSize(60);
        for (int i = 0; i < 60; i++) {
            List<String> actions = actionsByKey.get("fp-" + i);
            // One incident: triggered once, and (if it ended) resolved after that, never triggered again.
            assertThat(actions).as("fp-" + i).isEqualTo(i < 40 ? List.of("trigger", "resolve") : List.of("trigger"));
        }
        assertThat(accepted).hasSize(100);
    }

    @Test
    void aReceiverDownLongerThanGiveUpAfterIsParkedAsRetriesExhaustedAndTheQueueMovesOn() {
        wm.stubFor(post(urlEqualTo(PagerDutyConfig.PATH)).willReturn(aResponse().withStatus(503)));
        String yaml = """
                route:
                  receiver: oncall
                  group_by: ['...']
                  group_wait: 0s
                """ + PagerDutyConfig.receivers(wm.baseUrl()) + """
                delivery:
                  give_up_after: 2h
                """;
        EngineHarness h = new EngineHarness(yaml, PagerDutyConfig.env());
        h.accept(Alerts.firing("fp-1", "AgentTimeout", "agent-1", "CRITICAL", T0));
        h.accept(Alerts.firing("fp-2", "AgentTimeout", "agent-2", "CRITICAL", T0));
        h.runUntil(T0.plus(Duration.ofMinutes(119)));
        assertThat(h.parking.parked).isEmpty();
        assertThat(h.allDone()).isFalse();

        h.runUntil(T0.plus(Duration.ofHours(5)));
        assertThat(h.parking.parked).extracting(p -> p.fingerprint() + " " + p.reason())
                .containsExactly("fp-1 retries-exhausted", "fp-2 retries-exhausted");
        assertThat(h.parking.parked.get(0).detail()).contains("last: http 503");
        assertThat(h.allDone()).isTrue();
    }
}
