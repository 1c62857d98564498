package dev.agentwatch.streams;

import dev.agentwatch.rules.RuleCompileOptions;
import dev.agentwatch.rules.RuleFiles;
import dev.agentwatch.rules.RuleSet;
import dev.agentwatch.rules.RulesTopicCodec;
import dev.agentwatch.schema.AlertEvent;
import dev.agentwatch.schema.AlertStatus;
import dev.agentwatch.schema.AvroSerdeConfig;
import dev.agentwatch.schema.MetricEvent;
import dev.agentwatch.schema.serde.AvroDeserializer;
import dev.agentwatch.schema.serde.AvroSerializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rules through the real topology: rule sets arrive on the rules topic, alerts leave on the alerts topic, once
 * per transition. Event time drives evaluation (every 10 s); the test driver's wall clock drives silence.
 */
class AlertsTopologyTest {

    private static final long T0 = 1_704_067_200_000L; // a slice boundary
    private static final long SECOND = 1_000L;
    private static final String SEED = """
            - alert: HighTokenDrift
              condition: tokens_per_request > baseline * 1.5 for 5min
              severity: WARNING
            - alert: AgentTimeout
              condition: latency_p95 > 30000ms
              severity: CRITICAL
            - alert: ErrorSpikeDetected
              condition: error_rate > 5% for 10min
              severity: CRITICAL
            """;

    private final MockRegistry registry = new MockRegistry();
    private StreamsSettings settings;
    private TopologyFixture fixture;
    private TopologyTestDriver driver;
    private TestInputTopic<byte[], byte[]> metrics;
    private TestInputTopic<String, String> rules;
    private TestOutputTopic<String, AlertEvent> alerts;
    private AvroSerializer<MetricEvent> serializer;
    private int seq;

