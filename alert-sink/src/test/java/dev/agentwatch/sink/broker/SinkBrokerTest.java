package dev.agentwatch.sink.broker;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentwatch.localcluster.junit.LocalKafka;
import dev.agentwatch.localcluster.junit.WithLocalKafka;
import dev.agentwatch.schema.AlertEvent;
import dev.agentwatch.sink.kafka.SilenceAdmin;
import dev.agentwatch.topics.DeadLetterHeaders;
import dev.agentwatch.sink.matching.Matcher;
import dev.agentwatch.sink.silence.Silence;
import dev.agentwatch.sink.testing.Alerts;
import dev.agentwatch.sink.testing.EngineHarness;
import dev.agentwatch.sink.testing.StubServer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
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
import java.util.stream.IntStream;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/** The sink against the real broker and registry, in this JVM. */
@WithLocalKafka
class SinkBrokerTest {

    @RegisterExtension
    final StubServer wm = new StubServer();

    private String webhookConfig(String group, String routeExtra) {
        return """
                route:
                  receiver: hook
                  group_by: ['...']
                  group_wait: 0s
                  group_interval: 1s
                %s
                receivers:
                  - name: hook
                    webhook_configs:
                      - url_env: HOOK_URL
                consumer:
                  group_id: %s
                  session_timeout: 6s
                delivery:
                  initial_backoff: 100ms
                  max_backoff: 1s
                """.formatted(routeExtra, group);
    }

    private Map<String, String> env() {
        return Map.of("HOOK_URL", wm.baseUrl() + "/hook");
    }

    private Set<String> deliveredFingerprints() {
        Set<String> out = new HashSet<>();
        for (JsonNode n : EngineHarness.bodies(wm, "/hook")) {
            n.path("alerts").forEach(a -> out.add(a.path("fingerprint").asText()));
        }
        return out;
    }

    @Test
    void twoInstancesInOneGroupShareThePartitionsAndDeliverEveryAlertOnce(LocalKafka kafka) throws Exception {
        wm.stubFor(post(urlEqualTo("/hook")).willReturn(aResponse().withStatus(200)));
        try (BrokerFixture f = new BrokerFixture(kafka, 4)) {
            String yaml = webhookConfig(f.prefix + "-group", "");
            try (RunningSink a = new RunningSink(f, yaml, env()); RunningSink b = new RunningSink(f, yaml, env())) {
                Await.until("both instances assigned", Duration.ofSeconds(60), () -> !a.partitions().isEmpty() && !b.partitions().isEmpty()
                        && a.partitions().size() + b.partitions().size() == 4);
                assertThat(a.partitions()).doesNotContainAnyElementsOf(b.partitions());

                Instant now = Instant.now();
                List<AlertEvent> alerts = IntStream.range(0, 40)
                        .mapToObj(i -> Alerts.firing("fp-" + i, "AgentTimeout", "agent-" + i, "CRITICAL", now)).toList();
                f.send(alerts);
                Await.until("40 alerts delivered", Duration.ofSeconds(60), () -> deliveredFingerprints().size() == 40);
                Thread.sleep(1_500); // a further group interval: nothing more may come

                assertThat(EngineHarness.bodies(wm, "/hook")).hasSize(40);
                assertThat(a.listener.delivered()).isNotEmpty();
                assertThat(b.listener.delivered()).isNotEmpty();
                assertThat(a.listener.delivered().size() + b.listener.delivered().size()).isEqualTo(40);
            }
            Map<Integer, org.apache.kafka.clients.consumer.OffsetAndMetadata> committed = f.committed(f.prefix + "-group");
            assertThat(committed.values().stream().mapToLong(o -> o.offset()).sum()).isEqualTo(40);
        }
    }

