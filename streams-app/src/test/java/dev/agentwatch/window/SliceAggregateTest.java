package dev.agentwatch.window;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SliceAggregateTest {

    private static final int A = SliceAggregate.ABSENT;
    private static final double NA = Double.NaN;
    private static final long WINDOW_MS = 60_000;

    private static double value(String metric, SliceAggregate window) {
        return Metrics.resolve(metric).valueOf(window, WINDOW_MS);
    }

    // ---------------------------------------------------------------- sampling weights

    @Test
    void anErrorRateOverMixedSampleRatesEqualsTheWeightedTruth() {
        SliceAggregate slice = new SliceAggregate();
        double routine = SliceAggregate.weightForSampleRate(0.1);
        // 100 high-risk decisions kept at 100%, 2 failed
        for (int i = 0; i < 100; i++) {
            slice.add(1.0, i >= 2, A, A, A, NA, NA, A, A, A);
        }
        // 10 routine queries kept at 10% (standing for 100), 4 failed (standing for 40)
        for (int i = 0; i < 10; i++) {
            slice.add(routine, i >= 4, A, A, A, NA, NA, A, A, A);
        }
        assertThat(slice.rawCount()).isEqualTo(110);
        assertThat(value("request_count", slice)).isEqualTo(200.0);
        assertThat(value("error_count", slice)).isEqualTo(42.0);
        assertThat(value("error_rate", slice)).isCloseTo(0.21, within(1e-12)); // unweighted it would be 6/110
        assertThat(value("request_rate", slice)).isCloseTo(200.0 / 60, within(1e-12));
    }

    @Test
    void weightedEstimatesFromASampledStreamMatchTheFullPopulation() {
        SplittableRandom r = new SplittableRandom(5);
        SliceAggregate sampled = new SliceAggregate();
        long trueRequests = 0;
        long trueErrors = 0;
        double trueTokens = 0;
        for (int i = 0; i < 200_000; i++) {
            boolean routine = r.nextDouble() < 0.8;
            boolean success = r.nextDouble() > (routine ? 0.02 : 0.15);
            long tokens = routine ? 200 + r.nextInt(200) : 3_000 + r.nextInt(2_000);
            trueRequests++;
            trueErrors += success ? 0 : 1;
            trueTokens += tokens;
            double rate = routine ? 0.1 : 1.0;
            if (r.nextDouble() < rate) {
                sampled.add(SliceAggregate.weightForSampleRate(rate), success, tokens, 0, A, NA, NA, A, A, A);
            }
        }
        double trueErrorRate = (double) trueErrors / trueRequests;
        assertThat(value("request_count", sampled)).isCloseTo(trueRequests, within(0.01 * trueRequests));
        assertThat(value("error_rate", sampled)).isCloseTo(trueErrorRate, within(0.003));
        assertThat(value("tokens_per_request", sampled)).isCloseTo(trueTokens / trueRequests, within(0.01 * trueTokens / trueRequests));
    }

    @Test
    void weightForSampleRate() {
        assertThat(SliceAggregate.weightForSampleRate(0.1)).isEqualTo(10.0);
        assertThat(SliceAggregate.weightForSampleRate(1)).isEqualTo(1.0);
        assertThat(SliceAggregate.weightForSampleRate(Double.NaN)).isEqualTo(1.0);
        assertThatThrownBy(() -> SliceAggregate.weightForSampleRate(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SliceAggregate.weightForSampleRate(1.5)).isInstanceOf(IllegalArgumentException.class);
    }

    // ---------------------------------------------------------------- absent fields and validation

    @Test
    void absentFieldsLeaveTheirMetricsUndefinedButCountTheRequest() {
        SliceAggregate slice = new SliceAggregate();
        slice.add(1, false, A, A, A, NA, NA, A, A, A);
        slice.add(2, true, A, A, A, NA, NA, A, 3, A); // failures without tool_calls are not counted
        assertThat(value("request_count", slice)).isEqualTo(3.0);
        assertThat(value("error_rate", slice)).isCloseTo(1.0 / 3, within(1e-12));
        for (String m : new String[] {"tokens_in", "tokens_out", "tokens_per_request", "token_burn_rate", "latency_avg",
                "latency_p50", "latency_max", "cost_usd", "cost_per_call", "cost_rate", "tool_calls",
                "tool_invocation_success_rate", "retries_per_request", "metrics.score", "max(tokens)", "p95(cost_usd)",
                "sum(latency_ms)", "sum(retries)"}) {
            assertThat(value(m, slice)).as(m).isNaN();
        }
        assertThat(slice.toolFailures()).isZero();
    }

    @Test
    void anEmptyWindowHasZeroCountsAndUndefinedRatios() {
        SliceAggregate empty = new SliceAggregate();
        assertThat(empty.isEmpty()).isTrue();
        assertThat(value("request_count", empty)).isZero();
        assertThat(value("request_rate", empty)).isZero();
        assertThat(value("error_count", empty)).isZero();
        assertThat(value("error_rate", empty)).isNaN();
        assertThat(value("latency_p99", empty)).isNaN();
    }

    @Test
    void anInvalidEventChangesNothing() {
        SliceAggregate slice = new SliceAggregate();
        slice.add(1, true, 10, 10, A, 100, 0.01, 1, 0, 0);
        SliceAggregate before = copyOf(slice);
        assertThatThrownBy(() -> slice.add(1, true, 10, 10, A, -5, 0.01, 1, 0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> slice.add(1, true, 10, 10, A, 100, Double.POSITIVE_INFINITY, 1, 0, 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> slice.add(0, true, 10, 10, A, 100, 0.01, 1, 0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> slice.add(NA, true, 10, 10, A, 100, 0.01, 1, 0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> slice.addCustomMetric("x", NA, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> slice.addCustomMetric("x", 1, -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> slice.addCustomMetric(null, 1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThat(slice).isEqualTo(before);
    }

    // ---------------------------------------------------------------- custom metrics

    @Test
    void customMetricsAreFoundWhateverStringInstanceTheEventCarries() {
        SliceAggregate slice = new SliceAggregate();
        slice.addCustomMetric(new String("hallucination_score"), 0.2, 1);
        slice.addCustomMetric(new String("hallucination_score"), 0.6, 3);
        assertThat(slice.customMetrics().size()).isEqualTo(1);
        assertThat(value("metrics.hallucination_score", slice)).isCloseTo((0.2 + 1.8) / 4, within(1e-12));
        assertThat(value("max(metrics.hallucination_score)", slice)).isEqualTo(0.6);
        assertThat(value("sum(metrics.hallucination_score)", slice)).isCloseTo(2.0, within(1e-12));
        assertThat(value("metrics.other", slice)).isNaN();
    }

    @Test
    void distinctCustomNamesBeyondTheCapAreCountedAsDropped() {
        SliceAggregate slice = new SliceAggregate();
        slice.add(2, true, A, A, A, NA, NA, A, A, A);
        for (int i = 0; i < CustomMetrics.MAX_NAMES + 8; i++) {
            slice.addCustomMetric("m" + i, i, 2);
        }
        slice.addCustomMetric("m0", 1, 1);
        CustomMetrics c = slice.customMetrics();
        assertThat(c.size()).isEqualTo(CustomMetrics.MAX_NAMES);
        assertThat(c.droppedCount()).isEqualTo(8);
        assertThat(c.droppedWeight()).isEqualTo(16.0);
        assertThat(c.count(c.indexOf("m0"))).isEqualTo(2);

        SliceAggregate window = new SliceAggregate();
        window.merge(slice);
        SliceAggregate other = new SliceAggregate();
        other.add(1, true, A, A, A, NA, NA, A, A, A); // custom metrics travel with their event
        other.addCustomMetric("newcomer", 5, 1);
        window.merge(other);
        assertThat(window.customMetrics().indexOf("newcomer")).isEqualTo(-1);
        assertThat(window.customMetrics().droppedCount()).isEqualTo(9);
        window.subtract(other);
        assertThat(window.customMetrics().droppedCount()).isEqualTo(8);
    }

    // ---------------------------------------------------------------- evidence

    @Test
    void evidenceKeepsTheNewestFiveByEventTimeNewestFirst() {
        SliceAggregate slice = new SliceAggregate();
        long[] times = {50, 10, 80, 30, 70, 20, 60, 40};
        for (long t : times) {
            slice.addEvidence("e" + t, "t" + t, t);
        }
        Evidence e = slice.evidence();
        assertThat(e.size()).isEqualTo(Evidence.CAPACITY);
        long[] expected = {80, 70, 60, 50, 40};
        for (int i = 0; i < expected.length; i++) {
            assertThat(e.timestampMs(i)).isEqualTo(expected[i]);
            assertThat(e.eventId(i)).isEqualTo("e" + expected[i]);
            assertThat(e.traceId(i)).isEqualTo("t" + expected[i]);
        }
        slice.addEvidence("old", null, 5);
        assertThat(e.eventId(4)).isEqualTo("e40");
    }

    @Test
    void mergedEvidenceKeepsTheNewestAcrossSlicesAndSubtractRemovesOnlyTheLeavingSlices() {
        SliceAggregate older = new SliceAggregate();
        SliceAggregate newer = new SliceAggregate();
        for (int t = 0; t < 4; t++) {
            older.add(1, true, A, A, A, NA, NA, A, A, A);
            older.addEvidence("old" + t, null, 100 + t);
            newer.add(1, true, A, A, A, NA, NA, A, A, A);
            newer.addEvidence("new" + t, "trace", 200 + t);
        }
        SliceAggregate window = new SliceAggregate();
        window.merge(newer);
        window.merge(older); // order of merging does not matter
        Evidence e = window.evidence();
        assertThat(e.size()).isEqualTo(5);
        assertThat(e.eventId(0)).isEqualTo("new3");
        assertThat(e.eventId(4)).isEqualTo("old3");
        window.subtract(older);
        assertThat(e.size()).isEqualTo(4);
        assertThat(e.eventId(3)).isEqualTo("new0");
    }

    // ---------------------------------------------------------------- merge and subtract

    @Test
    void mergeThenSubtractThenRecomputedMaximaGivesBackTheOriginalExactly() {
        TestEvents events = new TestEvents(1, new double[] {1, 0.5, 0.1}, true);
        SliceAggregate a = new SliceAggregate();
        SliceAggregate b = new SliceAggregate();
        events.addTo(a, 300, 0.9);
        events.addTo(b, 300, 0.9);
        SliceAggregate window = copyOf(a);
        assertThat(window).isEqualTo(a);
        window.merge(b);
        assertThat(window).isNotEqualTo(a);
        window.subtract(b);
        window.resetMaxima();
        window.mergeMaxima(a);
        assertThat(window).isEqualTo(a);
        window.subtract(a);
        assertThat(window.isEmpty()).isTrue();
        assertThat(window).isEqualTo(new SliceAggregate());
    }

    @Test
    void mergeThenSubtractWithFractionalValuesAndWeightsReproducesEveryMetric() {
        TestEvents events = new TestEvents(2, new double[] {1, 0.3, 0.7}, false);
        SliceAggregate a = new SliceAggregate();
        SliceAggregate b = new SliceAggregate();
        events.addTo(a, 300, 0.7);
        events.addTo(b, 300, 0.7);
        SliceAggregate window = copyOf(a);
        window.merge(b);
        window.subtract(b);
        window.resetMaxima();
        window.mergeMaxima(a);
        assertSameMetrics(window, a, "after merge and subtract");
        assertThat(window.latencySketch().nonEmptyBuckets()).isEqualTo(a.latencySketch().nonEmptyBuckets());
        window.subtract(a);
        assertThat(window).isEqualTo(new SliceAggregate());
    }

    @Test
    void aRunningWindowMatchesTheWindowRecomputedFromItsSlices() {
        TestEvents events = new TestEvents(3, new double[] {1, 0.3, 0.1, 0.7}, false);
        SplittableRandom r = new SplittableRandom(4);
        int windowSlices = 30; // 5 minutes of 10 s slices
        List<SliceAggregate> slices = new ArrayList<>();
        SliceAggregate running = new SliceAggregate();
        for (int tick = 0; tick < 400; tick++) {
            SliceAggregate slice = new SliceAggregate();
            // bursts, quiet slices and slices where a field is never reported
            events.addTo(slice, tick % 50 < 5 ? 0 : r.nextInt(tick % 100 < 50 ? 80 : 5), tick % 70 < 20 ? 0.0 : 0.8);
            slices.add(slice);
            running.merge(slice);
            if (slices.size() > windowSlices) {
                running.subtract(slices.get(slices.size() - windowSlices - 1));
            }
            SliceAggregate fresh = new SliceAggregate();
            running.resetMaxima();
            for (int s = Math.max(0, slices.size() - windowSlices); s < slices.size(); s++) {
                fresh.merge(slices.get(s));
                running.mergeMaxima(slices.get(s));
            }
            assertSameMetrics(running, fresh, "tick " + tick);
            assertThat(running.rawCount()).isEqualTo(fresh.rawCount());
            assertThat(running.evidence()).as("tick %d", tick).isEqualTo(fresh.evidence());
        }
    }

    private static void assertSameMetrics(SliceAggregate actual, SliceAggregate expected, String when) {
        for (String name : Metrics.knownNames()) {
            String metric = name.replace("<name>", "hallucination_score");
            double e = value(metric, expected);
            double v = value(metric, actual);
            if (Double.isNaN(e)) {
                assertThat(v).as("%s %s", when, metric).isNaN();
            } else if (metric.matches(".*p\\d\\d.*")) {
                assertThat(v).as("%s %s", when, metric).isEqualTo(e); // same buckets, same rank
            } else {
                assertThat(v).as("%s %s", when, metric).isCloseTo(e, within(1e-9 * Math.max(1, Math.abs(e))));
            }
        }
    }

    @Test
    void mergingIntoItselfIsRefused() {
        SliceAggregate a = new SliceAggregate();
        assertThatThrownBy(() -> a.merge(a)).isInstanceOf(IllegalArgumentException.class);
    }

    // ---------------------------------------------------------------- codec

    @Test
    void encodesAndDecodesEverythingIncludingCustomMetricsEvidenceAndResetMaxima() {
        TestEvents events = new TestEvents(6, new double[] {1, 0.3}, false);
        SliceAggregate slice = new SliceAggregate();
        events.addTo(slice, 200, 0.8);
        slice.addCustomMetric("negative_margin", -2.5, 1);
        assertRoundTrip(slice);
        slice.resetMaxima(); // NaN maxima, no evidence
        assertRoundTrip(slice);
        assertRoundTrip(new SliceAggregate());
        SliceAggregate fine = new SliceAggregate(0.002);
        events.addTo(fine, 50, 0.5);
        assertRoundTrip(fine);
        assertRoundTrip(new SliceAggregate(0.002));
    }

    private static void assertRoundTrip(SliceAggregate slice) {
        int size = slice.encodedSize();
        ByteBuffer buffer = ByteBuffer.allocate(size + 2);
        buffer.put((byte) 42);
        slice.encode(buffer);
        assertThat(buffer.position()).isEqualTo(1 + size);
        buffer.put((byte) 43);
        buffer.flip().get();
        SliceAggregate decoded = SliceAggregate.decode(buffer);
        assertThat(buffer.get()).as("decode consumes exactly the encoding").isEqualTo((byte) 43);
        assertThat(decoded).isEqualTo(slice);
        assertThat(decoded.latencySketch().relativeAccuracy()).isEqualTo(slice.latencySketch().relativeAccuracy());

        SliceAggregate reused = new SliceAggregate(0.002); // holds other data and another accuracy
        new TestEvents(9, new double[] {1}, false).addTo(reused, 20, 1.0);
        buffer.rewind().get();
        reused.readFrom(buffer);
        assertThat(reused).isEqualTo(slice);
    }

    @Test
    void anEmptySliceEncodesInTwoBytesAndARealisticOneCompactly() {
        assertThat(new SliceAggregate().encodedSize()).isEqualTo(2);

        SliceAggregate slice = new SliceAggregate();
        new TestEvents(7, new double[] {1}, false).addTo(slice, 100, 0.95);
        int size = slice.encodedSize();
        int evidence = slice.evidence().encodedSize();
        int sketches = slice.latencySketch().encodedSize() + slice.tokensSketch().encodedSize() + slice.costSketch().encodedSize();
        System.out.printf("10 s slice, 100 events: %d bytes (sketches %d: latency %d, tokens %d, cost %d; evidence %d; rest %d)%n",
                size, sketches, slice.latencySketch().encodedSize(), slice.tokensSketch().encodedSize(),
                slice.costSketch().encodedSize(), evidence, size - sketches - evidence);
        assertThat(size).isLessThan(1_500);

        SliceAggregate sampled = new SliceAggregate();
        new TestEvents(7, new double[] {0.1}, false).addTo(sampled, 100, 0.95);
        System.out.printf("same, all at sample_rate 0.1: %d bytes%n", sampled.encodedSize());
        assertThat(sampled.encodedSize()).as("whole weights stay compact").isLessThan(size + 50);
    }

    @Test
    void unknownVersionsAndTruncatedInputAreRejected() {
        SliceAggregate slice = new SliceAggregate();
        new TestEvents(8, new double[] {1}, false).addTo(slice, 20, 0.9);
        ByteBuffer buffer = ByteBuffer.allocate(slice.encodedSize());
        slice.encode(buffer);
        byte[] bytes = buffer.array();
        byte[] future = bytes.clone();
        future[0] = 2;
        assertThatThrownBy(() -> SliceAggregate.decode(ByteBuffer.wrap(future)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("version");
        assertThatThrownBy(() -> SliceAggregate.decode(ByteBuffer.wrap(bytes, 0, bytes.length - 3)))
                .isInstanceOf(BufferUnderflowException.class);
    }

    private static SliceAggregate copyOf(SliceAggregate a) {
        SliceAggregate copy = new SliceAggregate();
        copy.copyFrom(a);
        return copy;
    }
}
