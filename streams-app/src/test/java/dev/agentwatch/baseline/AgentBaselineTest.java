package dev.agentwatch.baseline;

import static dev.agentwatch.baseline.Traffic.DAY;
import static dev.agentwatch.baseline.Traffic.HOUR;
import static dev.agentwatch.baseline.Traffic.MINUTE;
import static dev.agentwatch.baseline.Traffic.SLICE_MS;
import static dev.agentwatch.baseline.Traffic.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.agentwatch.window.MetricRef;
import dev.agentwatch.window.Metrics;
import dev.agentwatch.window.SliceAggregate;
import java.time.Duration;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.LongFunction;
import org.junit.jupiter.api.Test;

class AgentBaselineTest {

    private static final MetricRef TOKENS = Metrics.resolve("tokens_per_request");

    private static BaselineKey key(String metric, Duration horizon, Duration window) {
        return BaselineKey.of(Metrics.resolve(metric), horizon, window);
    }

    private static BaselineKey tokens(Duration horizon) {
        return key("tokens_per_request", horizon, Duration.ofMinutes(5));
    }

    /** Adds one slice every {@code stepMs} in [from, to). */
    private static void feed(AgentBaseline a, long from, long to, long stepMs, LongFunction<SliceAggregate> slice) {
        for (long t = from; t < to; t += stepMs) {
            a.add(t, slice.apply(t), BucketSink.NONE);
        }
    }

    // ---------------------------------------------------------------- robustness

    @Test
    void aFiveMinuteTripleSpikeMovesTheHourBaselineByLessThanFivePercentWhereverItFalls() {
        long end = T0 + 70 * MINUTE;
        double steady = baselineWithSpike(end, Long.MIN_VALUE, false);
        for (long spike = T0 + 10 * MINUTE; spike <= end - 5 * MINUTE; spike += 50_000) {
            double withSpike = baselineWithSpike(end, spike, false);
            assertThat(Math.abs(withSpike - steady) / steady).as("spike at +%d s", (spike - T0) / 1000).isLessThan(0.05);
            // the spike is real: the plain mean of the same buckets moves by more than 10%
            double plain = baselineWithSpike(end, spike, true);
            assertThat(plain / steady - 1).as("plain mean, spike at +%d s", (spike - T0) / 1000).isGreaterThan(0.10);
        }
    }

    /** The 1 h tokens_per_request baseline at {@code end} of steady ±20% traffic with a 5-minute 3x spike. */
    private static double baselineWithSpike(long end, long spikeStart, boolean plainMean) {
        SplittableRandom r = new SplittableRandom(42);
        AgentBaseline a = new AgentBaseline("agent-1");
        feed(a, T0, end, SLICE_MS, t -> {
            long tokens = 1_600 + r.nextInt(801);
            return Traffic.tokens(t >= spikeStart && t < spikeStart + 5 * MINUTE ? 3 * tokens : tokens);
        });
        BaselineKey key = tokens(Duration.ofHours(1));
        if (!plainMean) {
            BaselineStats s = a.stats(key, end);
            assertThat(s.values()).isEqualTo(12);
            return s.mean();
        }
        SliceAggregate scratch = new SliceAggregate();
        return a.history(Tier.FINE).buckets().subMap(end - HOUR, end).values().stream()
                .mapToDouble(b -> TOKENS.valueOf(b.aggregate(scratch), Tier.FINE.bucketMs())).average().orElseThrow();
    }

    @Test
    void statsOverBucketsMatchHandComputedTrimmedValues() {
        // twelve 5-minute buckets of one event each: tokens 100..1100 in steps of 100 and an outlier
        long[] perBucket = {500, 100, 9_000, 300, 1_100, 700, 200, 800, 400, 1_000, 600, 900};
        AgentBaseline a = new AgentBaseline("a");
        for (int i = 0; i < perBucket.length; i++) {
            a.add(T0 + i * 5 * MINUTE, Traffic.tokens(perBucket[i]), BucketSink.NONE);
        }
        BaselineStats s = a.stats(tokens(Duration.ofHours(1)), T0 + HOUR);
        // sorted: 100 200 300 400 500 600 700 800 900 1000 1100 9000; two trimmed each side: 300..1000
        assertThat(s.values()).isEqualTo(12);
        assertThat(s.trimmedPerSide()).isEqualTo(2);
        assertThat(s.mean()).isCloseTo(650.0, within(1e-9));
        double squares = 2 * (350.0 * 350 + 250 * 250 + 150 * 150 + 50 * 50); // around 650, 8 values
        // c(1/6) from Python's statistics.NormalDist, as in TrimmedMomentsTest
        assertThat(s.stddev()).isCloseTo(Math.sqrt(squares / 7 / 0.27486643521753695), within(1e-4));
        assertThat(s.zscore(650 + 2 * s.stddev())).isCloseTo(2.0, within(1e-9));
    }

