package dev.agentwatch.sink.semantics;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import dev.agentwatch.schema.AlertEvent;
import dev.agentwatch.sink.testing.Alerts;
import dev.agentwatch.sink.testing.EngineHarness;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static dev.agentwatch.sink.testing.EngineHarness.T0;
import static org.assertj.core.api.Assertions.assertThat;

/** Resolved notifications: sent where send_resolved is on (webhook, PagerDuty default), not where off (Slack default). */
class ResolvedNotificationTest {

    @Test
    void resolutionIsSentWithEndsAtAndTheGroupIsForgottenAfterwards() {
        try (SemanticsFixture f = new SemanticsFixture()) {
            EngineHarness h = f.harness("group_wait: 10s\ngroup_interval: 1m\n", "");
            AlertEvent firing = Alerts.firing("fp-1", "AgentTimeout", "agent-1", "CRITICAL", T0);
            h.accept(firing);
            h.runFor(Duration.ofSeconds(20));
            h.accept(Alerts.resolved(firing, T0.plusSeconds(20)));
            h.runFor(Duration.ofMinutes(5));

            List<JsonNode> n = f.notifications();
            assertThat(n).hasSize(2);
            assertThat(n.get(1).path("status").asText()).isEqualTo("resolved");
            assertThat(n.get(1).path("alerts").get(0).path("endsAt").asText()).isEqualTo("2025-03-01T12:00:20Z");
            assertThat(h.engine.pipeline().groupCount()).isZero();
            assertThat(h.allDone()).isTrue();
        }
    }

    @Test
    void anAlertThatFiresAndResolvesWithinGroupWaitIsNeverSent() {
        try (SemanticsFixture f = new SemanticsFixture()) {
            EngineHarness h = f.harness("group_wait: 30s\n", "");
            AlertEvent firing = Alerts.firing("fp-1", "AgentTimeout", "agent-1", "CRITICAL", T0);
            h.accept(firing);
            h.runFor(Duration.ofSeconds(5));
            h.accept(Alerts.resolved(firing, T0.plusSeconds(5)));
            h.runFor(Duration.ofMinutes(5));
            assertThat(f.notifications()).isEmpty();
            assertThat(h.allDone()).isTrue();
        }
    }

    @Test
    void aResolutionWhoseFiringWasConsumedBeforeARestartIsStillSent() {
        try (SemanticsFixture f = new SemanticsFixture()) {
            EngineHarness h = f.harness("group_wait: 0s\n", "");
            AlertEvent firing = Alerts.firing("fp-1", "AgentTimeout", "agent-1", "CRITICAL", T0);
            h.accept(Alerts.resolved(firing, T0.plusSeconds(5))); // this instance never saw the FIRING
            h.runFor(Duration.ofSeconds(5));
            assertThat(f.notifications()).hasSize(1);
            assertThat(SemanticsFixture.alerts(f.notifications().get(0))).containsExactly("resolved:fp-1");
        }
    }

    @Test
    void slackGetsNoResolvedMessageByDefaultButPagerDutyDoes() {
        WireMockServer wm = new WireMockServer(options().dynamicPort());
        wm.start();
        try {
            wm.stubFor(post(urlEqualTo("/slack")).willReturn(aResponse().withStatus(200).withBody("ok")));
            wm.stubFor(post(urlEqualTo("/v2/enqueue")).willReturn(aResponse().withStatus(202)));
            String yaml = """
                    route:
                      receiver: both
                      group_wait: 0s
                    receivers:
                      - name: both
                        slack_configs:
                          - webhook_url_env: SLACK_WEBHOOK_URL
                        pagerduty_configs:
                          - routing_key_env: PAGERDUTY_ROUTING_KEY
                            url: %s/v2/enqueue
                    """.formatted(wm.baseUrl());
            EngineHarness h = new EngineHarness(yaml, Map.of("SLACK_WEBHOOK_URL", wm.baseUrl() + "/slack",
                    "PAGERDUTY_ROUTING_KEY", "R0UT1NGKEY0123456789abcdef012345"));
            AlertEvent firing = Alerts.firing("fp-1", "AgentTimeout", "agent-1", "CRITICAL", T0);
            h.accept(firing);
            h.runFor(Duration.ofMinutes(1));
            h.accept(Alerts.resolved(firing, h.clock.instant()));
            h.runFor(Duration.ofMinutes(10));

            assertThat(EngineHarness.bodies(wm, "/slack")).hasSize(1);
            assertThat(EngineHarness.bodies(wm, "/v2/enqueue").stream().map(b -> b.path("event_action").asText()))
                    .containsExactly("trigger", "resolve");
            assertThat(h.allDone()).isTrue();
        } finally {
            wm.stop();
        }
    }
}
