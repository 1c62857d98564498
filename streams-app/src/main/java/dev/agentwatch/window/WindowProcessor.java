package dev.agentwatch.window;

import dev.agentwatch.pricing.PriceTable;
import dev.agentwatch.schema.MetricEvent;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import java.nio.ByteBuffer;

/**
 * Keeps one task's agents' slices in a changelogged store (the durable truth, so exactly-once holds across
 * crashes) and their windows in memory (derived from the slices, rebuilt in {@link #init}). Per event: one
 * aggregate update and one cached store put; per tick: the slices entering and leaving windows.
 */
public final class WindowProcessor implements Processor<String, MetricEvent, Void, Void> {

    /** Key of the persisted boundary: an empty agent id, which no valid event has. */
    static final Bytes BOUNDARY_KEY = Bytes.wrap(SliceKeys.key(new byte[] {0, 0}, 0L));

    private final String storeName;
    private final WindowSpec spec;
    private final PriceTable prices;
    private final WindowEngine.TickListener ticks;
    private KeyValueStore<Bytes, byte[]> store;
    private WindowEngine engine;
    private ByteBuffer buffer = ByteBuffer.allocate(4096);

    public WindowProcessor(String storeName, WindowSpec spec, PriceTable prices, WindowEngine.TickListener ticks) {
        this.storeName = storeName;
        this.spec = spec;
        this.prices = prices;
        this.ticks = ticks;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        store = context.getStateStore(storeName);
        engine = new WindowEngine(spec);
        long boundary = Long.MIN_VALUE;
        try (KeyValueIterator<Bytes, byte[]> it = store.all()) {
            while (it.hasNext()) {
                KeyValue<Bytes, byte[]> kv = it.next();
                if (kv.key.equals(BOUNDARY_KEY)) {
                    boundary = ByteBuffer.wrap(kv.value).getLong();
                    continue;
                }
                byte[] key = kv.key.get();
                engine.restore(SliceKeys.agentId(key), SliceKeys.sliceStart(key), SliceAggregate.decode(ByteBuffer.wrap(kv.value)),
                        Long.MIN_VALUE, null, null, null);
            }
        }
        if (boundary != Long.MIN_VALUE) {
            engine.advanceTo(boundary, (b, changed) -> { }, this::evicted);
        }
    }

    /** This task's windows, for rule evaluation on the stream thread. */
    public WindowEngine engine() {
        return engine;
    }

    @Override
    public void process(Record<String, MetricEvent> record) {
        MetricEvent e = record.value();
        double weight = 1.0 / e.getSampleRate();
        double cost = e.getCostUsd() != null ? e.getCostUsd() : priced(e);
        AgentWindows a = engine.add(e, weight, cost);
        long start = engine.sliceOf(e);
        store.put(a.keyFor(start), encode(engine.slice(a, start)));
        if (start > engine.boundary()) {
            engine.advanceTo(start, ticks, this::evicted);
            store.put(BOUNDARY_KEY, ByteBuffer.allocate(8).putLong(0, start).array());
        }
    }

    private double priced(MetricEvent e) {
        long in = e.getTokensIn() == null ? -1 : e.getTokensIn();
        long out = e.getTokensOut() == null ? -1 : e.getTokensOut();
        return prices.cost(e.getModel(), in, out);
    }

    private void evicted(AgentWindows a, long sliceStart, SliceAggregate slice) {
        store.delete(Bytes.wrap(SliceKeys.key(a.keyPrefix(), sliceStart)));
    }

    private byte[] encode(SliceAggregate slice) {
        int size = slice.encodedSize();
        if (buffer.capacity() < size) {
            buffer = ByteBuffer.allocate(Math.max(size, buffer.capacity() * 2));
        }
        buffer.clear();
        slice.encode(buffer);
        byte[] out = new byte[buffer.position()];
        buffer.flip();
        buffer.get(out);
        return out;
    }
}