    @Test
    void refusedAndUnreadableRecordsAreParkedWithTheirReasonAbortedOnesNeverSeenAndOffsetsMovePastAll(LocalKafka kafka) throws Exception {
        wm.stubFor(post(urlEqualTo("/hook")).willReturn(aResponse().withStatus(400).withBody("unknown field")));
        try (BrokerFixture f = new BrokerFixture(kafka, 1)) {
            Instant now = Instant.now();
            f.sendAborted(IntStream.range(0, 3)
                    .mapToObj(i -> Alerts.firing("aborted-" + i, "AgentTimeout", "agent-x", "CRITICAL", now)).toList());
            try (KafkaProducer<String, byte[]> p = f.producer(null)) {
                p.send(new ProducerRecord<>(f.topics.alerts(), "junk", "not avro at all".getBytes(StandardCharsets.UTF_8))).get();
                p.send(f.record(Alerts.firing("fp-1", "AgentTimeout", "agent-1", "CRITICAL", now))).get();
                p.send(f.record(Alerts.firing("fp-2", "HighTokenDrift", "agent-2", "WARNING", now))).get();
            }
            try (RunningSink s = new RunningSink(f, webhookConfig(f.prefix + "-group", ""), env())) {
                Await.until("partition assigned", Duration.ofSeconds(60), () -> s.partitions().equals(Set.of(0)));
                List<ConsumerRecord<String, byte[]>> parked = f.read(f.topics.alertsDlq(), 3, Duration.ofSeconds(60));
                assertThat(parked).hasSize(3);
                ConsumerRecord<String, byte[]> junk = parked.stream().filter(r -> "junk".equals(r.key())).findFirst().orElseThrow();
                assertThat(DeadLetterHeaders.text(junk.headers(), DeadLetterHeaders.REASON)).isEqualTo("bad-magic-byte");
                assertThat(new String(junk.value(), StandardCharsets.UTF_8)).isEqualTo("not avro at all");
                assertThat(DeadLetterHeaders.text(junk.headers(), DeadLetterHeaders.SOURCE_OFFSET)).isEqualTo("4");

                for (ConsumerRecord<String, byte[]> r : parked) {
                    if (r.key().startsWith("fp-")) {
                        assertThat(DeadLetterHeaders.text(r.headers(), DeadLetterHeaders.REASON)).isEqualTo("http-400");
                        assertThat(DeadLetterHeaders.text(r.headers(), DeadLetterHeaders.DETAIL)).isEqualTo("unknown field");
                        assertThat(DeadLetterHeaders.text(r.headers(), DeadLetterHeaders.RECEIVER)).isEqualTo("hook/webhook[0]");
                        assertThat(DeadLetterHeaders.text(r.headers(), DeadLetterHeaders.SOURCE_TOPIC)).isEqualTo(f.topics.alerts());
                        assertThat(f.decode(r).getFingerprint()).isEqualTo(r.key());
                    }
                }
                Await.until("offsets committed past everything", Duration.ofSeconds(30), () -> {
                    try {
                        var c = f.committed(f.prefix + "-group").get(0);
                        return c != null && c.offset() == 7; // 3 aborted + abort marker + junk + 2 alerts
                    } catch (Exception e) {
                        return false;
                    }
                });
                assertThat(deliveredFingerprints()).as("aborted alerts were never read").noneMatch(fp -> fp.startsWith("aborted"));
            }
        }
    }

    @Test
    void aSilenceAddedWithSilenceAdminMutesUntilItIsExpired(LocalKafka kafka) throws Exception {
        wm.stubFor(post(urlEqualTo("/hook")).willReturn(aResponse().withStatus(200)));
        try (BrokerFixture f = new BrokerFixture(kafka, 2);
             SilenceAdmin admin = new SilenceAdmin(kafka.bootstrapServers(), f.topics.silences(), Optional.of((short) 1), Clock.systemUTC())) {
            Silence silence = admin.add(List.of(Matcher.parse("agent_id=\"agent-muted\"")), null,
                    Instant.now().plus(Duration.ofHours(1)), "test", "maintenance of agent-muted");
            try (RunningSink s = new RunningSink(f, webhookConfig(f.prefix + "-group", ""), env())) {
                Instant now = Instant.now();
                f.send(List.of(Alerts.firing("fp-muted", "AgentTimeout", "agent-muted", "CRITICAL", now),
                        Alerts.firing("fp-loud", "AgentTimeout", "agent-loud", "CRITICAL", now)));
                Await.until("the unsilenced alert", Duration.ofSeconds(30), () -> deliveredFingerprints().contains("fp-loud"));
                Thread.sleep(2_500); // two more group intervals
                assertThat(deliveredFingerprints()).containsExactly("fp-loud");

                assertThat(admin.expire(silence.id())).isPresent();
                Await.until("the alert after its silence expired", Duration.ofSeconds(30), () -> deliveredFingerprints().contains("fp-muted"));
                assertThat(s.console()).isEmpty(); // no console receiver configured here
            }
        }
    }

    @Test
    void theConsoleReceiverPrintsFiringAndResolvedLines(LocalKafka kafka) throws Exception {
        try (BrokerFixture f = new BrokerFixture(kafka, 1)) {
            String yaml = """
                    route: {receiver: console, group_wait: 0s, group_interval: 1s}
                    receivers:
                      - name: console
                        console_configs: [{}]
                    consumer: {group_id: %s}
                    """.formatted(f.prefix + "-group");
            try (RunningSink s = new RunningSink(f, yaml, Map.of())) {
                Instant now = Instant.now();
                AlertEvent firing = Alerts.firing("fp-c", "AgentTimeout", "agent-c", "CRITICAL", now);
                f.send(List.of(firing));
                Await.until("FIRING line", Duration.ofSeconds(30), () -> s.console().contains("FIRING"));
                f.send(List.of(Alerts.resolved(firing, now.plusSeconds(1))));
                Await.until("RESOLVED line", Duration.ofSeconds(30), () -> s.console().contains("RESOLVED"));
                assertThat(s.console()).contains("FIRING   CRITICAL AgentTimeout agent=agent-c value=41250.5 threshold=30000 baseline=12000 window=300s samples=240 fingerprint=fp-c");
            }
        }
    }
}