    // ---------------------------------------------------------------- floors

    @Test
    void aFlatSeriesGetsTheRelativeFloor() {
        AgentBaseline a = new AgentBaseline("a");
        feed(a, T0, T0 + HOUR, SLICE_MS, t -> Traffic.tokens(2_000));
        BaselineStats s = a.stats(tokens(Duration.ofHours(1)), T0 + HOUR);
        assertThat(s.stddev()).isZero();
        assertThat(s.flooredStddev()).isCloseTo(20.0, within(1e-9)); // 1% of 2000
        assertThat(s.zscore(2_100)).isCloseTo(5.0, within(1e-9));
        assertThat(s.zscore(2_000)).isZero();
    }

    @Test
    void anIntegerValuedSparseSeriesGetsTheAbsoluteFloorOfItsUnit() {
        // error_count per 5-minute bucket: 0 in ten buckets, 1 in two
        AgentBaseline a = new AgentBaseline("a");
        for (int i = 0; i < 12; i++) {
            SliceAggregate s = new SliceAggregate();
            s.add(1.0, i != 3 && i != 8, -1, -1, -1, Double.NaN, Double.NaN, -1, -1, -1);
            a.add(T0 + i * 5 * MINUTE, s, BucketSink.NONE);
        }
        BaselineStats errors = a.stats(key("error_count", Duration.ofHours(1), Duration.ofMinutes(5)), T0 + HOUR);
        assertThat(errors.values()).isEqualTo(12);
        assertThat(errors.mean()).isZero(); // trimming drops both ones
        assertThat(errors.stddev()).isZero();
        assertThat(errors.flooredStddev()).isEqualTo(1.0); // one event per window
        assertThat(errors.zscore(3)).isEqualTo(3.0);

        BaselineStats rate = a.stats(key("error_rate", Duration.ofHours(1), Duration.ofMinutes(5)), T0 + HOUR);
        assertThat(rate.flooredStddev()).isEqualTo(0.01); // one percentage point
        assertThat(rate.zscore(0.05)).isCloseTo(5.0, within(1e-9));
    }

    @Test
    void everyCatalogueMetricHasAnAbsoluteFloor() {
        for (String name : Metrics.knownNames()) {
            MetricRef m = Metrics.resolve(name.replace("<name>", "x"));
            assertThat(StddevFloor.covers(m)).as(name).isTrue();
            assertThat(StddevFloor.absolute(m, 60_000)).as(name).isGreaterThan(StddevFloor.UNKNOWN);
        }
    }

    @Test
    void ratesFloorAtOneEventPerWindow() {
        assertThat(StddevFloor.absolute(Metrics.resolve("request_rate"), 60_000)).isCloseTo(1.0 / 60, within(1e-15));
        assertThat(StddevFloor.absolute(Metrics.resolve("cost_rate"), 60_000)).isCloseTo(60e-6, within(1e-15));
    }

    // ---------------------------------------------------------------- minimum history

    @Test
    void readyOnlyOnceTheCompletedBucketsCoverTheMinimumHistory() {
        AgentBaseline a = new AgentBaseline("a");
        BaselineKey key = tokens(Duration.ofHours(1));
        feed(a, T0, T0 + 25 * MINUTE, SLICE_MS, t -> Traffic.tokens(1_000));
        assertThat(a.stats(key, T0 + 25 * MINUTE).coveredMs()).isEqualTo(25 * MINUTE);
        assertThat(a.stats(key, T0 + 29 * MINUTE).ready()).isFalse(); // the 25-30 min bucket is not complete
        feed(a, T0 + 25 * MINUTE, T0 + 30 * MINUTE, SLICE_MS, t -> Traffic.tokens(1_000));
        BaselineStats s = a.stats(key, T0 + 30 * MINUTE);
        assertThat(s.ready()).isTrue();
        assertThat(s.ready(Duration.ofMinutes(31))).isFalse();
        assertThat(s.values()).isEqualTo(6);
    }

