package dev.agentwatch.sink.receivers;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentwatch.schema.AlertEvent;
import dev.agentwatch.sink.testing.Alerts;
import dev.agentwatch.sink.testing.EngineHarness;
import dev.agentwatch.sink.testing.StubServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static dev.agentwatch.sink.testing.EngineHarness.T0;
import static org.assertj.core.api.Assertions.assertThat;

/** The generic webhook posts Alertmanager's webhook JSON (version 4), exactly. */
class WebhookReceiverTest {

    @RegisterExtension
    final StubServer wm = new StubServer();

    @BeforeEach
    void acceptEveryPost() {
        wm.stubFor(post(urlEqualTo("/hook")).willReturn(aResponse().withStatus(200)));
    }

    @Test
    void bodyHasAlertmanagersShapeWithOurValuesAlongside() {
        String yaml = """
                route:
                  receiver: hook
                  group_by: [alertname]
                  group_wait: 0s
                receivers:
                  - name: hook
                    webhook_configs:
                      - url_env: HOOK_URL
                """;
        EngineHarness h = new EngineHarness(yaml, Map.of("HOOK_URL", wm.baseUrl() + "/hook"));
        AlertEvent a = Alerts.firing("fp-1", "AgentTimeout", "agent-7", "CRITICAL", T0);
        a.setBaseline(null);
        h.accept(a);
        h.runFor(Duration.ofSeconds(1));

        List<JsonNode> bodies = EngineHarness.bodies(wm, "/hook");
        assertThat(bodies).hasSize(1);
        assertThat(bodies.get(0)).isEqualTo(EngineHarness.parse("""
                {
                  "version": "4",
                  "groupKey": "{}/0:{alertname=\\"AgentTimeout\\"}",
                  "truncatedAlerts": 0,
                  "status": "firing",
                  "receiver": "hook",
                  "groupLabels": {"alertname": "AgentTimeout"},
                  "commonLabels": {"agent_id": "agent-7", "alertname": "AgentTimeout", "fleet": "support-bots",
                                   "region": "eu-west-1", "severity": "critical"},
                  "commonAnnotations": {"runbook_url": "https://runbooks.example.com/AgentTimeout", "summary": "AgentTimeout on agent-7"},
                  "externalURL": "",
                  "alerts": [{
                    "status": "firing",
                    "labels": {"agent_id": "agent-7", "alertname": "AgentTimeout", "fleet": "support-bots",
                               "region": "eu-west-1", "severity": "critical"},
                    "annotations": {"runbook_url": "https://runbooks.example.com/AgentTimeout", "summary": "AgentTimeout on agent-7"},
                    "startsAt": "2025-03-01T12:00:00Z",
                    "endsAt": "0001-01-01T00:00:00Z",
                    "generatorURL": "",
                    "fingerprint": "fp-1",
                    "agentwatch": {
                      "condition": "latency_p95 > 30000ms for 5min",
                      "value": 41250.5, "threshold": 30000.0, "baseline": null,
                      "window_ms": 300000, "sample_count": 240, "rule_version": 3,
                      "evidence": {"event_ids": ["evt-1", "evt-2"], "trace_ids": ["4bf92f3577b34da6a3ce929d0e0e4736"]}
                    }
                  }]
                }
                """));
    }
}
