package dev.agentwatch.streams.agents;

import dev.agentwatch.alerting.AlertEvaluator;
import dev.agentwatch.baseline.Baselines;
import dev.agentwatch.window.AgentInfoCodec;
import dev.agentwatch.window.SliceAggregate;
import dev.agentwatch.window.SliceKeys;
import dev.agentwatch.window.WindowEngine;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import java.nio.ByteBuffer;

/**
 * Rebuilds a task's memory from its three changelogged stores when it starts (after a restart, a move or a
 * rebalance): the stores are the durable truth, memory is derived from them. Baselines first, then slices and
 * agents' identifying fields, then alert states.
 */
final class TaskRestore {

    /** The task's persisted event-time clock; both MIN_VALUE for a task that never saw an event. */
    record Clock(long watermark, long boundary) {
    }

    private TaskRestore() {
    }

    static void baselines(KeyValueStore<Bytes, byte[]> store, Baselines into) {
        try (KeyValueIterator<Bytes, byte[]> it = store.all()) {
            while (it.hasNext()) {
                KeyValue<Bytes, byte[]> kv = it.next();
                into.restore(kv.key.get(), kv.value);
            }
        }
    }

    /** Slices and agents' info into {@code engine}; returns the clock stored beside them. */
    static Clock slices(SliceStore store, WindowEngine engine) {
        long boundary = Long.MIN_VALUE;
        long watermark = Long.MIN_VALUE;
        try (KeyValueIterator<Bytes, byte[]> it = store.all()) {
            while (it.hasNext()) {
                KeyValue<Bytes, byte[]> kv = it.next();
                if (kv.key.equals(SliceStore.CLOCK_KEY)) {
                    ByteBuffer stored = ByteBuffer.wrap(kv.value);
                    watermark = stored.getLong();
                    boundary = stored.getLong();
                    continue;
                }
                byte[] key = kv.key.get();
                String agentId = SliceKeys.agentId(key);
                long start = SliceKeys.sliceStart(key);
                if (start == SliceStore.INFO_SLICE) {
                    AgentInfoCodec.decodeInto(kv.value, engine.restoreAgent(agentId));
                } else {
                    engine.restoreSlice(agentId, start, SliceAggregate.decode(ByteBuffer.wrap(kv.value)));
                }
            }
        }
        return new Clock(watermark, boundary);
    }

    static void alerts(KeyValueStore<Bytes, byte[]> store, AlertEvaluator into) {
        try (KeyValueIterator<Bytes, byte[]> it = store.all()) {
            while (it.hasNext()) {
                KeyValue<Bytes, byte[]> kv = it.next();
                into.restore(kv.key.get(), kv.value);
            }
        }
    }

    /** The clock as stored: watermark, then boundary. */
    static byte[] encode(long watermark, long boundary) {
        return ByteBuffer.allocate(16).putLong(watermark).putLong(boundary).array();
    }
}
