package dev.agentwatch.streams;

import dev.agentwatch.fleet.AgentSnapshot;
import dev.agentwatch.fleet.FleetView;
import dev.agentwatch.schema.MetricEvent;
import dev.agentwatch.schema.serde.AvroSerializer;
import dev.agentwatch.window.AgentWindows;
import dev.agentwatch.window.Metrics;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Window metrics through the real topology: edges, out-of-order events, sample_rate weighting, priced cost. */
class WindowMetricsTopologyTest {

    private static final long T0 = 1_704_067_200_000L; // a slice boundary
    private static final long MINUTE = 60_000L;

    private final MockRegistry registry = new MockRegistry();
    private StreamsSettings settings;
    private TopologyTestDriver driver;
    private TestInputTopic<byte[], byte[]> input;
    private AvroSerializer<MetricEvent> serializer;
    /** The latest state of each agent's windows, as the tick listener saw it. */
    private final Map<String, AgentWindows> ticked = new HashMap<>();
    private FleetView fleet;
    private int seq;

    @BeforeEach
    void start() {
        settings = TestSettings.of("unused:9092", registry.url(), registry.uniqueName("windows"), TestSettings.prices());
        TopologyFixture fixture = new TopologyFixture(settings, (b, changed) -> changed.forEach(a -> ticked.put(a.agentId(), a)));
        serializer = fixture.metricSerializer();
        fleet = fixture.fleet;
        driver = new TopologyTestDriver(fixture.topology, StreamsAppMain.streamsProperties(settings),
                Instant.ofEpochMilli(T0 + TestSettings.WALL_CLOCK_AHEAD_MS));
        input = driver.createInputTopic(settings.topics().metrics(), new ByteArraySerializer(), new ByteArraySerializer());
    }

    @AfterEach
    void stop() {
        driver.close();
        registry.close();
    }

    @Test
    void oneMinuteWindowIncludesItsFirstMillisecondAndExcludesItsEnd() {
        send(event("a", T0).setLatencyMs(100.0));
        send(event("a", T0 + MINUTE - 1).setLatencyMs(300.0));
        send(event("a", T0 + MINUTE).setLatencyMs(10_000.0)); // closes the minute [T0, T0+60s)
        assertThat(value("a", "request_count", 0)).isEqualTo(2.0);
        assertThat(value("a", "latency_avg", 0)).isEqualTo(200.0);
        assertThat(value("a", "latency_max", 0)).isEqualTo(300.0);
        assertThat(value("a", "request_rate", 0)).isCloseTo(2 / 60.0, within(1e-12));
    }

    @Test
    void outOfOrderEventWithinGraceCountsInItsOwnSlice() {
        send(event("a", T0 + 5_000).setSuccess(true));
        send(event("a", T0 + 61_000).setSuccess(true));       // minute [T0, T0+60s) closed, 1 request
        assertThat(value("a", "request_count", 0)).isEqualTo(1.0);
        send(event("a", T0 + 40_000).setSuccess(false));      // 21 s late: within the 30 s grace
        assertThat(value("a", "request_count", 0)).isEqualTo(2.0); // joined the closed minute at once
        assertThat(value("a", "error_count", 0)).isEqualTo(1.0);
        send(event("a", T0 + 70_000).setSuccess(true));       // window [T0+10s, T0+70s): 40s and 61s
        assertThat(value("a", "request_count", 0)).isEqualTo(2.0);
        assertThat(value("a", "error_count", 0)).isEqualTo(1.0);
        assertThat(value("a", "request_count", 1)).isEqualTo(3.0); // the 5 min window still has all three
    }

    @Test
    void sampleRateWeightsCountsAndSums() {
        for (int i = 0; i < 10; i++) {
            send(event("a", T0 + i * 1000L).setSampleRate(0.1).setSuccess(i != 0).setTokensIn(100L).setTokensOut(0L));
        }
        for (int i = 0; i < 10; i++) {
            send(event("a", T0 + 10_000 + i * 1000L).setSampleRate(1.0).setSuccess(true).setTokensIn(100L).setTokensOut(0L));
        }
        send(event("a", T0 + MINUTE));
        assertThat(value("a", "request_count", 0)).isEqualTo(110.0);
        assertThat(value("a", "error_count", 0)).isEqualTo(10.0);
        assertThat(value("a", "error_rate", 0)).isCloseTo(10 / 110.0, within(1e-12));
        assertThat(value("a", "tokens_in", 0)).isEqualTo(11_000.0);
    }

