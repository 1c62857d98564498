package dev.agentwatch.streams;

import dev.agentwatch.baseline.BucketCodec;
import dev.agentwatch.baseline.BucketKeys;
import dev.agentwatch.baseline.Tier;
import dev.agentwatch.fleet.HistoryPoint;
import dev.agentwatch.streams.agents.SliceStore;
import dev.agentwatch.window.SliceAggregate;
import dev.agentwatch.window.SliceKeys;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * An agent's last hour, read through interactive queries from the stores its task keeps anyway, so the fleet view
 * holds no history of its own: the slices still in the slice store (the newest minutes, one point per slice),
 * and before them the 5-minute baseline buckets. A bucket is shown only where no slice is, so nothing counts twice
 * (slices stay in the slice store until their bucket seals).
 *
 * @throws org.apache.kafka.streams.errors.InvalidStateStoreException when the partition is not here (moving)
 */
final class AgentHistoryQuery {

    static final long HOUR_MS = 3_600_000L;

    private final KafkaStreams streams;
    private final long sliceMs;

    AgentHistoryQuery(KafkaStreams streams, long sliceMs) {
        this.streams = streams;
        this.sliceMs = sliceMs;
    }

    List<HistoryPoint> lastHour(String agentId, int partition, long nowMs) {
        long from = nowMs - HOUR_MS;
        byte[] prefix = SliceKeys.agentPrefix(agentId);
        List<HistoryPoint> slices = new ArrayList<>();
        for (SliceStore store : streams.store(StoreQueryParameters.fromNameAndType(AgentwatchTopology.SLICES_STORE,
                SliceStore.QUERYABLE).withPartition(partition))) {
            try (KeyValueIterator<Bytes, byte[]> it = store.range(Bytes.wrap(SliceKeys.key(prefix, from)),
                    Bytes.wrap(SliceKeys.key(prefix, Long.MAX_VALUE)))) {
                while (it.hasNext()) {
                    KeyValue<Bytes, byte[]> kv = it.next();
                    slices.add(HistoryPoint.of(SliceKeys.sliceStart(kv.key.get()), sliceMs,
                            SliceAggregate.decode(ByteBuffer.wrap(kv.value))));
                }
            }
        }
        long firstSlice = slices.isEmpty() ? Long.MAX_VALUE : slices.get(0).startMs();
        List<HistoryPoint> out = new ArrayList<>();
        ReadOnlyKeyValueStore<Bytes, byte[]> buckets = streams.store(StoreQueryParameters.fromNameAndType(
                AgentwatchTopology.BASELINE_STORE, QueryableStoreTypes.<Bytes, byte[]>keyValueStore()).withPartition(partition));
        long bucketMs = Tier.FINE.bucketMs();
        try (KeyValueIterator<Bytes, byte[]> it = buckets.range(Bytes.wrap(BucketKeys.key(prefix, Tier.FINE, Tier.FINE.startOf(from))),
                Bytes.wrap(BucketKeys.key(prefix, Tier.FINE, Long.MAX_VALUE)))) {
            while (it.hasNext()) {
                KeyValue<Bytes, byte[]> kv = it.next();
                long start = BucketKeys.bucketStart(kv.key.get());
                if (start + bucketMs <= firstSlice) {
                    out.add(HistoryPoint.of(start, bucketMs, BucketCodec.decode(kv.value)));
                }
            }
        }
        out.addAll(slices);
        return out;
    }
}