    @Test
    void coveredTimeCountsFromTheFirstBucketWithDataNotTheNumberOfBuckets() {
        AgentBaseline a = new AgentBaseline("a");
        a.add(T0, Traffic.tokens(1_000), BucketSink.NONE);
        a.add(T0 + 40 * MINUTE, Traffic.tokens(1_000), BucketSink.NONE);
        BaselineStats s = a.stats(tokens(Duration.ofHours(1)), T0 + 45 * MINUTE);
        assertThat(s.values()).isEqualTo(2);
        assertThat(s.coveredMs()).isEqualTo(45 * MINUTE);
        assertThat(s.ready()).isTrue();
        // a metric the agent never reported has no values and is never ready
        BaselineStats latency = a.stats(key("latency_avg", Duration.ofHours(1), Duration.ofMinutes(5)), T0 + 45 * MINUTE);
        assertThat(latency.values()).isZero();
        assertThat(latency.ready(Duration.ZERO)).isFalse();
        assertThat(latency.zscore(1)).isNaN();
    }

    @Test
    void theMinimumHistoryIsCappedAtTheHorizon() {
        AgentBaseline a = new AgentBaseline("a");
        feed(a, T0, T0 + 10 * MINUTE, SLICE_MS, t -> Traffic.tokens(1_000));
        assertThat(a.stats(tokens(Duration.ofMinutes(10)), T0 + 10 * MINUTE).ready()).isTrue();
        assertThat(a.stats(tokens(Duration.ofMinutes(15)), T0 + 10 * MINUTE).ready()).isFalse();
    }

    @Test
    void unknownAgentsAreNeverReady() {
        assertThat(new Baselines().stats("nobody", tokens(Duration.ofHours(1)), T0).ready(Duration.ZERO)).isFalse();
    }

    // ---------------------------------------------------------------- horizons and tiers

