package dev.agentwatch.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentwatch.localcluster.junit.LocalKafka;
import dev.agentwatch.localcluster.junit.WithLocalKafka;
import dev.agentwatch.localcluster.prometheus.ExposedSeries;
import dev.agentwatch.localcluster.prometheus.Exposition;
import dev.agentwatch.localcluster.prometheus.ExpositionParser;
import dev.agentwatch.schema.MetricEvent;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** POST /v1/metrics and /metrics through the real broker and registry: each input shape to the Avro event. */
@WithLocalKafka
class MetricsEndpointBrokerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final GatewayFixture gw;

    MetricsEndpointBrokerTest(LocalKafka kafka) throws Exception {
        this.gw = new GatewayFixture(kafka);
    }

    @AfterEach
    void close() {
        gw.close();
    }

    @Test
    void theSeedArticlesCurlPayloadIsAcceptedAsWritten() throws Exception {
        // the seed article's payload, only the host changed; curl -d without -H sends form-urlencoded
        String seed = "{\"agent_id\":\"research-agent-01\",\"timestamp\":1704067200,\"metrics\":{\"tokens_used\":1847,"
                + "\"latency_ms\":2341,\"model\":\"claude-3-sonnet\",\"cost_usd\":0.0278,\"success\":true,"
                + "\"tool_calls\":3,\"retries\":0}}";
        // Its 2024-01-01 timestamp is older than the topic's retention: refused at the door, naming the field, rather
        // than acknowledged and then dead-lettered by the streams app.
        HttpResponse<String> stale = gw.post("/metrics", GatewayFixture.KEY, "application/x-www-form-urlencoded", seed);
        assertThat(stale.statusCode()).isEqualTo(400);
        JsonNode staleError = JSON.readTree(stale.body()).get("results").get(0).get("errors").get(0);
        assertThat(staleError.get("field").asText()).isEqualTo("timestamp");
        assertThat(staleError.get("message").asText()).contains("older than max_event_age (7d");

        long now = System.currentTimeMillis() / 1000;
        String fresh = seed.replace("1704067200", Long.toString(now));
        HttpResponse<String> r = gw.post("/metrics", GatewayFixture.KEY, "application/x-www-form-urlencoded", fresh);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.get("accepted").asInt()).isEqualTo(1);
        String id = body.get("results").get(0).get("event_id").asText();

        ConsumerRecord<String, MetricEvent> rec = only(gw.events(1, Duration.ofSeconds(20)));
        assertThat(rec.key()).isEqualTo("research-agent-01");
        MetricEvent e = rec.value();
        assertThat(e.getEventId()).isEqualTo(id);
        assertThat(e.getAgentId()).isEqualTo("research-agent-01");
        assertThat(e.getTimestamp()).isEqualTo(Instant.ofEpochSecond(now));
        assertThat(e.getTokensIn()).isEqualTo(1847L);
        assertThat(e.getTokensOut()).isNull();
        assertThat(e.getLatencyMs()).isEqualTo(2341.0);
        assertThat(e.getModel()).isEqualTo("claude-3-sonnet");
        assertThat(e.getCostUsd()).isEqualTo(0.0278);
        assertThat(e.getSuccess()).isTrue();
        assertThat(e.getToolCalls()).isEqualTo(3);
        assertThat(e.getRetries()).isEqualTo(0);
        assertThat(e.getMetrics()).isEmpty();
        assertThat(e.getSampleRate()).isEqualTo(1.0);
    }

    @Test
    void theSpecShapeRoundTripsEveryField() throws Exception {
        long ts = System.currentTimeMillis() - 5_000;
        String event = """
                {"event_id":"e-1","agent_id":"a1","timestamp":%d,"fleet":"search","agent_version":"1.2.0",
                 "instance_id":"pod-7","model":"gpt-4o","provider":"openai","operation":"chat",
                 "request_type":"high_risk_decision","tokens_in":1200,"tokens_out":300,"cache_read_tokens":800,
                 "latency_ms":1234.5,"success":false,"error_type":"rate_limited","cost_usd":0.012,
                 "tool_calls":4,"tool_failures":1,"retries":2,"trace_id":"t1","span_id":"s1",
                 "parent_agent_id":"planner","sample_rate":0.5,"labels":{"region":"eu-west-1","tier":3},
                 "metrics":{"hallucination_score":0.07}}""".formatted(ts);
        HttpResponse<String> r = gw.postJson("/v1/metrics", event);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);

        MetricEvent e = only(gw.events(1, Duration.ofSeconds(20))).value();
        MetricEvent expected = MetricEvent.newBuilder().setEventId("e-1").setAgentId("a1")
                .setTimestamp(Instant.ofEpochMilli(ts)).setFleet("search").setAgentVersion("1.2.0")
                .setInstanceId("pod-7").setModel("gpt-4o").setProvider("openai").setOperation("chat")
                .setRequestType("high_risk_decision").setTokensIn(1200L).setTokensOut(300L).setCacheReadTokens(800L)
                .setLatencyMs(1234.5).setSuccess(false).setErrorType("rate_limited").setCostUsd(0.012)
                .setToolCalls(4).setToolFailures(1).setRetries(2).setTraceId("t1").setSpanId("s1")
                .setParentAgentId("planner").setSampleRate(0.5)
                .setLabels(Map.of("region", "eu-west-1", "tier", "3"))
                .setMetrics(Map.of("hallucination_score", 0.07)).build();
        assertThat(e).isEqualTo(expected);
    }

    @Test
    void anArrayIsAnsweredPerEventAndOnlyTheValidOnesAreWritten() throws Exception {
        long ts = System.currentTimeMillis();
        String body = "[" + String.join(",",
                "{\"event_id\":\"ok-1\",\"agent_id\":\"a1\",\"timestamp\":" + ts + ",\"success\":true,\"tokens_in\":10}",
                "{\"event_id\":\"bad-1\",\"agent_id\":\"a1\",\"timestamp\":" + ts + ",\"success\":true,\"tokens_in\":-5}",
                "{\"event_id\":\"ok-2\",\"agent_id\":\"a2\",\"timestamp\":\"" + Instant.ofEpochMilli(ts) + "\",\"success\":true}")
                + "]";
        HttpResponse<String> r = gw.postJson("/v1/metrics", body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(207);
        JsonNode a = JSON.readTree(r.body());
        assertThat(a.get("accepted").asInt()).isEqualTo(2);
        assertThat(a.get("rejected").asInt()).isEqualTo(1);
        JsonNode bad = a.get("results").get(1);
        assertThat(bad.get("status").asText()).isEqualTo("rejected");
        assertThat(bad.get("errors").get(0).get("field").asText()).isEqualTo("tokens_in");
        assertThat(bad.get("errors").get(0).get("message").asText()).contains("-5").contains(">= 0");

        List<ConsumerRecord<String, MetricEvent>> written = gw.events(2, Duration.ofSeconds(20));
        assertThat(written).extracting(c -> c.value().getEventId()).containsExactlyInAnyOrder("ok-1", "ok-2");
    }

    @Test
    void healthAndPrometheusMetricsAnswer() throws Exception {
        gw.postJson("/v1/metrics", "{\"agent_id\":\"a1\",\"success\":true}");
        assertThat(gw.post("/v1/metrics", null, "application/json", "{}").statusCode()).isEqualTo(401);
        HttpResponse<String> h = gw.get("/health");
        assertThat(h.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(h.body()).get("status").asText()).isEqualTo("UP");
        System.gc(); // so that the GC pause timer exists, whatever the heap did so far
        Exposition m = scrapeUntil(e -> e.sampleNames().containsAll(ExposedSeries.GATEWAY));

        // a real Prometheus text parser reads it, and every series the README and the dashboard name is there
        assertThat(m.untyped()).as("every family has its # TYPE").isEmpty();
        assertThat(m.sampleNames()).containsAll(ExposedSeries.GATEWAY);
        assertThat(m.value("agentwatch_gateway_requests_total", "route", "/v1/metrics", "status", "200")).isEqualTo(1);
        assertThat(m.value("agentwatch_gateway_requests_total", "route", "/v1/metrics", "status", "401")).isEqualTo(1);
        assertThat(m.value("agentwatch_gateway_events_total", "outcome", "accepted")).isEqualTo(1);
        assertThat(m.value("agentwatch_gateway_rejections_total", "reason", "unauthorized")).isEqualTo(1);
        assertThat(m.value("agentwatch_gateway_produce_latency_seconds_count")).isEqualTo(1);
        assertThat(m.familyOf("agentwatch_gateway_produce_latency_seconds_bucket").orElseThrow().type()).isEqualTo("histogram");
        assertThat(m.value("agentwatch_gateway_inflight_events")).isZero();
        assertThat(m.sample("kafka_producer_record_send_rate").orElseThrow().labels()).containsKey("client_id");
        assertThat(m.samples("jvm_memory_used_bytes").stream().filter(x -> "heap".equals(x.labels().get("area")))
                .mapToDouble(Exposition.Sample::value).sum()).isPositive();
    }

    /** /metrics, parsed, once {@code ready} holds (the Kafka binder looks for new metrics every 10 s), at most 30 s. */
    private Exposition scrapeUntil(java.util.function.Predicate<Exposition> ready) throws Exception {
        long deadline = System.currentTimeMillis() + 30_000;
        while (true) {
            HttpResponse<String> r = gw.get("/metrics");
            assertThat(r.statusCode()).isEqualTo(200);
            Exposition m = ExpositionParser.parse(r.body());
            if (ready.test(m) || System.currentTimeMillis() > deadline) {
                return m;
            }
            Thread.sleep(250);
        }
    }

    private static <T> T only(List<T> items) {
        assertThat(items).hasSize(1);
        return items.get(0);
    }
}
