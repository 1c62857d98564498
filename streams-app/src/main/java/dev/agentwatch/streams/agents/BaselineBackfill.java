package dev.agentwatch.streams.agents;

import dev.agentwatch.baseline.Baselines;
import dev.agentwatch.baseline.BucketSink;
import dev.agentwatch.window.AgentWindows;
import dev.agentwatch.window.EventFolding;
import dev.agentwatch.window.Observation;
import dev.agentwatch.window.SliceAggregate;
import dev.agentwatch.window.WindowSpec;
import org.apache.kafka.common.utils.Bytes;

import java.nio.ByteBuffer;

/**
 * Takes the events of an agent that catches up on a backlog older than every slice the window engine still
 * holds, e.g. a producer that buffered through a network outage while its partition-mates (or the wall clock)
 * moved event time on. Such events are in no window any more, so they only feed the agent's baseline: each one
 * goes straight into the agent's open baseline buckets, and into a backlog slice that is written to the slice
 * store and retained like an evicted slice, so a restore replays it into the open bucket as it does those.
 */
final class BaselineBackfill {

    private final WindowSpec spec;
    private final SliceStore store;
    private final SliceWriteBack writeBack;
    private final Baselines baselines;
    private final BucketSink bucketSink;
    /** One event at a time on its way into the baseline buckets. */
    private final SliceAggregate scratch;

    BaselineBackfill(WindowSpec spec, SliceStore store, SliceWriteBack writeBack, Baselines baselines, BucketSink bucketSink) {
        this.spec = spec;
        this.store = store;
        this.writeBack = writeBack;
        this.baselines = baselines;
        this.bucketSink = bucketSink;
        this.scratch = new SliceAggregate().keepSketchesOnly(spec.windowSketches());
    }

    /**
     * Adds one event counting at {@code foldTs}, whose slice is older than the engine holds but whose baseline
     * buckets are open ({@link Baselines#accepts}).
     *
     * @return false when the backlog slice had already taken an event with this id (a duplicate, not added)
     */
    boolean add(AgentWindows a, Observation e, long foldTs, double weight, double costUsd, long idHash) {
        long start = spec.sliceStart(foldTs);
        SliceAggregate slice = a.backlogSlice(start);
        if (slice == null) {
            if (a.backlogSlice() != null) { // written now, so the store holds it before anything reads or deletes it
                writeBack.saveIfMarked(a, a.backlogStart(), a.backlogSlice());
            }
            slice = new SliceAggregate().keepSketchesOnly(spec.windowSketches());
            byte[] stored = store.get(Bytes.wrap(a.keyFor(start)));
            if (stored != null) {
                slice.readFrom(ByteBuffer.wrap(stored)); // taken earlier (before a restart, or out of order)
            }
            a.startBacklogSlice(start, slice);
        }
        if (!slice.rememberEventId(idHash)) {
            return false;
        }
        EventFolding.add(slice, e, weight, costUsd, foldTs);
        scratch.clear();
        EventFolding.add(scratch, e, weight, costUsd, foldTs);
        baselines.onEvicted(a.agentId(), start, scratch, bucketSink);
        if (!a.retains(start)) {
            a.retain(start);
        }
        a.saw(e, foldTs);
        writeBack.mark(a, start, slice);
        return true;
    }
}
