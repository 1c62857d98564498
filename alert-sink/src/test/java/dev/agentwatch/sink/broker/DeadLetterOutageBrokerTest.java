package dev.agentwatch.sink.broker;

import dev.agentwatch.localcluster.junit.LocalKafka;
import dev.agentwatch.localcluster.junit.WithLocalKafka;
import dev.agentwatch.topics.DeadLetterHeaders;
import dev.agentwatch.sink.testing.Alerts;
import dev.agentwatch.sink.testing.EngineHarness;
import dev.agentwatch.sink.testing.PagerDutyConfig;
import dev.agentwatch.sink.testing.StubServer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dead-letter topic refuses every record for reasons that are not the record's: it was deleted (and is not
 * created again by itself), writing to it is not authorized, no producer may get an idempotent producer id. On a
 * broker of its own with ACLs and no automatic topic creation; PagerDuty refuses the event (400), so it must be
 * parked, and a record that is not an alert must be parked too.
 *
 * <p>What must be parked is held however long that lasts, never given up: its offset is not committed and
 * {@code /health} says DOWN and why; once the topic takes records again it is parked and the offset moves. Nor does
 * a record waiting for its dead-letter write hold up the consumer: the alerts read after it go out on time.
 */
@WithLocalKafka
class DeadLetterOutageBrokerTest {

    private static final String ABANDONED = "agentwatch_sink_deliveries_total{integration=\"oncall/pagerduty[0]\",outcome=\"abandoned\","
            + "receiver=\"oncall\"}";
    private static SecuredBroker broker;

    @RegisterExtension
    final StubServer wm = new StubServer();

    @BeforeAll
    static void start(LocalKafka shared) throws Exception {
        broker = SecuredBroker.start(shared);
    }

    @AfterAll
    static void stop() throws Exception {
        broker.close();
    }

    @AfterEach
    void allowAgain() throws Exception {
        broker.allowAll();
    }

    /** Every alert to PagerDuty, which refuses it, and to the webhook, which takes it. */
    private String yaml(String group) {
        return """
                route:
                  receiver: oncall
                  group_by: ['...']
                  group_wait: 0s
                  routes:
                    - receiver: oncall
                      continue: true
                    - receiver: hook
                """ + PagerDutyConfig.receivers(wm.baseUrl()) + """
                  - name: hook
                    webhook_configs:
                      - url_env: HOOK_URL
                consumer:
                  group_id: %s
                delivery:
                  initial_backoff: 1s
                  max_backoff: 2s
                  dead_letter_give_up_after: 2s
                """.formatted(group);
    }

    private RunningSink sink(BrokerFixture f, String group) throws InterruptedException {
        wm.answer(PagerDutyConfig.PATH, 400, "{\"status\":\"invalid event\"}");
        wm.answer("/hook", 200, "");
        return new RunningSink(f, yaml(group), Map.of(PagerDutyConfig.ROUTING_KEY_ENV, PagerDutyConfig.ROUTING_KEY,
                "HOOK_URL", wm.baseUrl() + "/hook"));
    }

    private static void writeJunk(BrokerFixture f) throws Exception {
        try (KafkaProducer<String, byte[]> p = f.producer(null)) {
            p.send(new ProducerRecord<>(f.topics.alerts(), "junk", "not avro".getBytes(StandardCharsets.UTF_8))).get(30, TimeUnit.SECONDS);
        }
    }

    /** Nothing from offset 0 on is committed or abandoned for {@code period}, and /health says why. */
    private static void assertHeld(BrokerFixture f, String group, int port, Duration period, String because) throws InterruptedException {
        Await.holds("held: nothing committed, nothing abandoned", period, () -> f.committedOffset(group, 0) == 0
                && HttpGet.metric(port, ABANDONED) == 0
                && HttpGet.metric(port, "agentwatch_sink_records_abandoned_total{reason=\"bad-magic-byte\"}") == 0);
        HttpGet.Answer health = HttpGet.get(port, "/health");
        assertThat(health.status()).isEqualTo(503);
        assertThat(health.body()).contains("\"status\":\"DOWN\"").contains(because);
    }

    /** Once the topic takes records: the first {@code n} records are parked with these reasons and committed. */
    private static void assertParked(BrokerFixture f, String group, int port, String... reasons) throws InterruptedException {
        Await.until("parked and committed", Duration.ofSeconds(60), () -> f.committedOffset(group, 0) == reasons.length);
        List<ConsumerRecord<String, byte[]>> parked = f.read(f.topics.alertsDlq(), reasons.length, Duration.ofSeconds(30));
        assertThat(parked).extracting(r -> DeadLetterHeaders.text(r.headers(), DeadLetterHeaders.REASON)).containsExactlyInAnyOrder(reasons);
        Await.until("/health UP again", Duration.ofSeconds(10), () -> HttpGet.get(port, "/health").status() == 200);
        assertThat(HttpGet.metric(port, ABANDONED)).isZero();
    }

