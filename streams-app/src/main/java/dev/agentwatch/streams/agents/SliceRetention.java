package dev.agentwatch.streams.agents;

import dev.agentwatch.baseline.BucketSink;
import dev.agentwatch.window.AgentWindows;
import dev.agentwatch.window.SliceAggregate;
import dev.agentwatch.window.SliceKeys;
import dev.agentwatch.window.WindowEngine;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Baseline buckets go to the bucket store; an evicted slice stays in the slice store until its fine bucket
 * seals, so a restore can rebuild the open bucket without the bucket being written on every slice. When it
 * seals, the slices it covered (and a backlog slice among them) leave the slice store.
 */
final class SliceRetention implements BucketSink {

    private final StoreWrites buckets;
    private final SliceStore slices;
    private final SliceWriteBack writeBack;
    private final WindowEngine engine;

    SliceRetention(KeyValueStore<Bytes, byte[]> buckets, SliceStore slices, SliceWriteBack writeBack, WindowEngine engine) {
        this.buckets = new StoreWrites(buckets);
        this.slices = slices;
        this.writeBack = writeBack;
        this.engine = engine;
    }

    @Override
    public void put(byte[] key, byte[] value) {
        buckets.put(key, value);
    }

    @Override
    public void delete(byte[] key) {
        buckets.delete(key);
    }

    @Override
    public void fineSealed(String agentId, long end) {
        AgentWindows a = engine.agent(agentId);
        if (a == null) {
            return;
        }
        a.releaseRetainedBefore(end, start -> {
            SliceAggregate backlog = a.backlogSlice(start);
            if (backlog != null) {
                writeBack.unmark(backlog); // else its pending write would bring the key back
            }
            slices.delete(Bytes.wrap(SliceKeys.key(a.keyPrefix(), start)));
        });
        a.endBacklogBefore(end);
    }
}