    @Test
    void horizonsPickTheFinestTierThatCoversThem() {
        assertThat(tokens(Duration.ofHours(1)).tier()).isEqualTo(Tier.FINE);
        assertThat(tokens(Duration.ofHours(24)).tier()).isEqualTo(Tier.FINE);
        assertThat(tokens(Duration.ofHours(25)).tier()).isEqualTo(Tier.COARSE);
        assertThat(tokens(Duration.ofDays(7)).tier()).isEqualTo(Tier.COARSE);
        assertThat(tokens(Duration.ofDays(30)).tier()).isEqualTo(Tier.COARSE);
        assertThatThrownBy(() -> tokens(Duration.ofDays(31))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> tokens(Duration.ofMinutes(1))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void eachHorizonReadsItsTiersBucketsInsideIt() {
        // ten days, one slice every 10 minutes: tokens 1000 for the first nine days, 3000 on the last
        AgentBaseline a = new AgentBaseline("a");
        long end = T0 + 10 * DAY;
        feed(a, T0, end, 10 * MINUTE, t -> Traffic.tokens(t < end - DAY ? 1_000 : 3_000));
        BaselineStats hour = a.stats(tokens(Duration.ofHours(1)), end);
        BaselineStats day = a.stats(tokens(Duration.ofHours(24)), end);
        BaselineStats week = a.stats(tokens(Duration.ofDays(7)), end);
        BaselineStats month = a.stats(tokens(Duration.ofDays(30)), end);
        assertThat(hour.values()).isEqualTo(6); // fine buckets holding a slice
        assertThat(day.values()).isEqualTo(144);
        assertThat(week.values()).isEqualTo(7 * 24); // coarse
        assertThat(month.values()).isEqualTo(10 * 24);
        assertThat(month.coveredMs()).isEqualTo(10 * DAY);
        assertThat(hour.mean()).isEqualTo(3_000.0);
        assertThat(day.mean()).isEqualTo(3_000.0);
        assertThat(week.mean()).isEqualTo(1_000.0); // the last day is 1/7 < 20%: trimmed
        assertThat(month.mean()).isEqualTo(1_000.0);
    }

    @Test
    void countsAndSumsAreScaledToTheRuleWindowAndIntensiveMetricsAreNot() {
        AgentBaseline a = new AgentBaseline("a");
        feed(a, T0, T0 + HOUR, SLICE_MS, t -> Traffic.tokens(1_000)); // 30 requests per 5-minute bucket
        long end = T0 + HOUR;
        assertThat(a.stats(key("request_count", Duration.ofHours(1), Duration.ofMinutes(1)), end).mean()).isCloseTo(6.0, within(1e-9));
        assertThat(a.stats(key("request_count", Duration.ofHours(1), Duration.ofMinutes(5)), end).mean()).isCloseTo(30.0, within(1e-9));
        assertThat(a.stats(key("sum(tokens)", Duration.ofHours(1), Duration.ofMinutes(10)), end).mean()).isCloseTo(60_000.0, within(1e-6));
        assertThat(a.stats(key("request_rate", Duration.ofHours(1), Duration.ofMinutes(1)), end).mean()).isCloseTo(0.1, within(1e-12));
        assertThat(a.stats(key("tokens_per_request", Duration.ofHours(1), Duration.ofMinutes(1)), end).mean()).isEqualTo(1_000.0);
    }

    @Test
    void extensiveMetricsAreRecognisedByProbing() {
        for (String name : new String[] {"request_count", "error_count", "tokens_in", "tokens_out", "sum(tokens)",
            "sum(latency_ms)", "cost_usd", "tool_calls", "sum(retries)", "sum(metrics.x)"}) {
            assertThat(MetricScaling.isExtensive(Metrics.resolve(name))).as(name).isTrue();
        }
        for (String name : new String[] {"request_rate", "error_rate", "tokens_per_request", "token_burn_rate",
            "latency_avg", "latency_p95", "latency_max", "cost_per_call", "cost_rate", "p99(tokens)",
            "tool_invocation_success_rate", "retries_per_request", "metrics.x", "max(metrics.x)"}) {
            assertThat(MetricScaling.isExtensive(Metrics.resolve(name))).as(name).isFalse();
        }
    }

    // ---------------------------------------------------------------- caching

    @Test
    void anUnchangedBaselineIsServedFromTheCache() {
        AgentBaseline a = new AgentBaseline("a");
        BaselineKey key = tokens(Duration.ofHours(1));
        feed(a, T0, T0 + HOUR, SLICE_MS, t -> Traffic.tokens(1_000 + (t / SLICE_MS) % 7));
        BaselineStats first = a.stats(key, T0 + HOUR);
        for (long end = T0 + HOUR; end < T0 + HOUR + 5 * MINUTE; end += SLICE_MS) {
            assertThat(a.stats(key, end)).isSameAs(first);
        }
        assertThat(a.computations()).isEqualTo(1);
        // new slices after the queried range change nothing until their bucket completes
        feed(a, T0 + HOUR, T0 + HOUR + 5 * MINUTE, SLICE_MS, t -> Traffic.tokens(5_000));
        assertThat(a.stats(key, T0 + HOUR + 4 * MINUTE)).isSameAs(first);
        BaselineStats next = a.stats(key, T0 + HOUR + 5 * MINUTE);
        assertThat(next).isNotSameAs(first);
        assertThat(a.computations()).isEqualTo(2);
        // a slice landing inside a range already queried invalidates it (only if the caller broke the contract)
        AgentBaseline b = new AgentBaseline("b");
        b.add(T0, Traffic.tokens(1_000), BucketSink.NONE);
        BaselineStats before = b.stats(key, T0 + 5 * MINUTE);
        b.add(T0 + SLICE_MS, Traffic.tokens(3_000), BucketSink.NONE);
        assertThat(b.stats(key, T0 + 5 * MINUTE).mean()).isEqualTo(2_000.0).isNotEqualTo(before.mean());
    }

    @Test
    void slicesForSealedBucketsAreDroppedAndCounted() {
        AgentBaseline a = new AgentBaseline("a");
        a.add(T0 + 10 * MINUTE, Traffic.tokens(1_000), BucketSink.NONE);
        a.add(T0 + 20 * MINUTE, Traffic.tokens(1_000), BucketSink.NONE); // seals the fine bucket at 10 min
        a.add(T0 + 11 * MINUTE, Traffic.tokens(9_000), BucketSink.NONE);
        assertThat(a.droppedLateSlices()).isEqualTo(1); // fine only: the coarse hour is still open
        Map<Long, Bucket> fine = a.history(Tier.FINE).buckets();
        assertThat(fine.get(T0 + 10 * MINUTE).isSealed()).isTrue();
        assertThat(a.history(Tier.COARSE).buckets().get(T0).aggregate(new SliceAggregate()).rawCount()).isEqualTo(3);
    }
}
