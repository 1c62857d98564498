package dev.agentwatch.sdk;

import dev.agentwatch.gateway.Gateway;
import dev.agentwatch.gateway.GatewaySettings;
import dev.agentwatch.gateway.auth.ApiKey;
import dev.agentwatch.gateway.auth.ApiKeys;
import dev.agentwatch.localcluster.junit.LocalKafka;
import dev.agentwatch.localcluster.junit.WithLocalKafka;
import dev.agentwatch.schema.AvroSerdeConfig;
import dev.agentwatch.schema.MetricEvent;
import dev.agentwatch.sdk.transport.GatewayTransport;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The SDK through the real gateway, in front of the real broker and registry. */
@WithLocalKafka
class GatewayTransportBrokerTest {

    private static final String KEY = "sdk-test-key";

    private final SdkTopics topics;
    private final Gateway gateway;
    private final URI base;

    GatewayTransportBrokerTest(LocalKafka kafka) throws Exception {
        this.topics = new SdkTopics(kafka);
        ApiKeys keys = ApiKeys.of(Map.of(KEY, new ApiKey("sdk", Set.of(ApiKey.ANY_FLEET))));
        GatewaySettings settings = new GatewaySettings("127.0.0.1", 0, 4 << 20, 10_000, 100_000,
                Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofDays(1), Duration.ofDays(7), keys);
        this.gateway = new Gateway(settings, Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, kafka.schemaRegistryUrl()), topics.metricsTopic,
                topics.rulesTopic).start();
        this.base = URI.create("http://127.0.0.1:" + gateway.port());
    }

    @AfterEach
    void stop() {
        gateway.close();
    }

    @Test
    void theSdkSamplesByTheGatewaysPolicyAndTheGatewayDoesNotSampleAgain() throws Exception {
        topics.applyRules(SdkTopics.RULES_WITH_SAMPLING);
        awaitGatewayPolicy();
        GatewayTransport t = GatewayTransport.builder(base, KEY).build();
        assertThat(t.samplingPolicy().fractionFor("routine_queries")).isEqualTo(0.1);

        ClientStats s;
        try (AgentwatchClient aw = AgentwatchClient.builder("concierge").fleet("travel").transport(t).build()) {
            for (int i = 0; i < 10_000; i++) {
                aw.call().requestType("routine_query").tokens(300, 40).latencyMs(800).record();
            }
            for (int i = 0; i < 500; i++) {
                aw.call().requestType("admin_action").tokens(300, 40).latencyMs(800).label("op", "refund").record();
            }
            assertThat(aw.flush(Duration.ofSeconds(60))).isTrue();
            s = aw.stats();
        }
        List<ConsumerRecord<String, MetricEvent>> records = topics.events();
        records.forEach(r -> assertThat(r.key()).isEqualTo("concierge"));
        Map<String, List<MetricEvent>> byClass = records.stream().map(ConsumerRecord::value)
                .collect(Collectors.groupingBy(e -> e.getRequestType().toString()));
        List<MetricEvent> routine = byClass.get("routine_query");
        // Binomial(10,000, 0.1): 1,000 +- 30; sampled twice it would be about 100 with sample_rate 0.01
        assertThat(routine.size()).isBetween(880, 1_120);
        assertThat(routine).allSatisfy(e -> assertThat(e.getSampleRate()).isEqualTo(0.1));
        assertThat(byClass.get("admin_action")).hasSize(500).allSatisfy(e -> {
            assertThat(e.getSampleRate()).isEqualTo(1.0);
            assertThat(e.getFleet()).isEqualTo("travel");
            assertThat(e.getLabels()).containsEntry("op", "refund");
        });
        assertThat(s.delivered()).isEqualTo(records.size());
        assertThat(s.lost()).isZero();
        System.out.printf("sdk sampling via gateway: 10,000 routine decisions -> %d on the topic (sample_rate 0.1)%n",
                routine.size());
    }

    @Test
    void aWrongKeyIsCountedAsFailedAndNothingIsWritten() throws Exception {
        GatewayTransport t = GatewayTransport.builder(base, "not-a-key").maxAttempts(3).build();
        ClientStats s;
        try (AgentwatchClient aw = AgentwatchClient.builder("intruder").transport(t).build()) {
            for (int i = 0; i < 50; i++) {
                aw.call().tokens(1, 1).record();
            }
            assertThat(aw.flush(Duration.ofSeconds(30))).isTrue();
            s = aw.stats();
        }
        assertThat(s.failed()).isEqualTo(50);
        assertThat(s.delivered()).isZero();
        assertThat(topics.events()).isEmpty();
    }

    private void awaitGatewayPolicy() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            String body = http.send(HttpRequest.newBuilder(base.resolve("/v1/sampling")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            if (body.contains("routine_query")) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the gateway did not pick up the sampling policy within 30 s");
    }
}
