package dev.agentwatch.sink.receivers;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentwatch.schema.AlertEvent;
import dev.agentwatch.sink.testing.Alerts;
import dev.agentwatch.sink.testing.EngineHarness;
import dev.agentwatch.sink.testing.PagerDutyConfig;
import dev.agentwatch.sink.testing.RecordingParkingLot.Parked;
import dev.agentwatch.sink.testing.StubServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static dev.agentwatch.sink.testing.EngineHarness.T0;
import static dev.agentwatch.sink.testing.PagerDutyConfig.PATH;
import static dev.agentwatch.sink.testing.PagerDutyConfig.ROUTING_KEY;
import static org.assertj.core.api.Assertions.assertThat;

/** PagerDuty Events API v2 over real HTTP (WireMock): exact events, and retry or park per answer. */
class PagerDutyReceiverTest {

    private static final String INTEGRATION = "oncall/pagerduty[0]";

    @RegisterExtension
    final StubServer wm = new StubServer();

    private EngineHarness harness() {
        String yaml = """
                route:
                  receiver: oncall
                  group_wait: 0s
                  group_interval: 1m
                """ + PagerDutyConfig.receivers(wm.baseUrl());
        return new EngineHarness(yaml, PagerDutyConfig.env());
    }

    @Test
    void triggerAndResolveAreExactEventsWithTheFingerprintAsDedupKey() {
        wm.answer(PATH, 202, "{\"status\":\"success\",\"message\":\"Event processed\",\"dedup_key\":\"fp-1\"}");
        EngineHarness h = harness();
        AlertEvent firing = Alerts.firing("fp-1", "AgentTimeout", "agent-7", "CRITICAL", T0);
        h.accept(firing);
        h.runFor(Duration.ofSeconds(30));
        h.accept(Alerts.resolved(firing, T0.plusSeconds(30)));
        h.runFor(Duration.ofMinutes(2));

        List<JsonNode> bodies = EngineHarness.bodies(wm, PATH);
        assertThat(bodies).hasSize(2);
        assertThat(bodies.get(0)).isEqualTo(EngineHarness.parse("""
                {
                  "routing_key": "%s",
                  "event_action": "trigger",
                  "dedup_key": "fp-1",
                  "payload": {
                    "summary": "AgentTimeout on agent-7",
                    "source": "agent-7",
                    "severity": "critical",
                    "timestamp": "2025-03-01T12:00:00Z",
                    "class": "AgentTimeout",
                    "group": "support-bots",
                    "custom_details": {
                      "alert": "AgentTimeout",
                      "condition": "latency_p95 > 30000ms for 5min",
                      "value": 41250.5,
                      "threshold": 30000.0,
                      "baseline": 12000.0,
                      "window": "5min",
                      "sample_count": 240,
                      "fingerprint": "fp-1",
                      "rule_version": 3,
                      "labels": {"agent_id": "agent-7", "alertname": "AgentTimeout", "fleet": "support-bots",
                                 "region": "eu-west-1", "severity": "critical"},
                      "annotations": {"runbook_url": "https://runbooks.example.com/AgentTimeout", "summary": "AgentTimeout on agent-7"},
                      "evidence": {"event_ids": ["evt-1", "evt-2"], "trace_ids": ["4bf92f3577b34da6a3ce929d0e0e4736"]}
                    }
                  },
                  "client": "agentwatch",
                  "links": [{"href": "https://runbooks.example.com/AgentTimeout", "text": "Runbook"}]
                }
                """.formatted(ROUTING_KEY)));
        assertThat(bodies.get(1)).isEqualTo(EngineHarness.parse("""
                {"routing_key": "%s", "event_action": "resolve", "dedup_key": "fp-1"}
                """.formatted(ROUTING_KEY)));
        assertThat(h.allDone()).isTrue();
    }

    @Test
    void severitiesMapToPagerDutysFour() {
        wm.answer(PATH, 202, "{}");
        EngineHarness h = harness();
        String[] ours = {"CRITICAL", "ERROR", "WARNING", "INFO", "weird"};
        for (int i = 0; i < ours.length; i++) {
            h.accept(Alerts.firing("fp-" + i, "A" + i, "agent-1", ours[i], T0));
        }
        h.runFor(Duration.ofSeconds(30));
        assertThat(EngineHarness.bodies(wm, PATH).stream().map(b -> b.path("payload").path("severity").asText()))
                .containsExactlyInAnyOrder("critical", "error", "warning", "info", "warning");
    }

