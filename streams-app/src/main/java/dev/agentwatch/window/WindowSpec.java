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
    /** The least time slices are held whatever the windows: the de-duplication window. */
    private final long holdMs;
    /** Per window (same order as {@link #windowMs}): the sketches its running aggregate keeps. */
    private final int[] sketches;
    /** Their union: what slices keep. */
    private final int windowSketches;

    /**
     * Slices and windows that keep the latency sketch only (the percentiles the default rules and the fleet
     * view read). Sketches are most of a slice's memory and merge cost, so only those some rule reads are kept.
     */
    public WindowSpec(Duration slice, Duration grace, Collection<Duration> windows) {
        this(slice, grace, windows, SliceAggregate.LATENCY_SKETCH);
    }

    /** @param windowSketches which sketches slices and every running window keep ({@link SliceAggregate#LATENCY_SKETCH}, ...) */
    public WindowSpec(Duration slice, Duration grace, Collection<Duration> windows, int windowSketches) {
        this(slice, grace, sameSketches(windows, windowSketches));
    }

    /**
     * @param sketchesByWindow each window length with the sketches its running aggregate keeps: a window no rule
     *                         reads a percentile over merges and subtracts no sketch
     */
    public WindowSpec(Duration slice, Duration grace, java.util.Map<Duration, Integer> sketchesByWindow) {
        this(slice, grace, sketchesByWindow, Duration.ZERO);
    }

    /**
     * @param hold the least time slices stay in memory (a whole number of slices): the event_id de-duplication
     *             window, since a slice remembers the ids of its events
     */
    public WindowSpec(Duration slice, Duration grace, java.util.Map<Duration, Integer> sketchesByWindow, Duration hold) {
        this.sliceMs = slice.toMillis();
        this.graceMs = grace.toMillis();
        if (sliceMs <= 0 || graceMs < 0 || hold.isNegative()) {
            throw new IllegalArgumentException("slice must be > 0, grace and hold >= 0");
        }
        java.util.TreeMap<Long, Integer> byMs = new java.util.TreeMap<>();
        sketchesByWindow.forEach((w, mask) -> byMs.merge(w.toMillis(), mask, (a, b) -> a | b));
        this.windowMs = byMs.keySet().stream().mapToLong(Long::longValue).toArray();
        this.sketches = byMs.values().stream().mapToInt(Integer::intValue).toArray();
        int union = 0;
        for (int mask : sketches) {
            union |= mask;
        }
        this.windowSketches = union;
        for (long w : windowMs) {
            if (w <= 0 || w % sliceMs != 0) {
                throw new IllegalArgumentException("window " + Duration.ofMillis(w) + " is not a whole number of "
                        + Duration.ofMillis(sliceMs) + " slices");
            }
        }
        long longest = windowMs.length == 0 ? sliceMs : windowMs[windowMs.length - 1];
        this.holdMs = roundUp(hold.toMillis());
        // Slices stay in memory while a window covers them, a late event may still land in them, or their ids
        // may still meet a duplicate.
        this.retainMs = Math.max(Math.max(longest, roundUp(graceMs) + sliceMs), holdMs);
    }

    /**
     * The app's configured windows before any rule: the latency sketch on the shortest only, the window the
     * fleet view shows percentiles of; rules add the sketches they read, window by window.
     */
    public static WindowSpec forFleetView(Duration slice, Duration grace, Collection<Duration> windows) {
        java.util.Map<Duration, Integer> byWindow = sameSketches(windows, 0);
        windows.stream().min(Duration::compareTo).ifPresent(w -> byWindow.put(w, SliceAggregate.LATENCY_SKETCH));
        return new WindowSpec(slice, grace, byWindow);
    }

    private static java.util.Map<Duration, Integer> sameSketches(Collection<Duration> windows, int mask) {
        java.util.Map<Duration, Integer> out = new java.util.HashMap<>();
        windows.forEach(w -> out.put(w, mask));
        return out;
    }

    /** The same windows and sketches, slices held at least {@code hold}. */
    public WindowSpec withHold(Duration hold) {
        java.util.Map<Duration, Integer> byWindow = new java.util.HashMap<>();
        for (int i = 0; i < windowMs.length; i++) {
            byWindow.put(Duration.ofMillis(windowMs[i]), sketches[i]);
        }
        return new WindowSpec(Duration.ofMillis(sliceMs), Duration.ofMillis(graceMs), byWindow, hold);
    }

    /** The least time slices are held (the de-duplication window). */
    public long holdMs() {
        return holdMs;
    }

    /** Same slice, grace, hold, windows and sketches. */
    public boolean sameShape(WindowSpec o) {
        return sliceMs == o.sliceMs && graceMs == o.graceMs && holdMs == o.holdMs && Arrays.equals(windowMs, o.windowMs)
                && Arrays.equals(sketches, o.sketches);
    }

    /** The sketches slices keep: every window's together. */
    public int windowSketches() {
        return windowSketches;
    }

    /** The sketches window {@code i}'s running aggregate keeps. */
    public int windowSketches(int i) {
        return sketches[i];
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