    @BeforeEach
    void start() {
        settings = TestSettings.of("unused:9092", registry.url(), registry.uniqueName("alerts"), TestSettings.prices());
        fixture = new TopologyFixture(settings, (b, changed) -> { });
        serializer = fixture.metricSerializer();
        driver = new TopologyTestDriver(fixture.topology, StreamsAppMain.streamsProperties(settings),
                Instant.ofEpochMilli(T0 + TestSettings.WALL_CLOCK_AHEAD_MS));
        metrics = driver.createInputTopic(settings.topics().metrics(), new ByteArraySerializer(), new ByteArraySerializer());
        rules = driver.createInputTopic(settings.topics().rules(), new StringSerializer(), new StringSerializer());
        AvroDeserializer<AlertEvent> values = new AvroDeserializer<>(AlertEvent.class);
        values.configure(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, registry.url()), false);
        alerts = driver.createOutputTopic(settings.topics().alerts(), new StringDeserializer(), values);
    }

    @AfterEach
    void stop() {
        driver.close();
        registry.close();
    }

    @Test
    void agentTimeoutFiresOnceWhileTheConditionHoldsAndResolvesOnce() {
        long version = apply(SEED);
        long t = steady("a", T0, 120, 1_000.0);          // 2 min healthy, 1 event/s
        assertThat(alerts.isEmpty()).isTrue();
        t = steady("a", t, 180, 40_000.0);              // 3 min of 40 s calls
        List<AlertEvent> fired = alerts.readValuesToList();
        assertThat(fired).hasSize(1);
        AlertEvent a = fired.get(0);
        assertThat(a.getStatus()).isEqualTo(AlertStatus.FIRING);
        assertThat(a.getAlert()).isEqualTo("AgentTimeout");
        assertThat(a.getSeverity()).isEqualTo("CRITICAL");
        assertThat(a.getAgentId()).isEqualTo("a");
        assertThat(a.getValue()).isGreaterThan(30_000.0);
        assertThat(a.getThreshold()).isEqualTo(30_000.0);
        assertThat(a.getWindowMs()).isEqualTo(60_000L);
        assertThat(a.getSampleCount()).isEqualTo(60L);
        assertThat(a.getRuleVersion()).isEqualTo(version);
        assertThat(a.getEvidence().getEventIds()).isNotEmpty().allMatch(id -> id.startsWith("e-"));
        assertThat(a.getEvidence().getTraceIds()).isNotEmpty();
        // Fired within one evaluation interval of the first minute in which more than 5% of calls were slow.
        assertThat(a.getEvaluatedAt().toEpochMilli() - (T0 + 120 * SECOND)).isLessThanOrEqualTo(20 * SECOND);

        steady("a", t, 180, 1_000.0);                   // healthy again
        List<AlertEvent> resolved = alerts.readValuesToList();
        assertThat(resolved).hasSize(1);
        assertThat(resolved.get(0).getStatus()).isEqualTo(AlertStatus.RESOLVED);
        assertThat(resolved.get(0).getFingerprint()).isEqualTo(a.getFingerprint());
        assertThat(resolved.get(0).getStartsAt()).isEqualTo(a.getStartsAt());
        assertThat(resolved.get(0).getEndsAt()).isNotNull();
    }

    @Test
    void minSamplesGatesTheStartOfAnAlertNotItsEnd() {
        apply(SEED);
        long t = steady("a", T0, 120, 1_000.0);
        t = steady("a", t, 120, 40_000.0);              // 60 calls a minute, all slow: fires
        assertThat(alerts.readValuesToList()).extracting(AlertEvent::getStatus).containsExactly(AlertStatus.FIRING);
        // Traffic thins to 10 calls a minute, under min_samples (20), and they are still slow: the alert goes on,
        // neither resolved nor fired again; another agent as thin and as slow starts nothing.
        for (long end = t + 300 * SECOND; t < end; t += 6 * SECOND) {
            send(event("a", t).setLatencyMs(40_000.0));
            send(event("b", t).setLatencyMs(40_000.0));
        }
        assertThat(alerts.readValuesToList()).isEmpty();
        // Thin and fast: the few samples are enough to end it, once.
        sparse("a", t, 120, 6, 1_000.0);
        List<AlertEvent> after = alerts.readValuesToList();
        assertThat(after).extracting(AlertEvent::getStatus).containsExactly(AlertStatus.RESOLVED);
        assertThat(after.get(0).getAgentId()).isEqualTo("a");
        assertThat(after.get(0).getSampleCount()).isLessThan(20L);
    }

    @Test
    void aTighterThresholdAppliedWhileEventsFlowFiresWithTheNewRuleVersion() {
        long seedVersion = apply(SEED);
        long t = steady("a", T0, 120, 20_000.0);         // p95 20 s: quiet under the seed's 30 s
        assertThat(alerts.isEmpty()).isTrue();
        long tighter = apply(SEED.replace("30000ms", "15000ms"));
        assertThat(tighter).isNotEqualTo(seedVersion);
        steady("a", t, 10, 20_000.0);                   // one evaluation interval
        List<AlertEvent> fired = alerts.readValuesToList();
        assertThat(fired).hasSize(1);
        assertThat(fired.get(0).getThreshold()).isEqualTo(15_000.0);
        assertThat(fired.get(0).getRuleVersion()).isEqualTo(tighter);
    }

    @Test
    void anInvalidRulesRecordChangesNothing() {
        long version = apply(SEED.replace("30000ms", "15000ms"));
        rules.pipeInput(RulesTopicCodec.KEY, "{\"format\":1,\"version\":1,\"source\":\"x\",\"text\":\"- alert: X\\n  condition: nope > 1\"}");
        assertThat(fixture.rules.current().version()).isEqualTo(version);
        assertThat(fixture.rules.refusedCount()).isEqualTo(1);
        // and the global store, which the next start installs from, still holds the running rules
        String stored = driver.<String, String>getKeyValueStore(AgentwatchTopology.RULES_STORE).get(RulesTopicCodec.KEY);
        assertThat(RulesTopicCodec.decode(stored, new RuleCompileOptions(settings.slice())).version()).isEqualTo(version);
        steady("a", T0, 120, 20_000.0);
        assertThat(alerts.readValuesToList()).extracting(AlertEvent::getRuleVersion).containsExactly(version);
    }

    @Test
    void removingARuleResolvesItsOpenAlerts() {
        apply(SEED);
        long t = steady("a", T0, 90, 40_000.0);
        assertThat(alerts.readValuesToList()).extracting(AlertEvent::getStatus).containsExactly(AlertStatus.FIRING);
        long without = apply(SEED.substring(0, SEED.indexOf("- alert: AgentTimeout")));
        steady("a", t, 10, 40_000.0);
        List<AlertEvent> after = alerts.readValuesToList();
        assertThat(after).hasSize(1);
        assertThat(after.get(0).getStatus()).isEqualTo(AlertStatus.RESOLVED);
        assertThat(after.get(0).getAlert()).isEqualTo("AgentTimeout");
        assertThat(after.get(0).getRuleVersion()).isEqualTo(without);
    }

    @Test
    void aSilentAgentAlertsUnderNoDataAlertingAndStaysQuietUnderOk() {
        apply("""
                rules:
                  - alert: LatencyOrSilence
                    condition: latency_p95 > 30000ms
                    severity: CRITICAL
                    no_data: alerting
                  - alert: LatencyOnly
                    condition: latency_p95 > 30000ms
                    severity: WARNING
                    no_data: ok
                """);
        long t = steady("a", T0, 60, 1_000.0);
        assertThat(alerts.isEmpty()).isTrue();
        // The agent (and with it the partition) goes silent: after idle_advance_after (1 min) event time follows
        // the wall clock, the windows empty, and only the no_data: alerting rule fires.
        for (int i = 0; i < 30; i++) {
            driver.advanceWallClockTime(Duration.ofSeconds(10));
        }
        List<AlertEvent> fired = alerts.readValuesToList();
        assertThat(fired).extracting(AlertEvent::getAlert).containsExactly("LatencyOrSilence");
        assertThat(fired.get(0).getStatus()).isEqualTo(AlertStatus.FIRING);
        // the first evaluation whose 1 min window holds none of the agent's events
        assertThat(fired.get(0).getEvaluatedAt().toEpochMilli()).isEqualTo(t + 60 * SECOND);
        assertThat(fired.get(0).getSampleCount()).isZero();
    }

    @Test
    void aRuleThatFiresOnEmptyWindowsStillFiresOnceEverySliceHasLeftMemory() {
        apply("""
                rules:
                  - alert: AgentGone
                    condition: request_count < 1 for 10min
                    severity: WARNING
                    min_samples: 0
                  - alert: LatencyOnly
                    condition: latency_p95 > 30000ms
                    severity: WARNING
                """);
        long t = steady("a", T0, 60, 1_000.0);
        // 10 min is the longest window: the one that empties it also evicts the agent's last slice from memory.
        for (int i = 0; i < 80; i++) {
            driver.advanceWallClockTime(Duration.ofSeconds(10));
        }
        List<AlertEvent> fired = alerts.readValuesToList();
        assertThat(fired).extracting(AlertEvent::getAlert).containsExactly("AgentGone");
        assertThat(fired.get(0).getSampleCount()).isZero();
        assertThat(fired.get(0).getEvaluatedAt().toEpochMilli()).isEqualTo(t + 600 * SECOND);
    }

    @Test
    void anOverrideChangesTheThresholdForOneAgentOnly() {
        apply("""
                rules:
                  - alert: AgentTimeout
                    condition: latency_p95 > 30000ms
                    severity: CRITICAL
                    overrides:
                      - match: {agent_id: batch-*}
                        threshold: 60000ms
                """);
        long t = T0;
        for (int i = 0; i < 120; i++) {
            send(event("batch-7", t).setLatencyMs(45_000.0));
            send(event("chat-1", t).setLatencyMs(45_000.0));
            t += SECOND;
        }
        List<AlertEvent> fired = alerts.readValuesToList();
        assertThat(fired).extracting(AlertEvent::getAgentId).containsExactly("chat-1");
    }

    @Test
    void aConditionThatOneEventMakesTrueFiresAtTheNextEvaluation() {
        apply("""
                rules:
                  - alert: VerySlowCall
                    condition: latency_max > 60000ms
                    severity: CRITICAL
                    min_samples: 1
                """);
        long t = steady("background", T0, 30, 1_000.0);
        send(event("trigger", t + 500).setLatencyMs(90_000.0));  // in the slice [T0+30s, T0+40s)
        steady("background", t + 1_000, 15, 1_000.0);             // event time passes T0+40s
        var records = alerts.readRecordsToList();
        assertThat(records).extracting(r -> r.value().getAgentId()).containsExactly("trigger");
        assertThat(records.get(0).value().getEvaluatedAt().toEpochMilli()).isEqualTo(T0 + 40 * SECOND);
        // The record itself carries the wall clock (the driver's, not advanced here), not event time.
        assertThat(records.get(0).getRecordTime()).isEqualTo(Instant.ofEpochMilli(T0 + TestSettings.WALL_CLOCK_AHEAD_MS));
    }

    @Test
    void anAgentSwitchingModelsKeepsOneAlert() {
        apply("""
                rules:
                  - alert: SlowOnGpt4o
                    condition: latency_p95 > 30000ms
                    severity: CRITICAL
                    match: {model: gpt-4o}
                """);
        long t = T0;
        // bound to the rule while on gpt-4o; then it alternates with another model call by call
        for (int i = 0; i < 300; i++) {
            send(event("a", t).setLatencyMs(40_000.0).setModel(i < 15 || i % 2 == 0 ? "gpt-4o" : "claude-haiku-4"));
            t += SECOND;
        }
        assertThat(alerts.readValuesToList()).extracting(AlertEvent::getStatus).containsExactly(AlertStatus.FIRING);
    }

    /** Publishes a rule file as `agentwatch rules apply` does; returns its version. */
    private long apply(String text) {
        RuleSet set = RuleFiles.parse("rules.yaml", text, new RuleCompileOptions(settings.slice()));
        rules.pipeInput(RulesTopicCodec.KEY, RulesTopicCodec.encode(set));
        return set.version();
    }

    /** One event a second for {@code seconds}, from {@code from}; returns the time after the last. */
    private long steady(String agent, long from, int seconds, double latencyMs) {
        long t = from;
        for (int i = 0; i < seconds; i++) {
            send(event(agent, t).setLatencyMs(latencyMs));
            t += SECOND;
        }
        return t;
    }

    /** One call every {@code everySeconds} for {@code seconds}. */
    private long sparse(String agent, long from, int seconds, int everySeconds, double latencyMs) {
        for (long t = from; t < from + seconds * SECOND; t += everySeconds * SECOND) {
            send(event(agent, t).setLatencyMs(latencyMs));
        }
        return from + seconds * SECOND;
    }

    private MetricEvent.Builder event(String agent, long ts) {
        int n = seq++;
        return MetricEvent.newBuilder().setEventId("e-" + n).setAgentId(agent).setTimestamp(Instant.ofEpochMilli(ts))
                .setSuccess(true).setTokensIn(100L).setTokensOut(50L).setTraceId("t-" + n);
    }

    private void send(MetricEvent.Builder e) {
        MetricEvent event = e.build();
        metrics.pipeInput(event.getAgentId().getBytes(StandardCharsets.UTF_8), serializer.serialize(settings.topics().metrics(), event),
                event.getTimestamp().toEpochMilli());
    }
}
