package dev.agentwatch.sink.broker;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import dev.agentwatch.localcluster.junit.LocalKafka;
import dev.agentwatch.localcluster.junit.WithLocalKafka;
import dev.agentwatch.schema.AlertEvent;
import dev.agentwatch.sink.testing.Alerts;
import dev.agentwatch.sink.testing.EngineHarness;
import dev.agentwatch.sink.testing.PagerDutyConfig;
import dev.agentwatch.sink.testing.StubServer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * kill -9 of a sink process in the middle of a backlog, then a restart: every alert reaches PagerDuty, and the
 * only duplicates are the last few sent before the kill (sent, but not yet committed), each with its dedup_key,
 * so PagerDuty folds them into the same incident.
 */
@WithLocalKafka
class CrashRecoveryTest {

    private static final int ALERTS = 150;
    /** Requests that can complete between two commits (a commit per consumer-loop turn, at most 200 ms, 20 ms each) plus one in flight. */
    private static final int IN_FLIGHT_BOUND = 15;

    @RegisterExtension
    final StubServer wm = new StubServer();

    @Test
    void killMinus9WithABacklogLosesNothingAndRepeatsOnlyWhatWasInFlight(LocalKafka kafka, @TempDir Path dir) throws Exception {
        try (BrokerFixture f = new BrokerFixture(kafka, 3)) {
            wm.stubFor(post(urlEqualTo(PagerDutyConfig.PATH)).willReturn(aResponse().withStatus(202).withFixedDelay(20).withBody("{}")));
            Instant now = Instant.now();
            List<AlertEvent> alerts = IntStream.range(0, ALERTS)
                    .mapToObj(i -> Alerts.firing("fp-%03d".formatted(i), "AgentTimeout", "agent-" + i, "CRITICAL", now)).toList();
            f.send(alerts);
            f.sendAborted(IntStream.range(0, 5)
                    .mapToObj(i -> Alerts.firing("aborted-" + i, "AgentTimeout", "agent-x", "CRITICAL", now)).toList());
            String group = f.prefix + "-group";
            Path sinkYaml = dir.resolve("alert-sink.yaml");
            Files.writeString(sinkYaml, """
                    route:
                      receiver: oncall
                      group_by: ['...']
                      group_wait: 0s
                      group_interval: 1m
                    """ + PagerDutyConfig.receivers(wm.baseUrl(), "rate_limit: {per_second: 1000, burst: 1000}") + """
                    consumer:
                      group_id: %s
                      session_timeout: 6s
                    """.formatted(group));
            Map<String, String> env = Map.of(
                    "AGENTWATCH_CONFIG", f.writeAgentwatchYaml(dir).toString(),
                    "AGENTWATCH_SINK_CONFIG", sinkYaml.toString(),
                    "AGENTWATCH_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
                    "AGENTWATCH_SCHEMA_REGISTRY_URL", kafka.schemaRegistryUrl(),
                    PagerDutyConfig.ROUTING_KEY_ENV, PagerDutyConfig.ROUTING_KEY);

            List<String> beforeKill;
            try (SinkProcess first = SinkProcess.start(dir.resolve("sink-1.log"), env)) {
                awaitRequests(wm, first, 40, Duration.ofSeconds(90));
                first.kill();
                beforeKill = dedupKeys(wm);
            }
            assertThat(beforeKill.size()).as("killed with a backlog").isLessThan(ALERTS);

            try (SinkProcess second = SinkProcess.start(dir.resolve("sink-2.log"), env)) {
                long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
                while (new HashSet<>(dedupKeys(wm)).size() < ALERTS && System.nanoTime() < deadline) {
                    assertThat(second.isAlive()).as("second sink alive").isTrue();
                    Thread.sleep(200);
                }
                Thread.sleep(1_000); // anything further would be a duplicate: let it show
                assertThat(second.stop()).as("graceful stop").isNotEqualTo(-1);
            }

            List<String> all = dedupKeys(wm);
            Set<String> expected = alerts.stream().map(AlertEvent::getFingerprint).collect(Collectors.toSet());
            assertThat(new HashSet<>(all)).as("nothing lost, nothing aborted").isEqualTo(expected);
            Map<String, Long> counts = all.stream().collect(Collectors.groupingBy(k -> k, TreeMap::new, Collectors.counting()));
            List<String> duplicated = counts.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey).toList();
            List<String> lastBeforeKill = beforeKill.subList(Math.max(0, beforeKill.size() - IN_FLIGHT_BOUND), beforeKill.size());
            System.out.printf("crash test: %d sent before kill -9, %d requests in all, %d duplicated: %s%n",
                    beforeKill.size(), all.size(), duplicated.size(), duplicated);
            assertThat(counts.values()).as("at most one repeat per alert").allMatch(c -> c <= 2);
            assertThat(duplicated).as("only the in-flight batch is repeated").isSubsetOf(lastBeforeKill);

            Map<Integer, OffsetAndMetadata> committed = f.committed(group);
            assertThat(committed.values().stream().mapToLong(OffsetAndMetadata::offset).sum())
                    .as("all done and committed after the graceful stop").isGreaterThanOrEqualTo(ALERTS);
        }
    }

    private static void awaitRequests(WireMockServer wm, SinkProcess p, int n, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (EngineHarness.requestCount(wm) < n) {
            if (!p.isAlive() || System.nanoTime() > deadline) {
                throw new AssertionError("sink sent " + EngineHarness.requestCount(wm) + " of " + n + ":\n" + p.output());
            }
            Thread.sleep(20);
        }
    }

    private static List<String> dedupKeys(WireMockServer wm) {
        List<String> out = new ArrayList<>();
        for (JsonNode b : EngineHarness.bodies(wm, PagerDutyConfig.PATH)) {
            out.add(b.path("dedup_key").asText());
        }
        return out;
    }
}