    @Test
    void costComesFromThePriceTableWhenAbsent() {
        // gpt-4o-2024-08-06 matches the "gpt-4o" prefix: 2.50 in + 10.00 out per 1M tokens.
        send(event("a", T0).setModel("gpt-4o-2024-08-06").setTokensIn(1_000_000L).setTokensOut(100_000L).setCostUsd(null));
        // no listed model: the default price, 1.00 in + 3.00 out
        send(event("a", T0 + 1_000).setModel("mystery").setTokensIn(1_000_000L).setTokensOut(0L).setCostUsd(null));
        // a reported cost wins over the table
        send(event("a", T0 + 2_000).setModel("gpt-4o").setTokensIn(1_000_000L).setTokensOut(0L).setCostUsd(0.5));
        send(event("a", T0 + MINUTE));
        assertThat(value("a", "cost_usd", 0)).isCloseTo(3.5 + 1.0 + 0.5, within(1e-9));
        assertThat(value("a", "cost_per_call", 0)).isCloseTo(5.0 / 3, within(1e-9));
    }

    @Test
    void whenThePartitionGoesQuietEventTimeFollowsTheWallClockAndWindowsEmpty() {
        send(event("a", T0 + 1_000).setSuccess(false));
        send(event("a", T0 + 11_000).setSuccess(false)); // ticks: the 1 min window holds the first event
        assertThat(value("a", "error_count", 0)).isEqualTo(1.0);
        driver.advanceWallClockTime(java.time.Duration.ofSeconds(30)); // quiet, but not yet for idle_advance_after
        assertThat(value("a", "error_count", 0)).isEqualTo(1.0);
        driver.advanceWallClockTime(java.time.Duration.ofSeconds(40)); // 70 s quiet: event time T0+11s+70s
        assertThat(value("a", "error_count", 0)).isZero();              // 1 min window [T0+20s, T0+80s): empty
        assertThat(value("a", "request_count", 0)).isZero();
        assertThat(value("a", "error_count", 1)).isEqualTo(2.0);        // the 5 min window still has both
    }

    @Test
    void fleetViewPublishesEachAgentsCurrentValuesOnTheWallClock() {
        for (int i = 0; i < 30; i++) {
            send(event("a", T0 + i * 2_000L).setSuccess(i % 10 != 0).setLatencyMs(100.0 * (i + 1)).setFleet("support")
                    .setModel("gpt-4o").setLabels(Map.of("region", "eu")));
        }
        send(event("b", T0 + MINUTE));
        assertThat(fleet.agent("a")).as("published on the wall clock, not per event").isEmpty();
        driver.advanceWallClockTime(java.time.Duration.ofSeconds(1));
        AgentSnapshot a = fleet.agent("a").orElseThrow();
        assertThat(a.fleet()).isEqualTo("support");
        assertThat(a.labels()).containsEntry("region", "eu");
        assertThat(a.sampleCount()).isEqualTo(30);
        assertThat(a.errorRate()).isCloseTo(3 / 30.0, within(1e-12));
        assertThat(a.requestRate()).isCloseTo(30 / 60.0, within(1e-12));
        assertThat(a.latencyP95()).isCloseTo(2900.0, within(2900 * 0.01)); // nearest rank 95% of 100..3000
        assertThat(fleet.agents()).extracting(AgentSnapshot::agentId).containsExactly("a", "b");
    }

    private double value(String agent, String metric, int window) {
        AgentWindows a = ticked.get(agent);
        assertThat(a).as("agent %s ticked", agent).isNotNull();
        return Metrics.resolve(metric).valueOf(a.window(window), AppTopology.DEFAULT_WINDOWS.get(window).toMillis());
    }

    private MetricEvent.Builder event(String agent, long ts) {
        return MetricEvent.newBuilder().setEventId("e-" + seq++).setAgentId(agent).setTimestamp(Instant.ofEpochMilli(ts))
                .setSuccess(true).setLatencyMs(1000.0).setTokensIn(10L).setTokensOut(10L).setCostUsd(0.0);
    }

    private void send(MetricEvent.Builder e) {
        MetricEvent event = e.build();
        input.pipeInput(event.getAgentId().getBytes(StandardCharsets.UTF_8), serializer.serialize(settings.topics().metrics(), event));
    }
}
