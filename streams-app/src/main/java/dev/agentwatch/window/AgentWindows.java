package dev.agentwatch.window;


import java.util.Map;

/**
 * One agent's in-memory window state: its recent slices and one running aggregate per window length.
 * Derived from the slice store (rebuilt on task start), mutated only by the stream thread that owns the task.
 */
public final class AgentWindows {

    private final String agentId;
    private final byte[] keyPrefix;
    final SliceRing ring = new SliceRing();
    SliceAggregate[] running;
    long lastEventMs = Long.MIN_VALUE;
    /** Set while the agent is in the current tick's changed list. */
    boolean inTick;
    String fleet;
    String model;
    String agentVersion;
    Map<String, String> labels = Map.of();
    /** Bumped when fleet or labels change, so rule bindings compare one int instead of the label maps. */
    private int identityVersion;
    /** Evicted slices still in the slice store until their baseline bucket seals (ascending starts). */
    private long[] retained = new long[4];
    private int retainedCount;
    /** Identifying fields as last persisted, so the info record is only rewritten when they change. */
    String persistedFleet;
    String persistedModel;
    String persistedVersion;
    Map<String, String> persistedLabels;
    /** The slice the agent's latest event went into, so the caller persists it without looking it up again. */
    long lastSliceStart;
    SliceAggregate lastSlice;
    /**
     * The slice of a backlog older than the slices the engine holds, while the agent catches up on it (see
     * {@code BaselineBackfill}); null otherwise. Not in the ring: it is in no window.
     */
    private SliceAggregate backlog;
    private long backlogStart;
    /** The store key of the slice last written, so the per-event put allocates no key. */
    long cachedKeyStart = Long.MIN_VALUE;
    byte[] cachedKey;

    AgentWindows(String agentId, WindowSpec spec) {
        this.agentId = agentId;
        this.keyPrefix = SliceKeys.agentPrefix(agentId);
        reshape(spec);
    }

    /** New, empty running windows for {@code spec}; the engine refills them. */
    void reshape(WindowSpec spec) {
        running = new SliceAggregate[spec.windowCount()];
        for (int i = 0; i < running.length; i++) {
            running[i] = new SliceAggregate().keepSketchesOnly(spec.windowSketches(i)).withoutEvidence();
        }
    }

    /**
     * Adds to {@code eventIds}/{@code traceIds} the newest events of the slices in [from, to), newest first,
     * up to {@code max}: the evidence behind a window's value.
     */
    public void collectEvidence(long from, long to, int max, java.util.List<String> eventIds, java.util.List<String> traceIds) {
        for (int k = ring.size() - 1; k >= 0 && eventIds.size() < max; k--) {
            long start = ring.startAt(k);
            if (start >= to) {
                continue;
            }
            if (start < from) {
                break;
            }
            Evidence e = ring.sliceAt(k).evidence();
            for (int i = 0; i < e.size() && eventIds.size() < max; i++) {
                eventIds.add(e.eventId(i));
                traceIds.add(e.traceId(i));
            }
        }
    }

    public String agentId() {
        return agentId;
    }

    public String fleet() {
        return fleet;
    }

    public String model() {
        return model;
    }

    /** The agent_version of its newest event (null when it sent none). */
    public String agentVersion() {
        return agentVersion;
    }

    public Map<String, String> labels() {
        return labels;
    }

    /** Changes whenever {@link #fleet()} or {@link #labels()} do. */
    public int identityVersion() {
        return identityVersion;
    }

    /**
     * Takes the identifying fields of the agent's newest event. Unchanged fleet and labels keep the held
     * instances (and version): decoding makes new ones per event.
     */
    void identify(String fleet, String model, String agentVersion, Map<String, String> labels) {
        this.model = model;
        this.agentVersion = agentVersion;
        if (!java.util.Objects.equals(this.fleet, fleet) || !java.util.Objects.equals(this.labels, labels)) {
            this.fleet = fleet;
            this.labels = labels;
            identityVersion++;
        }
    }

    public long lastSliceStart() {
        return lastSliceStart;
    }

    public SliceAggregate lastSlice() {
        return lastSlice;
    }

    /** The latest time any of its events counted at (its own event time), MIN_VALUE before the first. */
    public long lastEventMs() {
        return lastEventMs;
    }

