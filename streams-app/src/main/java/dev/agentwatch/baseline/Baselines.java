package dev.agentwatch.baseline;

import dev.agentwatch.window.SliceAggregate;

import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * One task's baseline histories, by agent id. The streams processor calls:
 * <ul>
 *   <li>on each evicted slice: {@link #onEvicted} (after or before deleting the slice from the slice store;
 *       the slice is copied, not kept);</li>
 *   <li>at evaluation: {@link #stats} with {@link #end}{@code (windowStart, boundary - retainMs)};</li>
 *   <li>at task start: {@link #restore} for every record of the bucket store, before the first eviction;</li>
 *   <li>now and then (e.g. every 5 minutes of stream time): {@link #advance} with the eviction watermark,
 *       which seals buckets of quiet agents, deletes expired buckets and forgets agents left with none.</li>
 * </ul>
 * Every store change comes out through the {@link BucketSink} passed in.
 */
public final class Baselines {

    private final Map<String, AgentBaseline> agents = new HashMap<>();

    /**
     * The {@code end} of a baseline: the earlier of where the rule window starts and the eviction watermark
     * ({@code boundary - WindowSpec.retainMs()}), before which the window engine adds no slice any more.
     */
    public static long end(long windowStart, long evictionWatermark) {
        return Math.min(windowStart, evictionWatermark);
    }

    /** The agent's history, or null if it has none. */
    public AgentBaseline agent(String agentId) {
        return agents.get(agentId);
    }

    public Collection<AgentBaseline> agents() {
        return Collections.unmodifiableCollection(agents.values());
    }

    public void onEvicted(String agentId, long sliceStart, SliceAggregate slice, BucketSink sink) {
        agents.computeIfAbsent(agentId, AgentBaseline::new).add(sliceStart, slice, sink);
    }

    /**
     * Whether a slice of the agent starting there can still go into its baseline (its buckets are open): for
     * the events of an agent that catches up on a backlog older than the slices the window engine holds.
     */
    public boolean accepts(String agentId, long sliceStart) {
        AgentBaseline a = agents.get(agentId);
        return a == null || a.accepts(sliceStart);
    }

    /** The agent's baseline, or {@link BaselineStats#EMPTY} (never ready) for an agent without history. */
    public BaselineStats stats(String agentId, BaselineKey key, long end) {
        AgentBaseline a = agents.get(agentId);
        return a == null ? BaselineStats.EMPTY : a.stats(key, end);
    }

    /**
     * Takes back one record of the bucket store.
     *
     * @throws IllegalArgumentException on a malformed key or value
     */
    public void restore(byte[] key, byte[] value) {
        agents.computeIfAbsent(BucketKeys.agentId(key), AgentBaseline::new)
                .restore(BucketKeys.tier(key), BucketKeys.bucketStart(key), value);
    }

    /** {@link AgentBaseline#advance} for every agent; agents left without buckets are forgotten. */
    public void advance(long watermark, BucketSink sink) {
        for (Iterator<AgentBaseline> it = agents.values().iterator(); it.hasNext();) {
            AgentBaseline a = it.next();
            a.advance(watermark, sink);
            if (a.isEmpty()) {
                it.remove();
            }
        }
    }
}
