package dev.agentwatch.window;

import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;

/**
 * The shape of the per-agent windows: slice width, grace period, and the window lengths that rules read
 * (each a whole number of slices). Every running window costs one merge and one subtract per non-empty slice,
 * whatever its length.
 */
public final class WindowSpec {

    private final long sliceMs;
    private final long graceMs;
    private final long[] windowMs;
    private final long retainMs;
    private final int windowSketches;

    /**
     * Slices and windows that keep the latency sketch only (the percentiles the default rules and the fleet
     * view read). Sketches are most of a slice's memory and merge cost, so only those some rule reads are kept.
     */
    public WindowSpec(Duration slice, Duration grace, Collection<Duration> windows) {
        this(slice, grace, windows, SliceAggregate.LATENCY_SKETCH);
    }

    /** @param windowSketches which sketches slices and running windows keep ({@link SliceAggregate#LATENCY_SKETCH}, ...) */
    public WindowSpec(Duration slice, Duration grace, Collection<Duration> windows, int windowSketches) {
        this.windowSketches = windowSketches;
        this.sliceMs = slice.toMillis();
        this.graceMs = grace.toMillis();
        if (sliceMs <= 0 || graceMs < 0) {
            throw new IllegalArgumentException("slice must be > 0 and grace >= 0");
        }
        this.windowMs = windows.stream().mapToLong(Duration::toMillis).distinct().sorted().toArray();
        for (long w : windowMs) {
            if (w <= 0 || w % sliceMs != 0) {
                throw new IllegalArgumentException("window " + Duration.ofMillis(w) + " is not a whole number of "
                        + Duration.ofMillis(sliceMs) + " slices");
            }
        }
        long longest = windowMs.length == 0 ? sliceMs : windowMs[windowMs.length - 1];
        // Slices stay in memory while a window covers them or a late event may still land in them.
        this.retainMs = Math.max(longest, roundUp(graceMs) + sliceMs);
    }

    /** Same slice, grace, windows and sketches. */
    public boolean sameShape(WindowSpec o) {
        return sliceMs == o.sliceMs && graceMs == o.graceMs && Arrays.equals(windowMs, o.windowMs)
                && windowSketches == o.windowSketches;
    }

    public int windowSketches() {
        return windowSketches;
    }

    public long sliceMs() {
        return sliceMs;
    }

    public long graceMs() {
        return graceMs;
    }

    public int windowCount() {
        return windowMs.length;
    }

    public long windowMs(int i) {
        return windowMs[i];
    }

    /** Index of a window length, or -1. */
    public int indexOf(long ms) {
        int i = Arrays.binarySearch(windowMs, ms);
        return i >= 0 ? i : -1;
    }

    /** How far back from the current slice boundary slices are kept in memory. */
    public long retainMs() {
        return retainMs;
    }

    public long sliceStart(long timestampMs) {
        return Math.floorDiv(timestampMs, sliceMs) * sliceMs;
    }

    private long roundUp(long ms) {
        return (ms + sliceMs - 1) / sliceMs * sliceMs;
    }
}