    /** An event counted at {@code foldTs}: the newest one sets the agent's time and identifying fields. */
    public void saw(Observation e, long foldTs) {
        if (foldTs > lastEventMs) {
            lastEventMs = foldTs;
            identify(e.fleet, e.model, e.agentVersion, e.labels);
        }
    }

    /** No slice in memory: every running window is empty. */
    public boolean holdsNoSlices() {
        return ring.size() == 0;
    }

    /**
     * The running aggregate of window {@code i} of the {@link WindowSpec}, covering the slices in
     * [boundary - length, boundary) of the engine's boundary. Read-only for callers. Its maxima may be stale
     * (see {@link SliceAggregate}); {@link WindowEngine#windowWithExactMaxima} fixes them when a rule needs them.
     */
    public SliceAggregate window(int i) {
        return running[i];
    }

    /** Recomputes window {@code i}'s maxima from its slices. */
    SliceAggregate exactMaxima(int i, long windowMs, long boundary) {
        SliceAggregate w = running[i];
        w.resetMaxima();
        long from = boundary - windowMs;
        for (int k = 0; k < ring.size(); k++) {
            long s = ring.startAt(k);
            if (s >= from && s < boundary) {
                w.mergeMaxima(ring.sliceAt(k));
            }
        }
        return w;
    }

    /** The slice store key; the last one is cached because almost every event hits the current slice. */
    public byte[] keyFor(long sliceStart) {
        if (sliceStart != cachedKeyStart) {
            cachedKey = SliceKeys.key(keyPrefix, sliceStart);
            cachedKeyStart = sliceStart;
        }
        return cachedKey;
    }

    public byte[] keyPrefix() {
        return keyPrefix;
    }

    /**
     * Whether the agent's slice starting there (held, or its backlog slice) took an event with this id: a retry,
     * which carries its original's timestamp and so counts at the same time.
     */
    public boolean remembers(long sliceStart, long idHash) {
        SliceAggregate slice = ring.get(sliceStart);
        if (slice == null) {
            slice = backlogSlice(sliceStart);
        }
        return slice != null && slice.eventIds().contains(idHash);
    }

    /** The backlog slice starting there, or null. */
    public SliceAggregate backlogSlice(long sliceStart) {
        return backlog != null && backlogStart == sliceStart ? backlog : null;
    }

    /** The backlog slice, or null: at most one at a time, replaced when the catch-up moves to a later slice. */
    public SliceAggregate backlogSlice() {
        return backlog;
    }

    public long backlogStart() {
        return backlogStart;
    }

    public void startBacklogSlice(long sliceStart, SliceAggregate slice) {
        backlog = slice;
        backlogStart = sliceStart;
    }

    /** Drops the backlog slice if it starts before {@code end} (its baseline bucket sealed). */
    public void endBacklogBefore(long end) {
        if (backlog != null && backlogStart < end) {
            backlog = null;
        }
    }

    public boolean retains(long sliceStart) {
        for (int i = 0; i < retainedCount; i++) {
            if (retained[i] == sliceStart) {
                return true;
            }
        }
        return false;
    }

    public void retain(long sliceStart) {
        if (retainedCount == retained.length) {
            retained = java.util.Arrays.copyOf(retained, retainedCount * 2);
        }
        retained[retainedCount++] = sliceStart;
    }

    public int retainedCount() {
        return retainedCount;
    }

    /** Hands each retained slice start before {@code end} to {@code release} and forgets it. */
    public void releaseRetainedBefore(long end, java.util.function.LongConsumer release) {
        int keep = 0;
        for (int i = 0; i < retainedCount; i++) {
            if (retained[i] < end) {
                release.accept(retained[i]);
            } else {
                retained[keep++] = retained[i];
            }
        }
        retainedCount = keep;
    }

    /** Whether the info record must be (re)written: the identifying fields differ from the stored ones. */
    public boolean infoChanged() {
        return persistedLabels == null || !java.util.Objects.equals(fleet, persistedFleet)
                || !java.util.Objects.equals(model, persistedModel)
                || !java.util.Objects.equals(agentVersion, persistedVersion) || !labels.equals(persistedLabels);
    }

    public void infoPersisted() {
        persistedFleet = fleet;
        persistedModel = model;
        persistedVersion = agentVersion;
        persistedLabels = labels;
    }
}
