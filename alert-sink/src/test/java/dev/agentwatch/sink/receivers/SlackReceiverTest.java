package dev.agentwatch.sink.receivers;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentwatch.schema.AlertEvent;
import dev.agentwatch.sink.testing.Alerts;
import dev.agentwatch.sink.testing.EngineHarness;
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
import static org.assertj.core.api.Assertions.assertThat;

/** Slack incoming webhook over real HTTP (WireMock): the exact body, and what each answer leads to. */
class SlackReceiverTest {

    private static final String PATH = "/services/T0001/B0002/s3cr3tHookToken";
    private static final String INTEGRATION = "team/slack[0]";

    @RegisterExtension
    final StubServer wm = new StubServer();

    private EngineHarness harness(String rateLimit) {
        String yaml = """
                route:
                  receiver: team
                  group_by: [alertname, agent_id]
                  group_wait: 0s
                  group_interval: 1m
                receivers:
                  - name: team
                    slack_configs:
                      - webhook_url_env: SLACK_WEBHOOK_URL
                        send_resolved: true
                %s
                """.formatted(rateLimit);
        return new EngineHarness(yaml, Map.of("SLACK_WEBHOOK_URL", wm.baseUrl() + PATH));
    }

    @Test
    void postsTextAndBlocksAndTreats200OkAsDelivered() {
        wm.answer(PATH, 200, "ok");
        EngineHarness h = harness("");
        h.accept(Alerts.firing("fp-1", "AgentTimeout", "agent-7", "CRITICAL", T0));
        h.runFor(Duration.ofSeconds(1));

        List<JsonNode> bodies = EngineHarness.bodies(wm, PATH);
        assertThat(bodies).hasSize(1);
        assertThat(bodies.get(0)).isEqualTo(EngineHarness.parse("""
                {
                  "text": "[FIRING:1] AgentTimeout on agent-7",
                  "blocks": [
                    {"type": "header", "text": {"type": "plain_text", "text": "[FIRING:1] AgentTimeout on agent-7"}},
                    {"type": "section", "text": {"type": "mrkdwn", "text":
                      ":red_circle: *FIRING* *AgentTimeout* · severity *critical*\\nAgentTimeout on agent-7\\nagent `agent-7` · fleet `support-bots`\\nvalue *41250.5* vs threshold *30000* (baseline 12000) over 5min · latency_p95 &gt; 30000ms for 5min\\n<https://runbooks.example.com/AgentTimeout|Runbook> · fingerprint `fp-1` · since 2025-03-01T12:00:00Z"}}
                  ]
                }
                """));
        assertThat(h.allDone()).isTrue();
        assertThat(h.parking.parked).isEmpty();
    }

    @Test
    void alertContentIsEscapedEverywhereSoItCannotMentionOrLink() {
        wm.answer(PATH, 200, "ok");
        EngineHarness h = harness("");
        AlertEvent hostile = AlertEvent.newBuilder(Alerts.firing("fp-<1>", "Timeout<@U024BE7LH>", "<!channel>", "CRITICAL", T0))
                .setFleet("<#C024BE7LR|ops>")
                .setCondition("latency > 1 && <!here>")
                .setAnnotations(Map.of("summary", "<https://evil.example|click> & <!subteam^S123>",
                        "runbook_url", "https://runbooks.example.com/a?x=1&y=<b>|c"))
                .build();
        h.accept(hostile);
        h.runFor(Duration.ofSeconds(1));

        JsonNode body = EngineHarness.bodies(wm, PATH).get(0);
        assertThat(body.path("text").asText()).isEqualTo("[FIRING:1] Timeout&lt;@U024BE7LH&gt; on &lt;!channel&gt;");
        assertThat(body.path("blocks").get(0).path("text").path("text").asText()).isEqualTo(body.path("text").asText());
        String section = body.path("blocks").get(1).path("text").path("text").asText();
        assertThat(section)
                .contains("*Timeout&lt;@U024BE7LH&gt;*")
                .contains("&lt;https://evil.example|click&gt; &amp; &lt;!subteam^S123&gt;")
                .contains("agent `&lt;!channel&gt;` · fleet `&lt;#C024BE7LR|ops&gt;`")
                .contains("latency &gt; 1 &amp;&amp; &lt;!here&gt;")
                .contains("fingerprint `fp-&lt;1&gt;`")
                .contains("<https://runbooks.example.com/a?x=1&amp;y=%3Cb%3E%7Cc|Runbook>");
        // The only markup left is ours: the runbook link. No '<' from the alert reaches Slack unescaped.
        String all = body.toString();
        assertThat(all.replace("<https://runbooks.example.com/a?x=1&amp;y=%3Cb%3E%7Cc|Runbook>", "")).doesNotContain("<").doesNotContain(">");
    }

