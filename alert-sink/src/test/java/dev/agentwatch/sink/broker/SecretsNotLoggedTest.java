package dev.agentwatch.sink.broker;

import dev.agentwatch.localcluster.junit.LocalKafka;
import dev.agentwatch.localcluster.junit.WithLocalKafka;
import dev.agentwatch.topics.DeadLetterHeaders;
import dev.agentwatch.sink.testing.Alerts;
import dev.agentwatch.sink.testing.EngineHarness;
import dev.agentwatch.sink.testing.StubServer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the sink as a process with a Slack webhook URL, a PagerDuty routing key and a webhook URL, drives it
 * through success, retries (5xx, refused connections), parking (404, a 400 whose body echoes the routing key),
 * then greps every line it logged (ours at DEBUG, Kafka's at INFO), what it serves on {@code /metrics} and the
 * dead-letter headers for the secrets.
 */
@WithLocalKafka
class SecretsNotLoggedTest {

    private static final String SLACK_PATH = "/services/T0SECRETT/B0SECRETB/xoxbHookSecretToken123";
    private static final String ROUTING_KEY = "PDsecretRoutingKey0123456789abcd";
    private static final String HOOK_TOKEN = "TOPSECRETWEBHOOKTOKEN";

    @RegisterExtension
    final StubServer wm = new StubServer();

    @Test
    void noLogLineAndNoDeadLetterHeaderContainsASecret(LocalKafka kafka, @TempDir Path dir) throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort(); // nothing listens there once closed: connections are refused
        }
        int metricsPort;
        try (ServerSocket s = new ServerSocket(0)) {
            metricsPort = s.getLocalPort(); // free a moment ago: the sink listens there
        }
        String slackUrl = wm.baseUrl() + SLACK_PATH;
        String hookUrl = "http://127.0.0.1:" + closedPort + "/hook/" + HOOK_TOKEN;
        try (BrokerFixture f = new BrokerFixture(kafka, 1)) {
            wm.answerInTurn(SLACK_PATH, aResponse().withStatus(500).withBody("internal error"),
                    aResponse().withStatus(404).withBody("no_service"));
            wm.stubFor(post(urlEqualTo("/v2/enqueue")).willReturn(aResponse().withStatus(400)
                    .withBody("{\"status\":\"invalid event\",\"message\":\"routing key " + ROUTING_KEY + " is unknown\"}")));
            Path sinkYaml = dir.resolve("alert-sink.yaml");
            // One flush: a parked notification is told again at its group's next flush, and the test counts what parks.
            Files.writeString(sinkYaml, """
                    route:
                      receiver: everyone
                      group_wait: 0s
                      group_interval: 1h
                    receivers:
                      - name: everyone
                        console_configs: [{}]
                        slack_configs:
                          - webhook_url_env: SLACK_WEBHOOK_URL
                        pagerduty_configs:
                          - routing_key_env: PAGERDUTY_ROUTING_KEY
                            url: %s/v2/enqueue
                        webhook_configs:
                          - url_env: HOOK_URL
                    inhibit_rules:
                      - source_matchers: ['severity="critical"']
                        target_matchers: ['severity="warning"']
                        equal: [agent_id]
                    consumer:
                      group_id: %s
                    delivery:
                      initial_backoff: 100ms
                      max_backoff: 500ms
                    """.formatted(wm.baseUrl(), f.prefix + "-group"));
            Map<String, String> env = Map.of(
                    "AGENTWATCH_CONFIG", f.writeAgentwatchYaml(dir).toString(),
                    "AGENTWATCH_SINK_CONFIG", sinkYaml.toString(),
                    "SLACK_WEBHOOK_URL", slackUrl,
                    "PAGERDUTY_ROUTING_KEY", ROUTING_KEY,
                    "HOOK_URL", hookUrl,
                    "AGENTWATCH_SINK_PORT", Integer.toString(metricsPort));
            Path log = dir.resolve("sink.log");
            String metrics;
            try (SinkProcess sink = SinkProcess.start(log, env)) {
                sink.awaitOutput("alert sink started", Duration.ofSeconds(60));
                f.send(List.of(Alerts.firing("fp-1", "AgentTimeout", "agent-1", "CRITICAL", Instant.now())));
                sink.awaitOutput("http-404", Duration.ofSeconds(60));
                sink.awaitOutput("http-400", Duration.ofSeconds(60));
                sink.awaitOutput("network:", Duration.ofSeconds(60));
                sink.awaitOutput("FIRING", Duration.ofSeconds(60));
                metrics = HttpGet.get(metricsPort, "/metrics").body();
                sink.stop();
            }
            assertThat(metrics).contains("agentwatch_sink_notifications_parked_total{integration=\"everyone/slack[0]\",reason=\"http-404\"} 1.0")
                    .contains("agentwatch_sink_retries_total{cause=\"network\",integration=\"everyone/webhook[0]\"}");
            for (String secret : List.of(slackUrl, SLACK_PATH, "xoxbHookSecretToken123", ROUTING_KEY, hookUrl, HOOK_TOKEN)) {
                assertThat(metrics).as("/metrics contains a secret").doesNotContain(secret);
            }
            String output = Files.readString(log, StandardCharsets.UTF_8);
            assertThat(output.lines().count()).as("the sink said a lot").isGreaterThan(50);
            assertThat(output).contains("ConsumerConfig values").contains("parked").contains("retrying");
            for (String secret : List.of(slackUrl, SLACK_PATH, "xoxbHookSecretToken123", ROUTING_KEY, hookUrl, HOOK_TOKEN)) {
                assertThat(output).as("log contains a secret").doesNotContain(secret);
            }
            assertThat(EngineHarness.requestCount(wm)).as("Slack and PagerDuty were really called").isGreaterThanOrEqualTo(3);

            List<ConsumerRecord<String, byte[]>> parked = f.read(f.topics.alertsDlq(), 2, Duration.ofSeconds(30));
            assertThat(parked).hasSize(2);
            for (ConsumerRecord<String, byte[]> r : parked) {
                for (Header h : r.headers()) {
                    String v = new String(h.value(), StandardCharsets.UTF_8);
                    assertThat(v).doesNotContain(ROUTING_KEY).doesNotContain("xoxbHookSecretToken123");
                }
            }
            assertThat(parked.stream().map(r -> DeadLetterHeaders.text(r.headers(), DeadLetterHeaders.DETAIL)))
                    .anyMatch(d -> d.contains("<redacted>"));
        }
    }
}