    private void awaitPagerDutyRefusal() throws InterruptedException {
        Await.until("PagerDuty refused the event", Duration.ofSeconds(30), () -> !EngineHarness.bodies(wm, PagerDutyConfig.PATH).isEmpty());
    }

    @Test
    void aDeletedDeadLetterTopicIsWaitedForHoweverLongInsteadOfGivingUp() throws Exception {
        try (BrokerFixture f = new BrokerFixture(broker, 1)) {
            String group = f.prefix + "-group";
            try (RunningSink s = sink(f, group)) {
                broker.deleteTopic(f.topics.alertsDlq()); // created by the sink at start
                f.send(List.of(Alerts.firing("fp-1", "AgentTimeout", "agent-1", "CRITICAL", Instant.now()))); // offset 0
                writeJunk(f); // offset 1
                awaitPagerDutyRefusal();
                // A write waits 10 s for the topic's metadata before it fails: several attempts, each far past what
                // dead_letter_give_up_after used to allow.
                assertHeld(f, group, s.sink.httpPort(), Duration.ofSeconds(40), "TimeoutException");

                broker.createTopic(f.topics.alertsDlq(), 1, Map.of());
                assertParked(f, group, s.sink.httpPort(), "http-400", "bad-magic-byte");
            }
        }
    }

    @Test
    void aRecordWaitingForTheDeadLetterTopicDoesNotHoldUpTheAlertsReadAfterIt() throws Exception {
        try (BrokerFixture f = new BrokerFixture(broker, 1)) {
            String group = f.prefix + "-group";
            try (RunningSink s = sink(f, group)) {
                broker.deleteTopic(f.topics.alertsDlq());
                writeJunk(f); // offset 0: its dead-letter write cannot succeed for now
                long written = System.nanoTime();
                f.send(List.of(Alerts.firing("fp-after", "AgentTimeout", "agent-1", "CRITICAL", Instant.now()))); // offset 1
                Await.until("the alert behind the junk delivered", Duration.ofSeconds(60), () -> !EngineHarness.bodies(wm, "/hook").isEmpty());
                Duration took = Duration.ofNanos(System.nanoTime() - written);
                System.out.printf("the alert behind a record waiting for its dead-letter write reached the webhook after %d ms%n",
                        took.toMillis());
                assertThat(took).as("group_wait is 0 s; a dead-letter write waits 10 s for the topic").isLessThan(Duration.ofSeconds(4));
                assertThat(f.committedOffset(group, 0)).as("the junk is not parked yet").isZero();

                broker.createTopic(f.topics.alertsDlq(), 1, Map.of());
                // The alert's PagerDuty event was refused and is parked too.
                assertParked(f, group, s.sink.httpPort(), "bad-magic-byte", "http-400");
            }
        }
    }

    @Test
    void aDeadLetterTopicTheSinkMayNotWriteToHoldsTheAlertUntilItMay() throws Exception {
        try (BrokerFixture f = new BrokerFixture(broker, 1)) {
            String group = f.prefix + "-group";
            try (RunningSink s = sink(f, group)) {
                broker.denyWrite(f.topics.alertsDlq());
                f.send(List.of(Alerts.firing("fp-1", "AgentTimeout", "agent-1", "CRITICAL", Instant.now())));
                awaitPagerDutyRefusal();
                assertHeld(f, group, s.sink.httpPort(), Duration.ofSeconds(10), "TopicAuthorizationException");

                broker.allowAll();
                assertParked(f, group, s.sink.httpPort(), "http-400");
            }
        }
    }

    @Test
    void aProducerRefusedItsProducerIdIsReplacedAndNothingIsLost() throws Exception {
        try (BrokerFixture f = new BrokerFixture(broker, 1)) {
            String group = f.prefix + "-group";
            f.send(List.of(Alerts.firing("fp-1", "AgentTimeout", "agent-1", "CRITICAL", Instant.now())));
            // Before the sink starts: its dead-letter producer asks for its idempotent producer id at once.
            broker.denyIdempotentProducers();
            try (RunningSink s = sink(f, group)) {
                awaitPagerDutyRefusal();
                assertHeld(f, group, s.sink.httpPort(), Duration.ofSeconds(10), "ClusterAuthorizationException");

                broker.allowAll();
                assertParked(f, group, s.sink.httpPort(), "http-400");
                assertThat(HttpGet.metric(s.sink.httpPort(), "agentwatch_sink_dead_letter_producers_replaced_total")).isPositive();
            }
        }
    }
}
