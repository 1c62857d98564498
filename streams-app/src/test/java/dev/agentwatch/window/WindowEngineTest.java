package dev.agentwatch.window;

import dev.agentwatch.schema.MetricEvent;
import dev.agentwatch.streams.agents.MetricObservation;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class WindowEngineTest {

    private static final long T0 = 1_704_067_200_000L; // a slice boundary
    private static final Duration SLICE = Duration.ofSeconds(10);
    private static final Duration GRACE = Duration.ofSeconds(30);
    private final WindowSpec spec = new WindowSpec(SLICE, GRACE, List.of(Duration.ofMinutes(1), Duration.ofMinutes(5)));
    private final WindowEngine engine = new WindowEngine(spec);
    private final List<Long> evicted = new ArrayList<>();
    private int seq;

    @Test
    void windowCoversExactlyTheSlicesBeforeTheBoundary() {
        add("a", T0, 100, true);             // slice [0, 10s)
        add("a", T0 + 59_999, 200, true);    // slice [50s, 60s): last slice of the first minute
        add("a", T0 + 60_000, 300, false);   // slice [60s, 70s): opens the next tick
        advance(T0 + 60_000);
        SliceAggregate oneMinute = engine.agent("a").window(0);
        assertThat(oneMinute.rawCount()).isEqualTo(2);
        assertThat(oneMinute.latencySum()).isEqualTo(300.0);

        advance(T0 + 70_000);                 // [10s, 70s): the event at 0 left, the one at 60s entered
        assertThat(oneMinute.rawCount()).isEqualTo(2);
        assertThat(oneMinute.latencySum()).isEqualTo(500.0);
        assertThat(oneMinute.errors()).isEqualTo(1.0);
        assertThat(engine.agent("a").window(1).rawCount()).isEqualTo(3); // 5 min holds all three
    }

    @Test
    void lateEventWithinGraceJoinsTheWindowsThatCoverItsSlice() {
        add("a", T0 + 5_000, 100, true);
        add("a", T0 + 65_000, 100, true);
        advance(T0 + 60_000);
        assertThat(engine.agent("a").window(0).rawCount()).isEqualTo(1);
        add("a", T0 + 45_000, 999, false);  // late, slice [40s, 50s) already closed into the windows
        assertThat(engine.agent("a").window(0).rawCount()).isEqualTo(2);
        assertThat(engine.agent("a").window(0).errors()).isEqualTo(1.0);
        advance(T0 + 110_000);               // [50s, 110s): both early events left, including the late one
        assertThat(engine.agent("a").window(0).rawCount()).isEqualTo(1);
        assertThat(engine.agent("a").window(0).errors()).isZero();
    }

    @Test
    void runningWindowsEqualBruteForceOverRandomTrafficWithLateEvents() {
        Random random = new Random(42);
        List<MetricEvent> all = new ArrayList<>();
        long watermark = T0;
        for (int i = 0; i < 20_000; i++) {
            long ts = T0 + i * 90L + random.nextInt(1_000);
            if (random.nextInt(20) == 0) {
                ts -= random.nextInt((int) GRACE.toMillis()); // late, but within grace of the watermark
            }
            ts = Math.max(ts, watermark - GRACE.toMillis());
            MetricEvent e = event("agent-" + random.nextInt(7), ts, 50 + random.nextInt(5_000), random.nextInt(25) != 0);
            all.add(e);
            add(e);
            watermark = Math.max(watermark, ts);
            long boundary = spec.sliceStart(watermark);
            if (boundary > engine.boundary()) {
                advance(boundary);
                if (i % 97 == 0) {
                    assertMatchesBruteForce(all, boundary);
                }
            }
        }
        assertMatchesBruteForce(all, engine.boundary());
        assertThat(evicted).isNotEmpty();
    }

    @Test
    void slicesPastEveryWindowAndTheGraceAreEvicted() {
        add("a", T0, 1, true);
        add("a", T0 + 10_000, 1, true);
        advance(T0 + 20_000);
        assertThat(evicted).isEmpty();
        advance(T0 + 5 * 60_000 + 20_000); // the 5 min window no longer covers 0s nor 10s
        assertThat(evicted).containsExactly(T0, T0 + 10_000);
        assertThat(engine.agent("a").window(1).rawCount()).isZero();
        assertThat(engine.forgetSilentSince(T0 + 60_000)).extracting(AgentWindows::agentId).containsExactly("a");
    }

    @Test
    void workPerTickTouchesOnlyAgentsWithSlicesEnteringOrLeaving() {
        for (int i = 0; i < 1000; i++) {
            add("quiet-" + i, T0, 1, true);
        }
        add("busy", T0 + 10_000, 1, true);
        add("busy", T0 + 20_000, 1, true);
        Set<String> changed = new HashSet<>();
        engine.advanceTo(T0 + 10_000, (b, agents) -> agents.forEach(a -> changed.add(a.agentId())), (a, s, x) -> { });
        assertThat(changed).hasSize(1000);
        changed.clear();
        engine.advanceTo(T0 + 20_000, (b, agents) -> agents.forEach(a -> changed.add(a.agentId())), (a, s, x) -> { });
        assertThat(changed).containsExactly("busy");
    }

    private void assertMatchesBruteForce(List<MetricEvent> all, long boundary) {
        for (int w = 0; w < spec.windowCount(); w++) {
            long from = boundary - spec.windowMs(w);
            for (AgentWindows a : engine.agents()) {
                SliceAggregate expected = new SliceAggregate();
                for (MetricEvent e : all) {
                    long ts = e.getTimestamp().toEpochMilli();
                    if (e.getAgentId().equals(a.agentId()) && ts >= from && ts < boundary) {
                        EventFolding.add(expected, MetricObservation.of(e), 1.0, Double.NaN, ts);
                    }
                }
                SliceAggregate actual = a.window(w);
                assertThat(actual.rawCount()).as("%s window %d at %d", a.agentId(), w, boundary).isEqualTo(expected.rawCount());
                assertThat(actual.errors()).isEqualTo(expected.errors());
                assertThat(actual.latencySum()).isCloseTo(expected.latencySum(), within(1e-6));
                MetricRef p95 = Metrics.resolve("latency_p95");
                double e95 = p95.valueOf(expected, spec.windowMs(w));
                double a95 = p95.valueOf(actual, spec.windowMs(w));
                if (Double.isNaN(e95)) {
                    assertThat(a95).isNaN();
                } else {
                    assertThat(a95).isCloseTo(e95, within(1e-9 + e95 * 1e-9));
                }
            }
        }
    }

    /** Evicted slices are reused for new ones: a reused slice must start empty, sketch included. */
    @Test
    void aReusedSliceCarriesNothingOfItsPreviousAgent() {
        for (int i = 0; i < 50; i++) {
            add("busy", T0 + i * 1_000L, 100 + i * 997, false); // wide latency range: a grown sketch array
        }
        advance(T0 + 60_000);
        advance(T0 + 20 * 60_000);                                // everything evicted into the spare pool
        assertThat(evicted).isNotEmpty();
        add("quiet", T0 + 20 * 60_000 + 1_000, 42, true);
        advance(T0 + 20 * 60_000 + 10_000);
        SliceAggregate w = engine.agent("quiet").window(0);
        assertThat(w.rawCount()).isEqualTo(1);
        assertThat(w.errors()).isZero();
        assertThat(w.latencySum()).isEqualTo(42.0);
        assertThat(w.latencySketch().totalWeight()).isEqualTo(1.0);
        assertThat(w.latencySketch().quantile(0.99)).isCloseTo(42.0, within(0.42));
    }

    /** Rules begin to read a percentile: a late event then goes into slice and window alike, and leaves with the slice. */
    @Test
    void aSketchAddedByRulesLeavesNoPhantomValueBehind() {
        add("a", T0 + 1_000, 100, true);
        add("a", T0 + 15_000, 100, true);
        advance(T0 + 20_000);
        engine.reconfigure(new WindowSpec(SLICE, GRACE, List.of(Duration.ofMinutes(1), Duration.ofMinutes(5)),
                SliceAggregate.LATENCY_SKETCH | SliceAggregate.TOKENS_SKETCH));
        MetricEvent late = MetricEvent.newBuilder(event("a", T0 + 2_000, 100, true)).setTokensIn(5_000L).setTokensOut(0L).build();
        add(late); // within grace, into the closed slice [0, 10s)
        assertThat(engine.agent("a").window(0).tokensSketch().totalWeight()).isEqualTo(1.0);
        add(MetricEvent.newBuilder(event("a", T0 + 25_000, 100, true)).setTokensIn(40L).setTokensOut(0L).build());
        advance(T0 + 80_000);                  // [0, 10s) left the 1 min window; [20s, 30s) is still in it
        SliceAggregate w = engine.agent("a").window(0);
        assertThat(w.tokensSketch().totalWeight()).isEqualTo(1.0);
        assertThat(w.tokensSketch().quantile(0.99)).isCloseTo(40.0, within(0.4)); // not the 5,000 that left
    }

    /** A window no rule reads a percentile over keeps no sketch; the one that is read keeps an exact one. */
    @Test
    void eachWindowKeepsOnlyTheSketchesReadOverIt() {
        WindowSpec fleet = WindowSpec.forFleetView(SLICE, GRACE, List.of(Duration.ofMinutes(5), Duration.ofMinutes(1)));
        assertThat(fleet.windowSketches(0)).isEqualTo(SliceAggregate.LATENCY_SKETCH); // 1 min: the fleet view's
        assertThat(fleet.windowSketches(1)).isZero();
        assertThat(fleet.windowSketches()).isEqualTo(SliceAggregate.LATENCY_SKETCH);  // slices keep the union
        WindowEngine e = new WindowEngine(fleet);
        for (int i = 0; i < 20; i++) {
            e.add(MetricObservation.of(event("a", T0 + i * 1_000L, 100 + i, true)), 1.0, Double.NaN);
        }
        e.advanceTo(T0 + 60_000, (b, changed) -> { }, (a, start, slice) -> { });
        AgentWindows a = e.agent("a");
        assertThat(a.window(0).latencySketch().totalWeight()).isEqualTo(20.0);
        assertThat(a.window(0).latencySketch().quantile(1.0)).isCloseTo(119.0, within(1.19));
        assertThat(a.window(1).rawCount()).isEqualTo(20);
        assertThat(a.window(1).latencySketch().isDisabled()).isTrue();
        assertThat(a.window(1).latencySum()).isEqualTo(a.window(0).latencySum()); // sums are kept everywhere
    }

    private void advance(long boundary) {
        engine.advanceTo(boundary, (b, changed) -> { }, (a, start, slice) -> evicted.add(start));
    }

    private void add(String agent, long ts, double latency, boolean success) {
        add(event(agent, ts, latency, success));
    }

    private void add(MetricEvent e) {
        engine.add(MetricObservation.of(e), 1.0, Double.NaN);
    }

    private MetricEvent event(String agent, long ts, double latency, boolean success) {
        return MetricEvent.newBuilder()
                .setEventId("e-" + (seq++))
                .setAgentId(agent)
                .setTimestamp(Instant.ofEpochMilli(ts))
                .setSuccess(success)
                .setLatencyMs(latency)
                .setTokensIn(1000L)
                .setTokensOut(200L)
                .build();
    }
}
