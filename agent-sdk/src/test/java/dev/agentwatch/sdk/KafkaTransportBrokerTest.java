package dev.agentwatch.sdk;

import dev.agentwatch.localcluster.junit.LocalKafka;
import dev.agentwatch.localcluster.junit.WithLocalKafka;
import dev.agentwatch.sampling.SamplingPolicy;
import dev.agentwatch.schema.MetricEvent;
import dev.agentwatch.sdk.config.AgentConfigFile;
import dev.agentwatch.sdk.config.AgentConfigFileTest;
import dev.agentwatch.sdk.transport.KafkaTransport;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The SDK straight to Kafka, on the real broker and registry. */
@WithLocalKafka
class KafkaTransportBrokerTest {

    private final LocalKafka kafka;
    private final SdkTopics topics;

    KafkaTransportBrokerTest(LocalKafka kafka) {
        this.kafka = kafka;
        this.topics = new SdkTopics(kafka);
    }

    private KafkaTransport.Builder transport() {
        return KafkaTransport.builder(kafka.bootstrapServers(), kafka.schemaRegistryUrl())
                .metricsTopic(topics.metricsTopic).rulesTopic(topics.rulesTopic);
    }

    @Test
    void everyRecordedEventArrivesOnceKeyedByItsAgentWithItsFields() throws Exception {
        Instant at = Instant.now().minusSeconds(30).truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        Set<String> ids = new HashSet<>();
        try (AgentwatchClient aw = AgentwatchClient.builder("support-bot").fleet("payments").model("gpt-4o")
                .agentVersion("1.2.0").label("region", "eu").transport(transport().build()).build()) {
            for (int i = 0; i < 2_000; i++) {
                Call c = aw.call().requestType("high_risk_decision").tokens(1000 + i, 200).latencyMs(1500.5)
                        .costUsd(0.01).toolCalls(2, i % 2).metric("hallucination_score", 0.25);
                if (i == 0) {
                    c.eventId("first-call").timestamp(at).error("timeout").label("team", "core").retries(1);
                }
                assertThat(c.record()).isTrue();
            }
            assertThat(aw.flush(Duration.ofSeconds(30))).isTrue();
            ClientStats s = aw.stats();
            assertThat(s.delivered()).isEqualTo(2_000);
            assertThat(s.lost()).isZero();
        }

        List<ConsumerRecord<String, MetricEvent>> records = topics.events();
        assertThat(records).hasSize(2_000);
        records.forEach(r -> {
            assertThat(r.key()).isEqualTo("support-bot");
            ids.add(r.value().getEventId());
        });
        assertThat(ids).hasSize(2_000);
        MetricEvent first = records.stream().map(ConsumerRecord::value)
                .filter(e -> e.getEventId().equals("first-call")).findFirst().orElseThrow();
        assertThat(first.getTimestamp()).isEqualTo(at);
        assertThat(first.getFleet()).isEqualTo("payments");
        assertThat(first.getModel()).isEqualTo("gpt-4o");
        assertThat(first.getAgentVersion()).isEqualTo("1.2.0");
        assertThat(first.getRequestType()).isEqualTo("high_risk_decision");
        assertThat(first.getTokensIn()).isEqualTo(1000L);
        assertThat(first.getTokensOut()).isEqualTo(200L);
        assertThat(first.getLatencyMs()).isEqualTo(1500.5);
        assertThat(first.getSuccess()).isFalse();
        assertThat(first.getErrorType()).isEqualTo("timeout");
        assertThat(first.getToolCalls()).isEqualTo(2);
        assertThat(first.getToolFailures()).isEqualTo(0);
        assertThat(first.getRetries()).isEqualTo(1);
        assertThat(first.getLabels()).isEqualTo(Map.of("region", "eu", "team", "core"));
        assertThat(first.getMetrics()).isEqualTo(Map.of("hallucination_score", 0.25));
        assertThat(first.getSampleRate()).isEqualTo(1.0);
    }