    @Test
    void aLongEscapedHeaderIsCutWithoutBreakingAnEntity() {
        wm.answer(PATH, 200, "ok");
        EngineHarness h = harness("");
        h.accept(Alerts.firing("fp-1", "A", "<".repeat(200), "CRITICAL", T0));
        h.runFor(Duration.ofSeconds(1));

        String header = EngineHarness.bodies(wm, PATH).get(0).path("blocks").get(0).path("text").path("text").asText();
        assertThat(header).hasSizeLessThanOrEqualTo(150).endsWith("&lt;…");
        assertThat(h.parking.parked).isEmpty();
    }

    @Test
    void resolvedMessageSaysResolvedWhenSendResolvedIsOn() {
        wm.answer(PATH, 200, "ok");
        EngineHarness h = harness("");
        AlertEvent firing = Alerts.firing("fp-1", "AgentTimeout", "agent-7", "CRITICAL", T0);
        h.accept(firing);
        h.runFor(Duration.ofSeconds(10));
        h.accept(Alerts.resolved(firing, T0.plusSeconds(10)));
        h.runFor(Duration.ofMinutes(2));

        List<JsonNode> bodies = EngineHarness.bodies(wm, PATH);
        assertThat(bodies).hasSize(2);
        assertThat(bodies.get(1).path("text").asText()).isEqualTo("[RESOLVED] AgentTimeout on agent-7");
        assertThat(bodies.get(1).path("blocks").get(1).path("text").path("text").asText())
                .startsWith(":large_green_circle: *RESOLVED* *AgentTimeout*")
                .endsWith("· ended 2025-03-01T12:00:10Z");
    }

    @Test
    void status429WaitsExactlyForRetryAfterThenDelivers() {
        wm.answerInTurn(PATH, aResponse().withStatus(429).withHeader("Retry-After", "7").withBody("rate_limited"),
                aResponse().withStatus(200).withBody("ok"));
        EngineHarness h = harness("");
        h.accept(Alerts.firing("fp-1", "AgentTimeout", "agent-7", "CRITICAL", T0));
        h.runFor(Duration.ofMinutes(1));

        assertThat(h.listener.attemptTimes(INTEGRATION)).containsExactly(T0, T0.plusSeconds(7));
        assertThat(h.listener.delivered()).hasSize(1);
        assertThat(h.allDone()).isTrue();
    }

    @Test
    void status400InvalidPayloadIsParkedNotRetried() {
        assertSentOnceThenParked(400, "invalid_payload", "http-400");
    }

    @Test
    void status404IsParkedNotRetried() {
        assertSentOnceThenParked(404, "no_service", "http-404");
    }

    /**
     * Slack answers {@code status} with {@code error}: one request, then parked with {@code reason} and Slack's error;
     * not delivered, so the group's next flush (group_interval 1m) tells it again.
     */
    private void assertSentOnceThenParked(int status, String error, String reason) {
        wm.answer(PATH, status, error);
        EngineHarness h = harness("");
        h.accept(Alerts.firing("fp-1", "AgentTimeout", "agent-7", "CRITICAL", T0));
        h.runUntil(T0.plusSeconds(59));

        assertThat(EngineHarness.requestCount(wm)).isEqualTo(1);
        assertThat(h.parking.parked).containsExactly(new Parked("fp-1", INTEGRATION, reason, error));
        assertThat(h.allDone()).as("parked counts as done: the offset may move").isTrue();
        h.runUntil(T0.plusSeconds(60));
        assertThat(h.listener.attemptTimes(INTEGRATION)).containsExactly(T0, T0.plusSeconds(60));
    }

