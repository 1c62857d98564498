package dev.agentwatch.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentwatch.localcluster.junit.LocalKafka;
import dev.agentwatch.localcluster.junit.WithLocalKafka;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gateway as its own process, stopped with SIGTERM while clients post: every event it acknowledged (200) is
 * on the topic afterwards. Requests in progress when the signal came are answered, not cut off.
 */
@WithLocalKafka
class DrainOnSigtermTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void sigtermDrainsAndNoAcknowledgedEventIsLost(LocalKafka kafka) throws Exception {
        try (GatewayFixture topics = new GatewayFixture(kafka)) { // only for its topics and topic reader
            topics.gateway.close();
            int port = freePort();
            Path dir = Files.createTempDirectory("gw-drain");
            Path config = dir.resolve("agentwatch.yaml");
            Files.writeString(config, Files.readString(Path.of("..", "config", "agentwatch.yaml"))
                    .replace("metrics: agentwatch.metrics", "metrics: " + topics.metricsTopic)
                    .replace("rules: agentwatch.rules", "rules: " + topics.rulesTopic));
            ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx256m", "-cp", System.getProperty("java.class.path"), "dev.agentwatch.gateway.GatewayMain")
                    .redirectErrorStream(true).redirectOutput(dir.resolve("gateway.log").toFile());
            Map<String, String> env = pb.environment();
            env.put("AGENTWATCH_CONFIG", config.toString());
            env.put("AGENTWATCH_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
            env.put("AGENTWATCH_SCHEMA_REGISTRY_URL", kafka.schemaRegistryUrl());
            env.put("AGENTWATCH_GATEWAY_PORT", Integer.toString(port));
            env.put("AGENTWATCH_API_KEY", "drain-key");
            Process gateway = pb.start();
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            awaitUp(http, port, gateway, dir);

            Set<String> acknowledged = ConcurrentHashMap.newKeySet();
            AtomicBoolean go = new AtomicBoolean(true);
            AtomicInteger afterSignal = new AtomicInteger();
            AtomicBoolean signalled = new AtomicBoolean();
            List<Thread> clients = new ArrayList<>();
            for (int c = 0; c < 4; c++) {
                int client = c;
                Thread t = new Thread(() -> {
                    int n = 0;
                    while (go.get()) {
                        StringBuilder body = new StringBuilder("[");
                        for (int i = 0; i < 200; i++) {
                            body.append(i == 0 ? "" : ",").append("{\"event_id\":\"c").append(client).append("-").append(n++)
                                    .append("\",\"agent_id\":\"agent-").append(i % 20).append("\",\"timestamp\":")
                                    .append(System.currentTimeMillis()).append(",\"success\":true,\"tokens_in\":5}");
                        }
                        try {
                            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/metrics"))
                                    .header("Authorization", "Bearer drain-key").header("Content-Type", "application/json")
                                    .POST(HttpRequest.BodyPublishers.ofString(body.append("]").toString())).build(),
                                    HttpResponse.BodyHandlers.ofString());
                            if (r.statusCode() == 200) {
                                for (JsonNode res : JSON.readTree(r.body()).get("results")) {
                                    acknowledged.add(res.get("event_id").asText());
                                }
                                if (signalled.get()) {
                                    afterSignal.incrementAndGet();
                                }
                            }
                        } catch (IOException closed) {
                            return; // the gateway has stopped listening
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                }, "client-" + c);
                t.start();
                clients.add(t);
            }
            Thread.sleep(3_000);
            signalled.set(true);
            gateway.destroy(); // SIGTERM
            assertThat(gateway.waitFor(60, TimeUnit.SECONDS)).as("the gateway exits after draining").isTrue();
            go.set(false);
            for (Thread t : clients) {
                t.join(10_000);
            }
            String log = Files.readString(dir.resolve("gateway.log"));
            assertThat(log).contains("gateway: draining").contains("gateway: stopped");

            Set<String> onTopic = topics.events(acknowledged.size(), Duration.ofSeconds(30)).stream()
                    .map(r -> r.value().getEventId()).collect(Collectors.toSet());
            System.out.printf("drain: %d events acknowledged (%d requests answered 200 after SIGTERM), %d on the topic%n",
                    acknowledged.size(), afterSignal.get(), onTopic.size());
            assertThat(acknowledged).hasSizeGreaterThan(1_000);
            assertThat(onTopic).containsAll(acknowledged);
        }
    }

    private static void awaitUp(HttpClient http, int port, Process p, Path dir) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new IllegalStateException("gateway exited: " + Files.readString(dir.resolve("gateway.log")));
            }
            try {
                if (http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health")).build(),
                        HttpResponse.BodyHandlers.ofString()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("gateway not up: " + Files.readString(dir.resolve("gateway.log")));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
