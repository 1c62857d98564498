package dev.agentwatch.cli.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentwatch.localcluster.junit.LocalKafka;
import dev.agentwatch.localcluster.junit.WithLocalKafka;
import dev.agentwatch.schema.MetricEvent;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The fleet view through the real broker (SPEC section 6, issue 14): two streams-app instances each answer
 * {@code /api/agents} for the whole fleet with the values the produced events imply; seed 2's curl | jq line
 * prints every agent of a fleet; while a third instance joins, a client polling all the time gets whole lists
 * or lists marked partial, never a short list that says it is whole.
 */
@WithLocalKafka
class FleetApiTest {

    private static final int AGENTS = 120;
    private static final int PARTITIONS = 6;
    private static final int EVENTS = 10;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void everyInstanceAnswersForTheWholeFleetAndARebalanceIsNeverASilentPartialList(LocalKafka kafka) throws Exception {
        // Event time must not follow the wall clock while the test reads (windows would empty): idle advance is late.
        Processes p = new Processes(kafka, "fleet", PARTITIONS, Map.of("idle_advance_after: 1m", "idle_advance_after: 30m"));
        int portB = Processes.freeTcpPort();
        int portC = Processes.freeTcpPort();
        Process a = p.startStreamsApp("streams-a.log");
        Process b = p.startStreamsApp("streams-b.log", portB);
        Process c = null;
        try {
            p.awaitHealthy(a, Duration.ofMinutes(2));
            p.awaitHealthy(b, portB, Duration.ofMinutes(2));
            Processes.Result rules = p.cli("rules", "apply", p.file("seed2.yaml", """
                    agent_monitoring:
                      metrics:
                        - token_usage_per_request
                        - decision_latency_p95
                        - hallucination_score
                        - tool_invocation_success_rate
                      alerting:
                        - condition: decision_latency_p95 > 2s
                          severity: critical
                    """).toString());
            assertThat(rules.exitCode()).as(rules.output()).isZero();
            Thread.sleep(1_000);

            List<String> agents = produce(kafka, p);
            int expected = agents.size();

            JsonNode whole = awaitWhole(p.httpPort, expected, Duration.ofMinutes(2));
            JsonNode fromB = awaitWhole(portB, expected, Duration.ofSeconds(30));
            for (JsonNode answer : List.of(whole, fromB)) {
                checkValues(answer);
            }
            assertThat(names(fromB)).isEqualTo(names(whole));
            assertThat(JSON.convertValue(whole.get("metrics"), List.class))
                    .containsExactly("tokens_per_request", "latency_p95", "metrics.hallucination_score", "tool_invocation_success_rate");
            List<String> firstFields = new ArrayList<>();
            whole.get("agents").get(0).fieldNames().forEachRemaining(firstFields::add);
            assertThat(firstFields.subList(0, 8)).containsExactly("name", "status", "avg_latency", "error_rate",
                    "tokens_per_request", "latency_p95", "metrics.hallucination_score", "tool_invocation_success_rate");

            // Filters, sort and limit, answered for the whole fleet by either instance.
            assertThat(names(get(portB, "/api/agents?fleet=fleet-a", null))).hasSize(AGENTS / 2).allMatch(n -> number(n) % 2 == 0);
            assertThat(names(get(p.httpPort, "/api/agents", "fleet-b"))).hasSize(AGENTS / 2).allMatch(n -> number(n) % 2 == 1);
            assertThat(names(get(p.httpPort, "/api/agents?sort=-avg_latency&limit=3", null)))
                    .containsExactly("slow-1", "agent-119", "agent-118");
            assertThat(names(get(portB, "/api/agents?label=tier%3Dgold&model=gpt-4o", null)))
                    .isNotEmpty().allMatch(n -> number(n) % 10 == 0 && number(n) % 3 == 0);
            assertThat(names(get(portB, "/api/agents?status=firing", null))).containsExactly("slow-1");
            assertThat(status(p.httpPort, "/api/agents?sort=bogus")).isEqualTo(400);

            // One agent, from either instance, whoever owns it: its values and its last hour.
            JsonNode one = get(portB, "/api/agents/agent-7", null);
            assertThat(one.get("avg_latency").asDouble()).isEqualTo(107.0);
            // Its history, per 10 s slice: events at 0, 3, ..., 27 s fall 4, 3 and 3 into the first three slices.
            List<Long> perSlice = new ArrayList<>();
            for (JsonNode point : one.get("history")) {
                perSlice.add(point.get("sample_count").asLong());
                assertThat(point.get("length_ms").asLong()).isEqualTo(10_000);
                assertThat(point.get("request_rate").asDouble()).isCloseTo(point.get("sample_count").asLong() / 10.0, within(1e-9));
                assertThat(point.get("latency_p95").asDouble()).isCloseTo(107.0, within(107 * 0.02));
            }
            assertThat(perSlice).containsExactly(4L, 3L, 3L);
            assertThat(status(p.httpPort, "/api/agents/no-such-agent")).isEqualTo(404);

            // The slow agent's alert, with its evidence, on either instance.
            for (int port : List.of(p.httpPort, portB)) {
                JsonNode alerts = get(port, "/api/alerts", null);
                assertThat(alerts.get("partial").asBoolean()).isFalse();
                assertThat(alerts.get("alerts")).hasSize(1);
                JsonNode alert = alerts.get("alerts").get(0);
                assertThat(alert.get("agent_id").asText()).isEqualTo("slow-1");
                assertThat(alert.get("state").asText()).isEqualTo("firing");
                assertThat(alert.get("value").asDouble()).isCloseTo(40_000.0, within(40_000 * 0.02));
                assertThat(alert.get("evidence").get("event_ids")).isNotEmpty();
            }

            seedTwoCurlJq(p.httpPort);

            // A third instance joins: the partitions move while a client keeps asking.
            AtomicBoolean polling = new AtomicBoolean(true);
            List<String> silentlyShort = new ArrayList<>();
            int[] counts = new int[3]; // whole, partial, errors
            Thread poller = new Thread(() -> {
                while (polling.get()) {
                    try {
                        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + p.httpPort
                                + "/api/agents")).build(), HttpResponse.BodyHandlers.ofString());
                        JsonNode n = JSON.readTree(r.body());
                        if (r.statusCode() != 200) {
                            counts[2]++;
                        } else if (n.get("partial").asBoolean()) {
                            counts[1]++;
                        } else if (n.get("agents").size() == expected) {
                            counts[0]++;
                        } else {
                            silentlyShort.add(n.get("agents").size() + " agents, partial false");
                        }
                    } catch (Exception e) {
                        counts[2]++;
                    }
                }
            });
            poller.start();
            c = p.startStreamsApp("streams-c.log", portC);
            p.awaitHealthy(c, portC, Duration.ofMinutes(2));
            JsonNode fromC = awaitWhole(portC, expected, Duration.ofMinutes(2));
            Thread.sleep(3_000);
            polling.set(false);
            poller.join();
            System.out.printf("fleet api: while a third instance joined, %d whole answers, %d partial, %d errors, %d silently short%n",
                    counts[0], counts[1], counts[2], silentlyShort.size());
            assertThat(silentlyShort).as("answers that said whole but were short").isEmpty();
            assertThat(counts[0]).isPositive();
            checkValues(fromC);
            JsonNode spread = get(portC, "/api/agents?scope=local", null);
            assertThat(spread.get("ready_partitions")).as("the third instance took partitions").isNotEmpty();
        } finally {
            for (Process proc : new Process[] {a, b, c}) {
                if (proc != null) {
                    proc.destroy();
                    proc.waitFor();
                }
            }
        }
    }

    /**
     * 120 agents, 10 events each in the first 40 s of a past minute, and one slow agent with 30 calls of 40 s;
     * then one event per partition 50 s in, which moves each partition's event time past those slices, so the
     * fleet view's 1-minute window holds exactly the events above. Returns every agent id produced.
     */
    private static List<String> produce(LocalKafka kafka, Processes p) {
        long t0 = Math.floorDiv(System.currentTimeMillis() - 10 * 60_000L, 10_000L) * 10_000L;
        List<String> ids = new ArrayList<>();
        try (KafkaProducer<String, MetricEvent> producer = Alerts.producer(kafka.bootstrapServers(), kafka.schemaRegistryUrl())) {
            for (int j = 0; j < 30; j++) {
                for (int i = 0; i < AGENTS; i++) {
                    if (j < EVENTS) {
                        send(producer, p, event("agent-" + i, j, t0 + j * 3_000L)
                                .setLatencyMs(100.0 + i)
                                .setSuccess(!(i % 4 == 0 && j < 2))
                                .setFleet(i % 2 == 0 ? "fleet-a" : "fleet-b")
                                .setModel(i % 3 == 0 ? "gpt-4o" : "claude-sonnet")
                                .setAgentVersion("v" + (i % 2 + 1))
                                .setLabels(Map.of("tier", i % 10 == 0 ? "gold" : "std"))
                                .build());
                    }
                }
                send(producer, p, event("slow-1", j, t0 + j * 1_000L).setLatencyMs(40_000.0).setSuccess(true).build());
            }
            for (int i = 0; i < AGENTS; i++) {
                ids.add("agent-" + i);
            }
            ids.add("slow-1");
            Set<Integer> ticked = new HashSet<>();
            for (int k = 0; ticked.size() < PARTITIONS; k++) {
                String clock = "clock-" + k;
                if (ticked.add(Utils.toPositive(Utils.murmur2(clock.getBytes(StandardCharsets.UTF_8))) % PARTITIONS)) {
                    send(producer, p, event(clock, 0, t0 + 50_000L).setLatencyMs(1.0).setSuccess(true).build());
                    ids.add(clock);
                }
            }
        }
        return ids;
    }

    private static MetricEvent.Builder event(String agent, int j, long ts) {
        return MetricEvent.newBuilder().setEventId(agent + "-" + j).setAgentId(agent).setTimestamp(Instant.ofEpochMilli(ts))
                .setTokensIn(100L).setTokensOut(50L);
    }

    private static void send(KafkaProducer<String, MetricEvent> producer, Processes p, MetricEvent e) {
        producer.send(new ProducerRecord<>(p.topic("metrics"), e.getAgentId(), e));
    }

    /** Each agent's values are what its events imply (the 1-minute window holds all of them). */
    private static void checkValues(JsonNode answer) {
        assertThat(answer.get("partial").asBoolean()).isFalse();
        Map<String, JsonNode> byName = new HashMap<>();
        answer.get("agents").forEach(n -> byName.put(n.get("name").asText(), n));
        for (int i = 0; i < AGENTS; i++) {
            JsonNode n = byName.get("agent-" + i);
            assertThat(n).as("agent-" + i).isNotNull();
            assertThat(n.get("status").asText()).as("agent-" + i).isEqualTo("ok");
            assertThat(n.get("avg_latency").asDouble()).as("agent-" + i).isEqualTo(100.0 + i);
            assertThat(n.get("error_rate").asDouble()).as("agent-" + i).isCloseTo(i % 4 == 0 ? 0.2 : 0.0, within(1e-12));
            assertThat(n.get("request_rate").asDouble()).as("agent-" + i).isCloseTo(EVENTS / 60.0, within(1e-9));
            assertThat(n.get("tokens_per_request").asDouble()).as("agent-" + i).isEqualTo(150.0);
            assertThat(n.get("sample_count").asLong()).as("agent-" + i).isEqualTo(EVENTS);
            assertThat(n.get("fleet").asText()).isEqualTo(i % 2 == 0 ? "fleet-a" : "fleet-b");
            assertThat(n.get("model").asText()).isEqualTo(i % 3 == 0 ? "gpt-4o" : "claude-sonnet");
            assertThat(n.get("version").asText()).isEqualTo("v" + (i % 2 + 1));
            assertThat(n.get("labels").get("tier").asText()).isEqualTo(i % 10 == 0 ? "gold" : "std");
        }
        JsonNode slow = byName.get("slow-1");
        assertThat(slow.get("status").asText()).isEqualTo("firing");
        assertThat(slow.get("active_alerts").asInt()).isEqualTo(1);
    }

    /** Seed 2's line as the article prints it, only the host changed, through Debian's curl and jq. */
    private static void seedTwoCurlJq(int port) throws Exception {
        DebianTools.require("jq", "jq");
        DebianTools.require("curl", "curl");
        String line = "set -o pipefail; curl -s -H 'Authorization: Bearer local-dev-key' -H 'X-Fleet-ID: fleet-a' "
                + "http://127.0.0.1:" + port + "/api/agents | jq '.agents[] | {name, status, avg_latency, error_rate}'";
        Process sh = new ProcessBuilder("bash", "-c", line).redirectErrorStream(true).start();
        String out = new String(sh.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(sh.waitFor()).as(out).isZero();
        List<JsonNode> printed = new ArrayList<>();
        for (Iterator<JsonNode> it = JSON.readerFor(JsonNode.class).readValues(out); it.hasNext(); ) {
            printed.add(it.next());
        }
        System.out.printf("seed 2 curl | jq: %d objects, the first %s%n", printed.size(), printed.get(0));
        assertThat(printed).hasSize(AGENTS / 2);
        for (JsonNode n : printed) {
            List<String> fields = new ArrayList<>();
            n.fieldNames().forEachRemaining(fields::add);
            assertThat(fields).containsExactly("name", "status", "avg_latency", "error_rate");
            int i = number(n.get("name").asText());
            assertThat(n.get("avg_latency").asDouble()).isEqualTo(100.0 + i);
            assertThat(n.get("status").asText()).isEqualTo("ok");
        }
    }

    private static JsonNode awaitWhole(int port, int agents, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            last = get(port, "/api/agents", null);
            if (!last.get("partial").asBoolean() && last.get("agents").size() == agents
                    && last.toString().contains("\"status\":\"firing\"")) {
                return last;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("no whole fleet of " + agents + " agents on port " + port + " within " + timeout + ": " + last);
    }

    private static JsonNode get(int port, String path, String fleet) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
        if (fleet != null) {
            r.header("X-Fleet-ID", fleet);
        }
        HttpResponse<String> resp = HTTP.send(r.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(resp.statusCode()).as(path + ": " + resp.body()).isEqualTo(200);
        return JSON.readTree(resp.body());
    }

    private static int status(int port, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    private static List<String> names(JsonNode answer) {
        List<String> out = new ArrayList<>();
        answer.get("agents").forEach(n -> out.add(n.get("name").asText()));
        return out;
    }

    private static int number(String name) {
        return Integer.parseInt(name.substring(name.indexOf('-') + 1));
    }
}
