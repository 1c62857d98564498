package dev.agentwatch.window;

import dev.agentwatch.ids.EventIdHash;


import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One task's per-agent windows, without Kafka: events go into slices, and at every slice boundary of event
 * time ({@link #advanceTo}) each running window adds the slices that just closed and subtracts those that
 * left it. Work per tick is proportional to the non-empty slices entering or leaving windows, never to the
 * number of agents or the length of the windows.
 */
public final class WindowEngine {

    /** Told, at each tick, which agents' windows changed; the collection is only valid during the call. */
    public interface TickListener {
        void onTick(long boundary, Collection<AgentWindows> changed);
    }

    /** Told of slices that leave memory for good (for the baseline roll-up and the store clean-up). */
    public interface EvictionListener {
        void onEvicted(AgentWindows agent, long sliceStart, SliceAggregate slice);
    }

    /** Enough for a burst of new slices; beyond it, evicted slices go to the garbage collector. */
    private static final int MAX_SPARE = 16_384;
    /** Sketch arrays a spare slice may keep: enough for the values of a typical sparse slice. */
    private static final int SPARE_SKETCH_BUCKETS = 32;

    private WindowSpec spec;
    private final Map<String, AgentWindows> agents = new HashMap<>();
    private final SliceCalendar agentsBySlice;
    /** Evicted slices, emptied, for the next new slice: most slices of sparse agents hold one event. */
    private final ArrayDeque<SliceAggregate> spare = new ArrayDeque<>();
    private final List<AgentWindows> changed = new ArrayList<>();
    private long boundary = Long.MIN_VALUE;

    public WindowEngine(WindowSpec spec) {
        this.spec = spec;
        this.agentsBySlice = new SliceCalendar(spec.sliceMs(), (int) (spec.retainMs() / spec.sliceMs()) + 2);
    }

    public WindowSpec spec() {
        return spec;
    }

    /**
     * Switches to other window lengths or sketches (the slice and grace must stay): every agent's windows are
     * rebuilt from its slices in memory. A window longer than the previous retention starts partial, covering
     * only the slices still held, and fills as time passes.
     */
    public void reconfigure(WindowSpec next) {
        if (next.sliceMs() != spec.sliceMs() || next.graceMs() != spec.graceMs()) {
            throw new IllegalArgumentException("slice and grace cannot change while running");
        }
        spec = next;
        spare.clear(); // their sketches follow the old mask
        for (AgentWindows a : agents.values()) {
            a.reshape(next);
            for (int k = 0; k < a.ring.size(); k++) {
                a.ring.sliceAt(k).trackSketches(next.windowSketches());
            }
            if (boundary == Long.MIN_VALUE) {
                continue;
            }
            for (int k = 0; k < a.ring.size(); k++) {
                long start = a.ring.startAt(k);
                for (int i = 0; i < next.windowCount(); i++) {
                    if (start < boundary && start >= boundary - next.windowMs(i)) {
                        a.running[i].merge(a.ring.sliceAt(k));
                    }
                }
            }
        }
    }

    /** Windows cover slices before this slice start (the current, open slice); MIN_VALUE before any tick. */
    public long boundary() {
        return boundary;
    }

    /** Window {@code i} of an agent with exact maxima, for rules on max(...) metrics. */
    public SliceAggregate windowWithExactMaxima(AgentWindows a, int i) {
        return a.exactMaxima(i, spec.windowMs(i), boundary);
    }

    public AgentWindows agent(String agentId) {
        return agents.get(agentId);
    }

    public Collection<AgentWindows> agents() {
        return Collections.unmodifiableCollection(agents.values());
    }

    /**
     * Adds a valid, not-late event at its own timestamp, without de-duplication; returns the agent, whose
     * {@link AgentWindows#lastSlice()} now holds it. The caller persists that slice.
     */
    public AgentWindows add(Observation e, double weight, double costUsd) {
        return add(e, e.timestampMs, weight, costUsd, EventIdHash.of(e.eventId), null);
    }

    /**
     * Adds a valid, not-late event whose slice is still held ({@link #holds}).
     *
     * @param foldTs   the time the event counts at: its timestamp, or the wall clock for one stamped ahead of it
     * @param idHash   {@link EventIdHash} of its event_id
     * @param newSlice told when the event opened a slice for its agent (at most once per agent and slice: the
     *                 cheap moment to persist the agent's info); may be null
     * @return the agent, whose {@link AgentWindows#lastSlice()} now holds the event; null when its slice had
     *     already taken an event with this id (a duplicate, not added)
     */
    public AgentWindows add(Observation e, long foldTs, double weight, double costUsd, long idHash,
                            java.util.function.Consumer<AgentWindows> newSlice) {
        long start = spec.sliceStart(foldTs);
        AgentWindows a = agentFor(e.agentId);
        SliceAggregate slice = a.ring.get(start);
        boolean created = slice == null;
        if (created) {
            slice = spare.isEmpty() ? new SliceAggregate().keepSketchesOnly(spec.windowSketches()) : spare.pop();
            a.ring.insert(start, slice);
            agentsBySlice.add(start, a, slice);
        }
        if (!slice.rememberEventId(idHash)) {
            return null; // found in an existing slice: a new one is empty and cannot hold the id
        }
        EventFolding.add(slice, e, weight, costUsd, foldTs);
        a.lastSliceStart = start;
        a.lastSlice = slice;
        if (start < boundary) {
            // A late event (within grace, or of an agent catching up) in a slice the windows already hold.
            for (int i = 0; i < spec.windowCount(); i++) {
                if (start >= boundary - spec.windowMs(i)) {
                    EventFolding.add(a.running[i], e, weight, costUsd, foldTs);
                }
            }
        }
        a.saw(e, foldTs);
        if (created && newSlice != null) {
            newSlice.accept(a);
        }
        return a;
    }

    /** The agent of that id, created empty if absent (for restoring state, and events of new agents). */
    public AgentWindows restoreAgent(String agentId) {
        return agentFor(agentId);
    }

    private AgentWindows agentFor(String agentId) {
        AgentWindows a = agents.get(agentId);
        if (a == null) {
            a = new AgentWindows(agentId, spec);
            agents.put(agentId, a);
        }
        return a;
    }

    /**
     * Slices before this start are no longer held (they left for the baselines); MIN_VALUE before the first
     * tick. An event whose slice is older cannot be added here.
     */
    public long heldFrom() {
        return boundary == Long.MIN_VALUE ? Long.MIN_VALUE : boundary - spec.retainMs();
    }

    /** Whether the slice an event at {@code foldTs} falls into is still held, so {@link #add} may take it. */
    public boolean holds(long foldTs) {
        return spec.sliceStart(foldTs) >= heldFrom();
    }

    /**
     * Restores one slice read back from the store at task start, before the first {@link #advanceTo}, which
     * then rebuilds the windows from the restored slices.
     */
    public void restoreSlice(String agentId, long sliceStart, SliceAggregate slice) {
        AgentWindows a = restoreAgent(agentId);
        a.ring.insert(sliceStart, slice);
        // The info record is only rewritten when fleet/model/labels change, so its time may be older; the
        // slice's newest evidence is its last event.
        a.lastEventMs = Math.max(a.lastEventMs, slice.evidence().size() > 0 ? slice.evidence().timestampMs(0) : sliceStart);
        agentsBySlice.add(sliceStart, a, slice);
    }

    /**
     * Moves the boundary to {@code newBoundary} (a slice start): slices before it close into the windows,
     * slices that leave a window are subtracted from it, and slices past every window and the grace period
     * are evicted. Agents with nothing entering or leaving keep windows that are already right.
     */
    public void advanceTo(long newBoundary, TickListener ticks, EvictionListener evictions) {
        if (newBoundary <= boundary) {
            return;
        }
        long old = boundary;
        // Slices entering: [old, newBoundary), each into the windows that still cover it at newBoundary.
        agentsBySlice.forEach(old, newBoundary, (start, a, s) -> {
            for (int i = 0; i < spec.windowCount(); i++) {
                if (start >= newBoundary - spec.windowMs(i)) {
                    a.running[i].merge(s);
                }
            }
            markChanged(a);
        });
        // Slices leaving window i: those that were in it at the old boundary, [old - len, old), and are
        // before newBoundary - len. Slices that entered just now were never added when too old.
        if (old != Long.MIN_VALUE) {
            for (int i = 0; i < spec.windowCount(); i++) {
                long len = spec.windowMs(i);
                long leaveEnd = Math.min(old, newBoundary - len);
                if (leaveEnd <= old - len) {
                    continue;
                }
                int window = i;
                agentsBySlice.forEach(old - len, leaveEnd, (start, a, s) -> {
                    a.running[window].subtract(s);
                    markChanged(a);
                });
            }
        }
        boundary = newBoundary;
        evict(newBoundary - spec.retainMs(), evictions);
        for (AgentWindows a : changed) {
            a.inTick = false;
        }
        if (!changed.isEmpty()) {
            // The listener reads the list during the call only; it is reused for the next tick.
            ticks.onTick(newBoundary, changed);
            changed.clear();
        }
    }

    private void markChanged(AgentWindows a) {
        if (!a.inTick) {
            a.inTick = true;
            changed.add(a);
        }
    }

    private void evict(long before, EvictionListener evictions) {
        agentsBySlice.pollBefore(before, (sliceStart, a, slice) -> {
            // Both visit slices oldest first, so this one is the agent's oldest in its ring.
            if (a.ring.size() == 0 || a.ring.oldestStart() != sliceStart) {
                throw new IllegalStateException("slice index out of step for agent " + a.agentId() + " at " + sliceStart);
            }
            evictions.onEvicted(a, sliceStart, a.ring.removeOldest());
            recycle(a, slice);
        });
    }

    /** Listeners must not keep an evicted slice: it is emptied and reused. */
    private void recycle(AgentWindows a, SliceAggregate s) {
        if (a.lastSlice == s) {
            a.lastSlice = null;
        }
        if (spare.size() < MAX_SPARE) {
            s.clearForReuse(SPARE_SKETCH_BUCKETS);
            spare.push(s);
        }
    }

    /** Forgets agents with no event since {@code before} and no slice in memory; returns them. */
    public List<AgentWindows> forgetSilentSince(long before) {
        List<AgentWindows> gone = new ArrayList<>();
        agents.values().removeIf(a -> {
            boolean silent = a.lastEventMs < before && a.ring.size() == 0 && a.retainedCount() == 0;
            if (silent) {
                gone.add(a);
            }
            return silent;
        });
        return gone;
    }
}
