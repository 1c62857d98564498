package dev.agentwatch.sink.broker;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentwatch.localcluster.junit.LocalKafka;
import dev.agentwatch.localcluster.junit.WithLocalKafka;
import dev.agentwatch.sink.kafka.SilenceAdmin;
import dev.agentwatch.sink.kafka.TopicSetup;
import dev.agentwatch.sink.matching.Matcher;
import dev.agentwatch.sink.testing.Alerts;
import dev.agentwatch.sink.testing.EngineHarness;
import dev.agentwatch.sink.testing.PagerDutyConfig;
import dev.agentwatch.sink.testing.StubServer;
import dev.agentwatch.topics.TopicSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Records written straight to the silences topic, bypassing {@code silence add}: one with {@code matchers: []}
 * (which would mute everything), one that matches only empty labels, one nested beyond any silence, one regex that
 * would exhaust memory when compiled. The running sink refuses and counts each, keeps following the topic, still
 * applies a valid silence, and delivers the other alerts to Slack and PagerDuty (WireMock over real HTTP).
 */
@WithLocalKafka
class SilencesTopicBrokerTest {

    private static final String SLACK_PATH = "/services/T1/B1/silenceTestHook";

    @RegisterExtension
    final StubServer wm = new StubServer();

    private static String silence(String id, String matchers) {
        Instant now = Instant.now();
        return """
                {"id":"%s","matchers":%s,"startsAt":"%s","endsAt":"%s","createdBy":"someone","comment":"written by hand"}
                """.formatted(id, matchers, now.minusSeconds(60), now.plus(Duration.ofHours(1)));
    }

    private Set<String> slackAgents() {
        Set<String> out = new HashSet<>();
        for (JsonNode b : EngineHarness.bodies(wm, SLACK_PATH)) {
            out.add(b.path("text").asText());
        }
        return out;
    }

    private Set<String> pagerDutyKeys() {
        Set<String> out = new HashSet<>();
        for (JsonNode b : EngineHarness.bodies(wm, PagerDutyConfig.PATH)) {
            out.add(b.path("dedup_key").asText());
        }
        return out;
    }

    @Test
    void badSilencesOnTheTopicAreRefusedAndCountedAndAlertsAreStillDelivered(LocalKafka kafka) throws Exception {
        wm.answer(SLACK_PATH, 200, "ok");
        wm.answer(PagerDutyConfig.PATH, 202, "{\"status\":\"success\"}");
        try (BrokerFixture f = new BrokerFixture(kafka, 1)) {
            TopicSetup.ensure(kafka.bootstrapServers(), Optional.of((short) 1), List.of(TopicSpec.settings(f.topics.silences())));
            try (KafkaProducer<String, byte[]> p = f.producer(null);
                 SilenceAdmin admin = new SilenceAdmin(kafka.bootstrapServers(), f.topics.silences(), Optional.of((short) 1), Clock.systemUTC())) {
                p.send(new ProducerRecord<>(f.topics.silences(), "evil", silence("evil", "[]").getBytes(StandardCharsets.UTF_8))).get();
                p.send(new ProducerRecord<>(f.topics.silences(), "deep", ("{\"id\":\"deep\",\"matchers\":" + "[".repeat(5_000)
                        + "]".repeat(5_000) + "}").getBytes(StandardCharsets.UTF_8))).get();
                p.send(new ProducerRecord<>(f.topics.silences(), "bomb", silence("bomb",
                        "[{\"name\":\"agent_id\",\"value\":\"((a{1000}){1000}){1000}\",\"isRegex\":true}]").getBytes(StandardCharsets.UTF_8))).get();
                admin.add(List.of(Matcher.parse("agent_id=\"agent-muted\"")), null, Instant.now().plus(Duration.ofHours(1)), "test",
                        "a valid silence next to the bad ones");
            }
            String yaml = """
                    route:
                      receiver: everyone
                      group_by: ['...']
                      group_wait: 0s
                      group_interval: 1s
                    receivers:
                      - name: everyone
                        slack_configs:
                          - webhook_url_env: SLACK_WEBHOOK_URL
                        pagerduty_configs:
                          - routing_key_env: %s
                            url: %s%s
                    consumer:
                      group_id: %s
                    """.formatted(PagerDutyConfig.ROUTING_KEY_ENV, wm.baseUrl(), PagerDutyConfig.PATH, f.prefix + "-group");
            Map<String, String> env = Map.of("SLACK_WEBHOOK_URL", wm.baseUrl() + SLACK_PATH,
                    PagerDutyConfig.ROUTING_KEY_ENV, PagerDutyConfig.ROUTING_KEY);
            try (RunningSink s = new RunningSink(f, yaml, env)) {
                int port = s.sink.httpPort();
                // Written while the sink runs: the follower must still be there to refuse it.
                try (KafkaProducer<String, byte[]> p = f.producer(null)) {
                    p.send(new ProducerRecord<>(f.topics.silences(), "empty", silence("empty",
                            "[{\"name\":\"team\",\"value\":\"\"}]").getBytes(StandardCharsets.UTF_8))).get();
                }
                String refused = "agentwatch_sink_silences_refused_total";
                Await.until("four refusals counted", Duration.ofSeconds(30), () -> {
                    String m = HttpGet.get(port, "/metrics").body();
                    return HttpGet.sample(m, refused + "{reason=\"no-matchers\"}") == 1
                            && HttpGet.sample(m, refused + "{reason=\"too-complex\"}") == 1
                            && HttpGet.sample(m, refused + "{reason=\"bad-matcher\"}") == 1
                            && HttpGet.sample(m, refused + "{reason=\"matches-everything\"}") == 1;
                });

                Instant now = Instant.now();
                f.send(List.of(Alerts.firing("fp-loud", "AgentTimeout", "agent-loud", "CRITICAL", now),
                        Alerts.firing("fp-muted", "AgentTimeout", "agent-muted", "CRITICAL", now)));
                Await.until("the alert on Slack and PagerDuty", Duration.ofSeconds(30),
                        () -> slackAgents().contains("[FIRING:1] AgentTimeout on agent-loud") && pagerDutyKeys().contains("fp-loud"));
                Thread.sleep(2_000); // two more group intervals: the silenced one must not follow
                assertThat(pagerDutyKeys()).containsExactly("fp-loud");
                assertThat(slackAgents()).containsExactly("[FIRING:1] AgentTimeout on agent-loud");

                HttpGet.Answer health = HttpGet.get(port, "/health");
                assertThat(health.status()).isEqualTo(200);
                assertThat(health.body()).isEqualTo("{\"status\":\"UP\"}");
                HttpGet.Answer metrics = HttpGet.get(port, "/metrics");
                assertThat(metrics.contentType()).startsWith("text/plain");
                assertThat(HttpGet.sample(metrics.body(),
                        "agentwatch_sink_deliveries_total{integration=\"everyone/pagerduty[0]\",outcome=\"delivered\",receiver=\"everyone\"}"))
                        .isEqualTo(1);
                assertThat(metrics.body()).doesNotContain(PagerDutyConfig.ROUTING_KEY).doesNotContain(SLACK_PATH);
                assertThat(HttpGet.get(port, "/metrics/other").status()).isEqualTo(404);
            }
        }
    }
}
