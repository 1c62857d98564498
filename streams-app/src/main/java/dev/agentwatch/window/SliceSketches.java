package dev.agentwatch.window;

import static dev.agentwatch.window.SliceAggregate.COST_SKETCH;
import static dev.agentwatch.window.SliceAggregate.LATENCY_SKETCH;
import static dev.agentwatch.window.SliceAggregate.TOKENS_SKETCH;

/**
 * The quantile sketches of a slice's latency, tokens (in + out) and cost per event, each beside its
 * {@link FieldGroup}: a sketch takes the events its group takes and is emptied with it.
 */
final class SliceSketches {

    final QuantileSketch latency;
    final QuantileSketch tokens;
    final QuantileSketch cost;

    SliceSketches(double relativeAccuracy) {
        latency = new QuantileSketch(relativeAccuracy);
        tokens = new QuantileSketch(relativeAccuracy);
        cost = new QuantileSketch(relativeAccuracy);
    }

    /** Disables the sketches not in {@code mask} ({@link SliceAggregate#LATENCY_SKETCH}, ...). */
    void keepOnly(int mask) {
        keepIf(latency, mask & LATENCY_SKETCH);
        keepIf(tokens, mask & TOKENS_SKETCH);
        keepIf(cost, mask & COST_SKETCH);
    }

    private static void keepIf(QuantileSketch sketch, int kept) {
        if (kept == 0) {
            sketch.disable();
        }
    }

    /** Enables the disabled sketches in {@code mask}, empty. */
    void track(int mask) {
        trackIf(latency, mask & LATENCY_SKETCH);
        trackIf(tokens, mask & TOKENS_SKETCH);
        trackIf(cost, mask & COST_SKETCH);
    }

    private static void trackIf(QuantileSketch sketch, int tracked) {
        if (tracked != 0 && sketch.isDisabled()) {
            sketch.enable();
        }
    }

    /** Throws on an accuracy mismatch before any change. */
    void merge(SliceSketches other) {
        latency.merge(other.latency);
        tokens.merge(other.tokens);
        cost.merge(other.cost);
    }

    /**
     * Removes {@code other}'s sketches, after {@code sums} had {@code other}'s sums subtracted: the sketch of a
     * group left without events is cleared, so residue cannot outlive them.
     */
    void subtract(SliceSketches other, WeightedSums sums) {
        subtract(latency, other.latency, sums.count(FieldGroup.LATENCY));
        subtract(tokens, other.tokens, sums.count(FieldGroup.TOKENS));
        subtract(cost, other.cost, sums.count(FieldGroup.COST));
    }

    private static void subtract(QuantileSketch sketch, QuantileSketch leaving, long eventsLeft) {
        if (eventsLeft > 0) {
            sketch.subtract(leaving);
        } else {
            sketch.clear();
        }
    }

    void clear() {
        latency.clear();
        tokens.clear();
        cost.clear();
    }

    void clearAndTrim(int buckets) {
        latency.clearAndTrim(buckets);
        tokens.clearAndTrim(buckets);
        cost.clearAndTrim(buckets);
    }

    /** Copies, accuracy included (which {@link #merge} would refuse to change). */
    void copyFrom(QuantileSketch latency, QuantileSketch tokens, QuantileSketch cost) {
        this.latency.copyFrom(latency);
        this.tokens.copyFrom(tokens);
        this.cost.copyFrom(cost);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SliceSketches s
                && latency.equals(s.latency) && tokens.equals(s.tokens) && cost.equals(s.cost);
    }

    @Override
    public int hashCode() {
        return (latency.hashCode() * 31 + tokens.hashCode()) * 31 + cost.hashCode();
    }
}