    @Test
    void seedOnesAgentBlockNamesTheAgentAndItsModel() {
        String yaml = AgentConfigFileTest.SEED + """
                agentwatch:
                  fleet: research
                  kafka:
                    bootstrap_servers: %s
                    schema_registry_url: %s
                    metrics_topic: %s
                """.formatted(kafka.bootstrapServers(), kafka.schemaRegistryUrl(), topics.metricsTopic);
        long t0 = System.nanoTime();
        try (AgentwatchClient aw = AgentConfigFile.client("agent.yaml", yaml, Map.of())) {
            aw.call().requestType("routine_query").tokens(500, 80).latencyMs(900).record();
        }
        // close() sends at once; it does not wait out the 30 s export interval
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(20));
        List<ConsumerRecord<String, MetricEvent>> records = topics.events();
        assertThat(records).hasSize(1);
        MetricEvent e = records.get(0).value();
        assertThat(records.get(0).key()).isEqualTo("research-assistant");
        assertThat(e.getAgentId()).isEqualTo("research-assistant");
        assertThat(e.getModel()).isEqualTo("claude-3-sonnet-20240229");
        assertThat(e.getFleet()).isEqualTo("research");
    }

    @Test
    void batchesWaitAtMostTheExportInterval() throws Exception {
        try (AgentwatchClient aw = AgentwatchClient.builder("patient").exportInterval(Duration.ofSeconds(2))
                .transport(transport().rulesTopic(null).build()).build()) {
            aw.call().tokens(1, 1).record();
            Thread.sleep(800);
            assertThat(aw.stats().delivered()).as("still waiting for the batch to fill").isZero();
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (aw.stats().delivered() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(aw.stats().delivered()).isEqualTo(1);
        }
    }

    @Test
    void closeSendsWhatIsQueued() {
        AgentwatchClient aw = AgentwatchClient.builder("closer").queueCapacity(10_000)
                .transport(transport().rulesTopic(null).build()).build();
        for (int i = 0; i < 5_000; i++) {
            aw.call().tokens(10, 1).latencyMs(100).record();
        }
        aw.close();
        ClientStats s = aw.stats();
        assertThat(s.delivered()).isEqualTo(5_000);
        assertThat(s.abandonedOnClose()).isZero();
        assertThat(topics.events()).hasSize(5_000);
    }

    @Test
    void theSamplingPolicyOfTheRulesTopicKeepsTenPercentOfRoutineQueriesWeighted() throws Exception {
        topics.applyRules(SdkTopics.RULES_WITH_SAMPLING);
        KafkaTransport t = transport().build();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (t.samplingPolicy().equals(SamplingPolicy.NONE) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(t.samplingPolicy().fractionFor("routine_query")).isEqualTo(0.1);
        ClientStats s;
        try (AgentwatchClient aw = AgentwatchClient.builder("router").transport(t).build()) {
            for (int i = 0; i < 10_000; i++) {
                aw.call().requestType("routine_query").tokens(100, 10).record();
            }
            for (int i = 0; i < 1_000; i++) {
                aw.call().requestType("high_risk_decisions").tokens(100, 10).record();
            }
            assertThat(aw.flush(Duration.ofSeconds(30))).isTrue();
            s = aw.stats();
        }
        Map<String, List<MetricEvent>> byClass = topics.events().stream().map(ConsumerRecord::value)
                .collect(Collectors.groupingBy(e -> e.getRequestType().toString()));
        List<MetricEvent> routine = byClass.get("routine_query");
        // Binomial(10,000, 0.1): 1,000 +- 30 (one standard deviation); 4 of them either side
        assertThat(routine.size()).isBetween(880, 1_120);
        assertThat(routine).allSatisfy(e -> assertThat(e.getSampleRate()).isEqualTo(0.1));
        assertThat(byClass.get("high_risk_decisions")).hasSize(1_000)
                .allSatisfy(e -> assertThat(e.getSampleRate()).isEqualTo(1.0));
        assertThat(s.sampledOut()).isEqualTo(10_000 - routine.size());
        assertThat(s.delivered()).isEqualTo(routine.size() + 1_000);
        System.out.printf("sdk sampling: 10,000 routine decisions -> %d sent (sample_rate 0.1)%n", routine.size());
    }
}