    @Test
    void summaryIsCutTo1024Characters() {
        wm.answer(PATH, 202, "{}");
        EngineHarness h = harness();
        AlertEvent a = Alerts.firing("fp-1", "AgentTimeout", "agent-7", "CRITICAL", T0);
        a.setAnnotations(Map.of("summary", "x".repeat(3000)));
        h.accept(a);
        h.runFor(Duration.ofSeconds(5));
        String summary = EngineHarness.bodies(wm, PATH).get(0).path("payload").path("summary").asText();
        assertThat(summary).hasSize(1024).endsWith("…");
    }

    @Test
    void status429IsRetriedHonouringRetryAfter() {
        wm.answerInTurn(PATH, aResponse().withStatus(429).withHeader("Retry-After", "30"),
                aResponse().withStatus(202).withBody("{}"));
        EngineHarness h = harness();
        h.accept(Alerts.firing("fp-1", "AgentTimeout", "agent-7", "CRITICAL", T0));
        h.runFor(Duration.ofMinutes(2));

        assertThat(h.listener.attemptTimes(INTEGRATION)).containsExactly(T0, T0.plusSeconds(30));
        assertThat(h.parking.parked).isEmpty();
        assertThat(h.allDone()).isTrue();
    }

    @Test
    void status429WithoutRetryAfterBacksOff() {
        wm.answerInTurn(PATH, aResponse().withStatus(429).withBody("{\"status\":\"throttle event\"}"),
                aResponse().withStatus(202).withBody("{}"));
        EngineHarness h = harness();
        h.accept(Alerts.firing("fp-1", "AgentTimeout", "agent-7", "CRITICAL", T0));
        h.runFor(Duration.ofMinutes(2));

        List<Instant> at = h.listener.attemptTimes(INTEGRATION);
        assertThat(at).hasSize(2);
        assertThat(Duration.between(at.get(0), at.get(1))).isBetween(Duration.ofMillis(500), Duration.ofSeconds(1));
        assertThat(h.allDone()).isTrue();
    }

    @Test
    void status400IsParkedNotRetried() {
        wm.answer(PATH, 400, "{\"status\":\"invalid event\",\"message\":\"Event object is invalid\",\"errors\":[\"Length of 'routing_key' is incorrect\"]}");
        EngineHarness h = harness();
        h.accept(Alerts.firing("fp-1", "AgentTimeout", "agent-7", "CRITICAL", T0));
        h.runUntil(T0.plusSeconds(59));

        assertThat(EngineHarness.requestCount(wm)).isEqualTo(1);
        assertThat(h.parking.parked).hasSize(1);
        Parked p = h.parking.parked.get(0);
        assertThat(p.fingerprint()).isEqualTo("fp-1");
        assertThat(p.reason()).isEqualTo("http-400");
        assertThat(p.detail()).contains("Event object is invalid");
        assertThat(h.allDone()).isTrue();
        h.runUntil(T0.plusSeconds(60));
        assertThat(h.listener.attemptTimes(INTEGRATION)).as("not delivered: the next flush (group_interval 1m) tells it again")
                .containsExactly(T0, T0.plusSeconds(60));
    }

    @Test
    void status500IsRetriedUntilAccepted() {
        wm.answerInTurn(PATH, aResponse().withStatus(500), aResponse().withStatus(503), aResponse().withStatus(202).withBody("{}"));
        EngineHarness h = harness();
        h.accept(Alerts.firing("fp-1", "AgentTimeout", "agent-7", "CRITICAL", T0));
        h.runFor(Duration.ofSeconds(1));
        assertThat(h.allDone()).as("not done while PagerDuty fails").isFalse();
        h.runFor(Duration.ofMinutes(1));

        assertThat(h.listener.attemptTimes(INTEGRATION)).hasSize(3);
        assertThat(h.parking.parked).isEmpty();
        assertThat(h.allDone()).isTrue();
    }

    @Test
    void eventsAreRateLimitedPerRoutingKey() {
        wm.answer(PATH, 202, "{}");
        EngineHarness h = harness();
        for (int i = 0; i < 25; i++) {
            h.accept(Alerts.firing("fp-" + i, "AgentTimeout", "agent-" + i, "CRITICAL", T0));
        }
        h.runFor(Duration.ofMinutes(1));
        List<Instant> at = h.listener.attemptTimes(INTEGRATION);
        // Default: 2 per second with bursts of 20.
        assertThat(at).hasSize(25);
        assertThat(at.subList(0, 20)).allMatch(T0::equals);
        assertThat(at.subList(20, 25)).containsExactly(T0.plusMillis(500), T0.plusMillis(1000), T0.plusMillis(1500),
                T0.plusMillis(2000), T0.plusMillis(2500));
    }
}
