package dev.agentwatch.cli.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentwatch.localcluster.junit.LocalKafka;
import dev.agentwatch.localcluster.junit.WithLocalKafka;
import dev.agentwatch.schema.AlertEvent;
import dev.agentwatch.schema.AlertStatus;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sampling policy end to end, every part a real process: `rules apply` publishes a rule file whose
 * {@code sampling:} keeps 10% of routine queries; the gateway follows it from the rules topic; 100,000 routine
 * decisions posted to the gateway leave about 10,000 events on the topic, each with sample_rate 0.1; and the
 * streams app, weighting each by 1/sample_rate, measures the agent's true request rate.
 */
@WithLocalKafka
class GatewaySamplingTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int DECISIONS = 100_000;
    /** The decisions are spread evenly over this much event time, ending now. */
    private static final Duration SPAN = Duration.ofMinutes(20);
    /**
     * The rule fires once its 10-minute window has held for 10 minutes, so the value it fires with is the rate
     * over a full window of evenly spread decisions: the true rate.
     */
    private static final String RULES = """
            sampling:
              routine_queries: 10%
              high_risk_decisions: 100%
            rules:
              - alert: RoutineRate
                condition: request_rate > 1 for 10min
                hold: 10min
                min_samples: 1
            """;

    @Test
    void tenPercentOfRoutineDecisionsAreSentAndTheStreamsAppMeasuresTheTrueRate(LocalKafka kafka) throws Exception {
        Processes p = new Processes(kafka, "sampling");
        Process app = p.startStreamsApp("streams.log");
        Process gateway = null;
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        try {
            p.awaitHealthy(app, Duration.ofMinutes(2));
            Processes.Result applied = p.cli("rules", "apply", p.file("sampled.yaml", RULES).toString());
            assertThat(applied.exitCode()).as(applied.output()).isZero();
            gateway = p.startGateway("gateway.log");
            awaitPolicy(http, p, gateway);

            long end = System.currentTimeMillis();
            long start = end - SPAN.toMillis();
            long accepted = 0;
            long sampledOut = 0;
            int batch = 1_000;
            for (int from = 0; from < DECISIONS; from += batch) {
                StringBuilder body = new StringBuilder("[");
                for (int i = from; i < from + batch; i++) {
                    long ts = start + (long) ((double) i * SPAN.toMillis() / DECISIONS);
                    body.append(i == from ? "" : ",").append("{\"event_id\":\"routine-").append(i)
                            .append("\",\"agent_id\":\"support-bot\",\"timestamp\":").append(ts)
                            .append(",\"request_type\":\"routine_query\",\"success\":true,\"latency_ms\":800}");
                }
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(gatewayUri(p, "/v1/metrics"))
                        .header("Authorization", "Bearer local-dev-key").header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body.append("]").toString())).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
                JsonNode a = JSON.readTree(r.body());
                accepted += a.get("accepted").asLong();
                sampledOut += a.get("sampled_out").asLong();
            }
            double trueRate = DECISIONS / (double) SPAN.toSeconds();
            System.out.printf("sampling: %d routine decisions -> %d sent, %d sampled out; true rate %.2f/s%n",
                    DECISIONS, accepted, sampledOut, trueRate);
            assertThat(accepted + sampledOut).isEqualTo(DECISIONS);
            // binomial(100000, 0.1): sd 95; the decision is a hash of the event id, so this count is fixed
            assertThat(accepted).isBetween(9_700L, 10_300L);

            try (Alerts read = new Alerts(kafka.bootstrapServers(), kafka.schemaRegistryUrl(), p.topic("alerts"))) {
                List<AlertEvent> fired = read.awaitTotal(1, Duration.ofSeconds(90));
                assertThat(fired).as("RoutineRate fires once its window has held 10 min").isNotEmpty();
                AlertEvent a = fired.get(0);
                assertThat(a.getAlert()).isEqualTo("RoutineRate");
                assertThat(a.getStatus()).isEqualTo(AlertStatus.FIRING);
                double measured = a.getValue();
                System.out.printf("sampling: streams app request_rate %.2f/s against the true %.2f/s (%+.2f%%)%n",
                        measured, trueRate, 100 * (measured / trueRate - 1));
                assertThat(Math.abs(measured / trueRate - 1)).isLessThan(0.03);
            }
        } finally {
            if (gateway != null) {
                gateway.destroy();
                gateway.waitFor();
            }
            app.destroy();
            app.waitFor();
        }
    }

    private static URI gatewayUri(Processes p, String path) {
        return URI.create("http://127.0.0.1:" + p.gatewayPort + path);
    }

    /** Waits until the gateway has read the policy from the rules topic. */
    private static void awaitPolicy(HttpClient http, Processes p, Process gateway) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            if (!gateway.isAlive()) {
                throw new IllegalStateException("gateway exited: " + p.log("gateway.log"));
            }
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(gatewayUri(p, "/v1/sampling")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200 && JSON.readTree(r.body()).path("policy").path("routine_query").asDouble() == 0.1) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("the gateway did not read the sampling policy: " + p.log("gateway.log"));
    }
}