    @Test
    void status500IsRetriedWithExponentialBackoffAndJitterUntilDelivered() {
        wm.answerInTurn(PATH, aResponse().withStatus(500).withBody("oops"), aResponse().withStatus(500).withBody("oops"),
                aResponse().withStatus(200).withBody("ok"));
        EngineHarness h = harness("");
        h.accept(Alerts.firing("fp-1", "AgentTimeout", "agent-7", "CRITICAL", T0));
        assertThat(h.allDone()).isFalse();
        h.runFor(Duration.ofMinutes(1));

        List<Instant> at = h.listener.attemptTimes(INTEGRATION);
        assertThat(at).hasSize(3);
        // initial_backoff 1s: the first wait is within [0.5 s, 1 s], the second within [1 s, 2 s].
        assertThat(Duration.between(at.get(0), at.get(1))).isBetween(Duration.ofMillis(500), Duration.ofSeconds(1));
        assertThat(Duration.between(at.get(1), at.get(2))).isBetween(Duration.ofSeconds(1), Duration.ofSeconds(2));
        assertThat(h.parking.parked).isEmpty();
        assertThat(h.allDone()).isTrue();
    }

    @Test
    void atMostOneMessagePerSecondPerWebhookAfterAShortBurst() {
        wm.answer(PATH, 200, "ok");
        EngineHarness h = harness("");
        for (int i = 0; i < 6; i++) {
            h.accept(Alerts.firing("fp-" + i, "AgentTimeout", "agent-" + i, "CRITICAL", T0)); // six groups
        }
        h.runFor(Duration.ofSeconds(30));

        // Default limit: 1 per second, bursts of 3.
        assertThat(h.listener.attemptTimes(INTEGRATION)).containsExactly(
                T0, T0, T0, T0.plusSeconds(1), T0.plusSeconds(2), T0.plusSeconds(3));
        assertThat(EngineHarness.requestCount(wm)).isEqualTo(6);
    }

    @Test
    void twoWebhookConfigsWithTheSameUrlShareOneRateLimit() {
        wm.answer(PATH, 200, "ok");
        String yaml = """
                route:
                  receiver: team
                  group_wait: 0s
                receivers:
                  - name: team
                    slack_configs:
                      - webhook_url_env: SLACK_WEBHOOK_URL
                        rate_limit: {per_second: 1, burst: 1}
                      - webhook_url_env: SLACK_WEBHOOK_URL
                        rate_limit: {per_second: 1, burst: 1}
                """;
        EngineHarness h = new EngineHarness(yaml, Map.of("SLACK_WEBHOOK_URL", wm.baseUrl() + PATH));
        h.accept(Alerts.firing("fp-1", "AgentTimeout", "agent-1", "CRITICAL", T0));
        h.runFor(Duration.ofSeconds(10));

        List<Instant> all = h.listener.events.stream().filter(e -> e.kind().equals("attempt")).map(e -> e.at()).toList();
        assertThat(all).containsExactly(T0, T0.plusSeconds(1));
    }

    @Test
    void notificationsOfOneGroupWaitingForTheWebhookBecomeOneMessage() {
        wm.answerInTurn(PATH, aResponse().withStatus(429).withHeader("Retry-After", "150"), aResponse().withStatus(200).withBody("ok"));
        String yaml = """
                route:
                  receiver: team
                  group_by: [alertname]
                  group_wait: 0s
                  group_interval: 1m
                receivers:
                  - name: team
                    slack_configs:
                      - webhook_url_env: SLACK_WEBHOOK_URL
                """;
        EngineHarness h = new EngineHarness(yaml, Map.of("SLACK_WEBHOOK_URL", wm.baseUrl() + PATH));
        h.accept(Alerts.firing("fp-a", "AgentTimeout", "agent-a", "CRITICAL", T0));
        h.runFor(Duration.ofSeconds(10));                 // first message: 429, retry at T0+150s
        h.accept(Alerts.firing("fp-b", "AgentTimeout", "agent-b", "CRITICAL", T0.plusSeconds(10)));
        h.runFor(Duration.ofSeconds(60));                 // flush at T0+60s: queued behind, merged
        h.accept(Alerts.firing("fp-c", "AgentTimeout", "agent-c", "CRITICAL", T0.plusSeconds(70)));
        h.runFor(Duration.ofMinutes(5));                  // flush at T0+120s merged too; one post at T0+150s

        List<JsonNode> bodies = EngineHarness.bodies(wm, PATH);
        assertThat(bodies).hasSize(2);
        assertThat(bodies.get(1).path("text").asText()).isEqualTo("[FIRING:3] AgentTimeout");
        assertThat(bodies.get(1).path("blocks")).hasSize(4);
        assertThat(h.listener.attemptTimes("team/slack[0]")).containsExactly(T0, T0.plusSeconds(150));
        assertThat(h.allDone()).isTrue();
    }
}
