package dev.agentwatch.sink.broker;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentwatch.localcluster.junit.LocalKafka;
import dev.agentwatch.localcluster.junit.WithLocalKafka;
import dev.agentwatch.schema.AlertEvent;
import dev.agentwatch.topics.DeadLetterHeaders;
import dev.agentwatch.sink.testing.Alerts;
import dev.agentwatch.sink.testing.EngineHarness;
import dev.agentwatch.sink.testing.PagerDutyConfig;
import dev.agentwatch.sink.testing.StubServer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * PagerDuty answers 500 to everything while 10,000 alerts are owed to it; Slack is healthy. A new alert read after
 * that reaches Slack within its group_wait (reading is not paused for anyone), PagerDuty's backlog stays at
 * {@code max_queued}, and what did not fit is parked in the dead-letter topic as {@code queue-full}, oldest first.
 * Real broker, real HTTP.
 */
@WithLocalKafka
class IsolationBrokerTest {

    private static final String SLACK_PATH = "/services/T1/B1/isolationBrokerHook";
    private static final Duration GROUP_WAIT = Duration.ofSeconds(1);
    /** The bulk group waits longer, so all 10,000 are read before its one flush. */
    private static final Duration BULK_GROUP_WAIT = Duration.ofSeconds(6);
    private static final int BACKLOG = 10_000;
    private static final int MAX_QUEUED = BACKLOG - 1;

    @RegisterExtension
    final StubServer wm = new StubServer();

    private boolean slackGot(String text) {
        return EngineHarness.bodies(wm, SLACK_PATH).stream().map(b -> b.path("text").asText()).anyMatch(text::equals);
    }

    @Test
    void aFailingReceiverWithTenThousandPendingDelaysNoOtherReceiver(LocalKafka kafka) throws Exception {
        wm.answer(SLACK_PATH, 200, "ok");
        wm.answer(PagerDutyConfig.PATH, 500, "{\"status\":\"unavailable\"}");
        try (BrokerFixture f = new BrokerFixture(kafka, 1)) {
            String yaml = """
                    route:
                      receiver: team
                      group_by: [alertname]
                      group_wait: %ds
                      group_interval: 1m
                      routes:
                        - receiver: oncall
                          continue: true
                          group_wait: %ds
                        - receiver: team
                          matchers: ['alertname="Bulk"']
                          group_wait: %2$ds
                        - receiver: team
                    """.formatted(GROUP_WAIT.toSeconds(), BULK_GROUP_WAIT.toSeconds()) + PagerDutyConfig.receivers(wm.baseUrl()) + """
                      - name: team
                        slack_configs:
                          - webhook_url_env: SLACK_WEBHOOK_URL
                    consumer:
                      group_id: %s
                    delivery:
                      max_queued: %d
                    """.formatted(f.prefix + "-group", MAX_QUEUED);
            Map<String, String> env = Map.of("SLACK_WEBHOOK_URL", wm.baseUrl() + SLACK_PATH,
                    PagerDutyConfig.ROUTING_KEY_ENV, PagerDutyConfig.ROUTING_KEY);
            try (RunningSink s = new RunningSink(f, yaml, env)) {
                Instant now = Instant.now();
                List<AlertEvent> bulk = IntStream.range(0, BACKLOG)
                        .mapToObj(i -> Alerts.firing("fp-%05d".formatted(i), "Bulk", "agent-" + i, "CRITICAL", now)).toList();
                f.send(bulk);
                Await.until("the bulk group on Slack", Duration.ofSeconds(60), () -> slackGot("[FIRING:" + BACKLOG + "] Bulk"));
                int port = s.sink.httpPort();
                String pdQueue = "agentwatch_sink_queue_notifications{integration=\"oncall/pagerduty[0]\"}";
                Await.until("PagerDuty's queue full", Duration.ofSeconds(30),
                        () -> HttpGet.sample(HttpGet.get(port, "/metrics").body(), pdQueue) == MAX_QUEUED);

                // Behind the 10,000 in the same partition: read only if reading was not paused for PagerDuty.
                long sent = System.nanoTime();
                f.send(List.of(Alerts.firing("fp-probe", "Probe", "agent-probe", "CRITICAL", Instant.now())));
                Await.until("the probe on Slack", Duration.ofSeconds(30), () -> slackGot("[FIRING:1] Probe on agent-probe"));
                Duration took = Duration.ofNanos(System.nanoTime() - sent);
                System.out.printf("isolation: probe reached Slack %d ms after it was written (group_wait %d ms)%n",
                        took.toMillis(), GROUP_WAIT.toMillis());
                assertThat(took).as("within group_wait and a little").isLessThan(GROUP_WAIT.plusSeconds(3));

                // 10,000 owed, 9,999 held: the oldest not being sent at that moment was parked (and the probe's own
                // PagerDuty event, if it came already, pushed out the next).
                List<ConsumerRecord<String, byte[]>> parked = f.read(f.topics.alertsDlq(), 1, Duration.ofSeconds(30));
                assertThat(parked).hasSizeBetween(1, 2);
                assertThat(parked.get(0).key()).isIn("fp-00000", "fp-00001");
                assertThat(parked).allMatch(r -> "queue-full".equals(DeadLetterHeaders.text(r.headers(), DeadLetterHeaders.REASON)));
                String metrics = HttpGet.get(port, "/metrics").body();
                assertThat(HttpGet.sample(metrics, pdQueue)).isEqualTo(MAX_QUEUED);
                assertThat(HttpGet.sample(metrics, "agentwatch_sink_retries_total{cause=\"http-500\",integration=\"oncall/pagerduty[0]\"}"))
                        .isGreaterThan(0);
                JsonNode probe = EngineHarness.bodies(wm, SLACK_PATH).stream()
                        .filter(b -> b.path("text").asText().contains("Probe")).findFirst().orElseThrow();
                assertThat(probe.path("blocks")).hasSize(2);
            }
        }
    }
}
