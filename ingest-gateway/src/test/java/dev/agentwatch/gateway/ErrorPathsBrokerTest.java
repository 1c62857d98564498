package dev.agentwatch.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentwatch.localcluster.junit.LocalKafka;
import dev.agentwatch.localcluster.junit.WithLocalKafka;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every error path of the ingest door gives its status and message, and nothing of a refused or invalid event
 * reaches the topic: each test ends by reading the topic whole.
 */
@WithLocalKafka
class ErrorPathsBrokerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final LocalKafka kafka;

    ErrorPathsBrokerTest(LocalKafka kafka) {
        this.kafka = kafka;
    }

    private static String event(String extra) {
        return "{\"agent_id\":\"a1\",\"timestamp\":" + System.currentTimeMillis() + ",\"success\":true" + extra + "}";
    }

    @Test
    void badRequestsAreAnsweredWithTheirStatusAndNothingOfThemIsWritten() throws Exception {
        try (GatewayFixture gw = new GatewayFixture(kafka, kafka.bootstrapServers(), kafka.schemaRegistryUrl(), 4_096, 5)) {
            HttpResponse<String> r = gw.postJson("/v1/metrics", "{\"agent_id\": \"a1\", ");
            assertThat(r.statusCode()).isEqualTo(400);
            assertThat(error(r)).isEqualTo("bad_json");
            assertThat(message(r)).contains("not valid JSON").contains("line 1");

            r = gw.postJson("/v1/metrics", "{\"timestamp\": 1, \"success\": true}");
            assertThat(r.statusCode()).isEqualTo(400);
            assertThat(fieldErrors(r)).contains("agent_id: agent_id is required");

            r = gw.postJson("/v1/metrics", event(",\"tokens_in\":-1,\"tokens_out\":\"many\""));
            assertThat(r.statusCode()).isEqualTo(400);
            assertThat(fieldErrors(r)).anyMatch(s -> s.startsWith("tokens_out: expected a whole number"));

            r = gw.postJson("/v1/metrics", event(",\"tokens_in\":-1"));
            assertThat(r.statusCode()).isEqualTo(400);
            assertThat(fieldErrors(r)).containsExactly("tokens_in: tokens_in is -1; it must be >= 0");

            r = gw.postJson("/v1/metrics", event(",\"tool_calls\":1,\"tool_failures\":2,\"agnet\":\"x\""));
            assertThat(r.statusCode()).isEqualTo(400);
            assertThat(fieldErrors(r)).anyMatch(s -> s.startsWith("agnet: unknown field"));

            r = gw.post("/v1/metrics", null, "application/json", event(""));
            assertThat(r.statusCode()).isEqualTo(401);
            assertThat(r.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"agentwatch\"");
            assertThat(message(r)).contains("Authorization: Bearer");

            r = gw.post("/v1/metrics", "wrong-key", "application/json", event(""));
            assertThat(r.statusCode()).isEqualTo(401);
            assertThat(message(r)).isEqualTo("the API key is not known");

            r = gw.post("/v1/metrics", GatewayFixture.PAYMENTS_KEY, "application/json",
                    "[" + event(",\"event_id\":\"p1\"") + "," + event(",\"fleet\":\"search\"") + "]");
            assertThat(r.statusCode()).isEqualTo(403);
            assertThat(message(r)).contains("key 'payments'").contains("[1] fleet 'search'");

            r = gw.postJson("/v1/metrics", "[" + event(",\"labels\":{\"pad\":\"" + "x".repeat(5_000) + "\"}") + "]");
            assertThat(r.statusCode()).isEqualTo(413);
            assertThat(message(r)).contains("at most 4096 bytes");

            r = gw.postJson("/v1/metrics", "[" + String.join(",", java.util.Collections.nCopies(6, event(""))) + "]");
            assertThat(r.statusCode()).isEqualTo(413);
            assertThat(message(r)).contains("more than 5 events; at most 5 per request");

            r = gw.post("/v1/metrics", GatewayFixture.KEY, "application/x-protobuf", event(""));
            assertThat(r.statusCode()).isEqualTo(415);

            // the one good request: a fleet-scoped key stamps its fleet on an event that names none
            r = gw.post("/v1/metrics", GatewayFixture.PAYMENTS_KEY, "application/json", event(",\"event_id\":\"good\""));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);

            var written = gw.events(1, Duration.ofSeconds(20));
            assertThat(written).extracting(c -> c.value().getEventId()).containsExactly("good");
            assertThat(written.get(0).value().getFleet()).isEqualTo("payments");
            assertThat(gw.get("/metrics").body())
                    .contains("agentwatch_gateway_rejections_total{reason=\"unauthorized\"} 2.0")
                    .contains("agentwatch_gateway_rejections_total{reason=\"too_large\"} 2.0")
                    .contains("agentwatch_gateway_rejections_total{reason=\"forbidden_fleet\"} 2.0");
        }
    }

    @Test
    void kafkaDownIsA503WithRetryAfterAndTheCircuitAnswersAtOnceAfterwards() throws Exception {
        int closed = closedPort();
        try (GatewayFixture gw = new GatewayFixture(kafka, "127.0.0.1:" + closed, kafka.schemaRegistryUrl(), 4_096, 5)) {
            HttpResponse<String> r = gw.postJson("/v1/metrics", event(""));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(503);
            assertThat(r.headers().firstValue("Retry-After")).isPresent();
            JsonNode result = JSON.readTree(r.body()).get("results").get(0);
            assertThat(result.get("status").asText()).isEqualTo("failed");

            long t0 = System.nanoTime();
            r = gw.postJson("/v1/metrics", event(""));
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertThat(r.statusCode()).isEqualTo(503);
            assertThat(message(r)).startsWith("Kafka is not taking events");
            assertThat(ms).as("answered from the open circuit, not after another timeout").isLessThan(1_000);
            HttpResponse<String> health = gw.get("/health");
            assertThat(health.statusCode()).isEqualTo(503);
            assertThat(JSON.readTree(health.body()).get("status").asText()).isEqualTo("DEGRADED");
            assertThat(gw.events(0, Duration.ofSeconds(2))).isEmpty();
        }
    }

    @Test
    void registryDownIsA503NamingTheRegistryAndNothingIsWritten() throws Exception {
        int closed = closedPort();
        try (GatewayFixture gw = new GatewayFixture(kafka, kafka.bootstrapServers(),
                "http://127.0.0.1:" + closed + "/apis/ccompat/v7", 4_096, 5)) {
            HttpResponse<String> health = gw.get("/health");
            assertThat(health.statusCode()).isEqualTo(503);
            assertThat(JSON.readTree(health.body()).get("schema").asText()).startsWith("unresolved");
            HttpResponse<String> r = gw.postJson("/v1/metrics", event(""));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(503);
            assertThat(r.headers().firstValue("Retry-After")).isPresent();
            assertThat(r.body()).contains("schema registry");
            assertThat(gw.events(0, Duration.ofSeconds(2))).isEmpty();
        }
    }

    private static int closedPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static String error(HttpResponse<String> r) throws Exception {
        return JSON.readTree(r.body()).get("error").asText();
    }

    private static String message(HttpResponse<String> r) throws Exception {
        return JSON.readTree(r.body()).get("message").asText();
    }

    private static java.util.List<String> fieldErrors(HttpResponse<String> r) throws Exception {
        java.util.List<String> out = new java.util.ArrayList<>();
        for (JsonNode result : JSON.readTree(r.body()).get("results")) {
            for (JsonNode e : result.path("errors")) {
                out.add(e.path("field").asText() + ": " + e.get("message").asText());
            }
        }
        return out;
    }
}
