package dev.agentwatch.window;

import dev.agentwatch.baseline.Baselines;
import dev.agentwatch.baseline.BucketSink;
import dev.agentwatch.alerting.AlertEvaluator;
import dev.agentwatch.fleet.FleetPublisher;
import dev.agentwatch.fleet.FleetView;
import dev.agentwatch.ingest.DeadLetters;
import dev.agentwatch.ingest.DecodedMetric;
import dev.agentwatch.ingest.IngestCounters;
import dev.agentwatch.pricing.PriceTable;
import dev.agentwatch.rules.RuleBook;
import dev.agentwatch.rules.RuleSet;
import dev.agentwatch.schema.MetricEvent;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;

/**
 * Owns one task's event-time clock and agents. Slices live in a changelogged store (the durable truth, so
 * exactly-once holds across crashes); windows live in memory, derived from the slices and rebuilt in
 * {@link #init}. Per event: one aggregate update, and the slice is marked unsaved; before each commit
 * ({@link SliceStore#beforeCommit}) every unsaved slice is encoded and written once, however many events it
 * took meanwhile. Per tick (a slice boundary of event time): the slices entering and leaving windows.
 *
 * <p>Event time is the largest event timestamp seen by the task (the watermark). Events more than the grace
 * period behind it are late and dead-lettered. When the task's partitions go quiet, a wall-clock punctuator
 * lets event time follow the wall clock, so windows of silent agents still slide and empty.
 */
public final class WindowProcessor implements Processor<String, DecodedMetric, Object, Object> {

    public static final String LATE = "late";
    /** Key of the persisted clock (watermark, boundary): an empty agent id, which no valid event has. */
    static final Bytes CLOCK_KEY = Bytes.wrap(SliceKeys.key(new byte[] {0, 0}, 0L));
    /** Slice-start value of an agent's info key; never a real slice (events before 1970 are expired). */
    static final long INFO_SLICE = Long.MIN_VALUE;
    /** Forgotten agents and expired baseline buckets are looked for once per this much event time. */
    private static final long SWEEP_MS = Duration.ofMinutes(5).toMillis();

    /** Everything this processor is configured with. */
    public record Settings(String storeName, String baselineStoreName, String alertStoreName, String sourceTopic,
                           String deadLetterSink, String alertSink, WindowSpec spec, PriceTable prices, Duration agentTtl,
                           Duration idleAdvanceAfter) {
    }

    private final Settings settings;
    /** Slice and grace never change; the window lengths follow the rules ({@link #followRules}). */
    private final WindowSpec spec;
    private final RuleBook rules;
    private RuleSet rulesInEffect;
    private AlertEvaluator alerts;
    private final IngestCounters counters;
    private final WindowEngine.TickListener ticks;
    private final FleetView fleetView;
    private FleetPublisher fleet;
    private SliceStore store;
    /** Slices changed since the last commit, each once (its index in {@code unsavedAt}), with their agents and starts. */
    private SliceAggregate[] unsaved = new SliceAggregate[1024];
    private AgentWindows[] unsavedAgent = new AgentWindows[1024];
    private long[] unsavedStart = new long[1024];
    private int unsavedCount;
    private KeyValueStore<Bytes, byte[]> baselineStore;
    private BucketSink bucketSink;
    private WindowEngine engine;
    private Baselines baselines;
    private DeadLetters deadLetters;
    private ProcessorContext<Object, Object> context;
    private ByteBuffer buffer = ByteBuffer.allocate(4096);
    /** Held once: a method reference built per event would allocate per event. */
    private final java.util.function.Consumer<AgentWindows> onNewSlice = this::persistInfo;
    private long watermark = Long.MIN_VALUE;
    private long lastSweep = Long.MIN_VALUE;
    /** Wall-clock time of the last event in this incarnation; MIN until one arrives (no idle advance on a backlog). */
    private long lastEventWallMs = Long.MIN_VALUE;
    private long watermarkAtLastEvent;

    public WindowProcessor(Settings settings, RuleBook rules, IngestCounters counters, WindowEngine.TickListener ticks,
                           FleetView fleetView) {
        this.settings = settings;
        this.rules = rules;
        this.spec = settings.spec();
        this.counters = counters;
        this.fleetView = fleetView;
        this.ticks = (boundary, changed) -> {
            fleet.changed(changed);
            ticks.onTick(boundary, changed);
        };
    }

    @Override
    public void init(ProcessorContext<Object, Object> context) {
        // Kafka Streams may call init again on this instance when a suspended task resumes: start clean.
        this.context = context;
        rulesInEffect = null;
        watermark = Long.MIN_VALUE;
        lastSweep = Long.MIN_VALUE;
        lastEventWallMs = Long.MIN_VALUE;
        watermarkAtLastEvent = Long.MIN_VALUE;
        store = context.getStateStore(settings.storeName());
        clearUnsaved();
        store.beforeCommit(this::saveSlices);
        deadLetters = new DeadLetters(context, settings.sourceTopic(), settings.deadLetterSink(), counters);
        engine = new WindowEngine(spec);
        fleet = new FleetPublisher(fleetView, engine, spec.windowMs(0));
        baselineStore = context.getStateStore(settings.baselineStoreName());
        bucketSink = new BucketSink() {
            @Override
            public void put(byte[] key, byte[] value) {
                baselineStore.put(Bytes.wrap(key), value);
            }

            @Override
            public void delete(byte[] key) {
                baselineStore.delete(Bytes.wrap(key));
            }

            @Override
            public void fineSealed(String agentId, long end) {
                AgentWindows a = engine.agent(agentId);
                if (a != null) {
                    a.releaseRetainedBefore(end, start -> store.delete(Bytes.wrap(SliceKeys.key(a.keyPrefix(), start))));
                }
            }
        };
        baselines = new Baselines();
        try (KeyValueIterator<Bytes, byte[]> it = baselineStore.all()) {
            while (it.hasNext()) {
                KeyValue<Bytes, byte[]> kv = it.next();
                baselines.restore(kv.key.get(), kv.value);
            }
        }
        long boundary = Long.MIN_VALUE;
        try (KeyValueIterator<Bytes, byte[]> it = store.all()) {
            while (it.hasNext()) {
                KeyValue<Bytes, byte[]> kv = it.next();
                if (kv.key.equals(CLOCK_KEY)) {
                    ByteBuffer clock = ByteBuffer.wrap(kv.value);
                    watermark = clock.getLong();
                    boundary = clock.getLong();
                    continue;
                }
                byte[] key = kv.key.get();
                String agentId = SliceKeys.agentId(key);
                long start = SliceKeys.sliceStart(key);
                if (start == INFO_SLICE) {
                    AgentInfoCodec.decodeInto(kv.value, engine.restoreAgent(agentId));
                } else {
                    engine.restoreSlice(agentId, start, SliceAggregate.decode(ByteBuffer.wrap(kv.value)));
                }
            }
        }
        KeyValueStore<Bytes, byte[]> alertStore = context.getStateStore(settings.alertStoreName());
        alerts = new AlertEvaluator(engine, baselines, alertStore,
                // Stamped with the wall clock: evaluated_at (event time) may be ahead of it by up to max_future,
                // which brokers refuse past message.timestamp.after.max.ms.
                event -> context.forward(new Record<>(event.getFingerprint(), event, context.currentSystemTimeMs()),
                        settings.alertSink()));
        try (KeyValueIterator<Bytes, byte[]> it = alertStore.all()) {
            while (it.hasNext()) {
                KeyValue<Bytes, byte[]> kv = it.next();
                alerts.restore(kv.key.get(), kv.value);
            }
        }
        followRules();
        if (boundary != Long.MIN_VALUE) {
            engine.advanceTo(boundary, (b, changed) -> fleet.changed(changed), this::evicted);
        }
        lastSweep = boundary;
        if (watermark != Long.MIN_VALUE) {
            // As if an event had just come: a partition that stays silent after a restart or a move still
            // has its event time follow the wall clock, so its alerts resolve, keep or fire.
            lastEventWallMs = context.currentSystemTimeMs();
            watermarkAtLastEvent = watermark;
        }
        context.schedule(spec.sliceMs() < 1000 ? Duration.ofMillis(spec.sliceMs()) : Duration.ofSeconds(1),
                PunctuationType.WALL_CLOCK_TIME, this::onWallClock);
    }

    /** This task's windows, for rule evaluation on the stream thread. */
    public WindowEngine engine() {
        return engine;
    }

    /** This task's baselines, for rule evaluation on the stream thread. */
    public Baselines baselines() {
        return baselines;
    }

    @Override
    public void process(Record<String, DecodedMetric> record) {
        MetricEvent e = record.value().event();
        long ts = e.getTimestamp().toEpochMilli();
        if (watermark != Long.MIN_VALUE && ts < watermark - spec.graceMs()) {
            deadLetters.send(record.value().rawKey(), record.value().rawValue(), record.headers(), record.timestamp(), LATE,
                    "timestamp", "event time " + e.getTimestamp() + " is " + (watermark - ts)
                            + " ms behind the latest event time of its partition; the grace period is " + spec.graceMs() + " ms");
            return;
        }
        counters.accepted();
        if (ts > watermark) {
            // Before the add: the slices it closes leave memory first, so the slices held span at most the
            // retention, and the new event's slice (at the new boundary) is not yet in any window either way.
            watermark = ts;
            advance(spec.sliceStart(ts));
        }
        double weight = 1.0 / e.getSampleRate();
        double cost = e.getCostUsd() != null ? e.getCostUsd() : priced(e);
        AgentWindows a = engine.add(e, weight, cost, onNewSlice);
        markUnsaved(a, a.lastSliceStart(), a.lastSlice());
        lastEventWallMs = context.currentSystemTimeMs();
        watermarkAtLastEvent = watermark;
    }

    /** Idle partitions: event time follows the wall clock once no event came for {@code idleAdvanceAfter}. */
    private void onWallClock(long wallNow) {
        long b = engine.boundary();
        if (b != Long.MIN_VALUE) {
            fleet.publish(b, baselines, Baselines.end(b - spec.windowMs(0), b - engine.spec().retainMs()));
        }
        if (lastEventWallMs == Long.MIN_VALUE) {
            return;
        }
        long idle = wallNow - lastEventWallMs;
        if (idle < settings.idleAdvanceAfter().toMillis()) {
            return;
        }
        long virtual = watermarkAtLastEvent + idle;
        if (virtual > watermark) {
            watermark = virtual;
            advance(spec.sliceStart(virtual));
        }
    }

    private void advance(long boundary) {
        if (boundary <= engine.boundary()) {
            return;
        }
        RuleSet rules = followRules(); // one rule set for the windows and the evaluation of this advance
        engine.advanceTo(boundary, ticks, this::evicted);
        store.put(CLOCK_KEY, ByteBuffer.allocate(16).putLong(watermark).putLong(boundary).array());
        if (alerts.due(boundary, rules)) {
            alerts.evaluate(boundary, rules);
        }
        if (lastSweep == Long.MIN_VALUE || boundary - lastSweep >= SWEEP_MS) {
            lastSweep = boundary;
            baselines.advance(boundary - engine.spec().retainMs(), bucketSink);
            List<AgentWindows> gone = engine.forgetSilentSince(boundary - settings.agentTtl().toMillis());
            for (AgentWindows a : gone) {
                alerts.forget(a, rules, boundary);
                fleet.forgotten(a.agentId());
                store.delete(Bytes.wrap(SliceKeys.key(a.keyPrefix(), INFO_SLICE)));
            }
        }
    }

    /**
     * A new rule set (applied through the rules topic) may read other windows or percentiles: the engine then
     * runs the configured windows plus the rules' ones, each keeping the sketches the fleet view or a rule reads
     * over it.
     */
    private RuleSet followRules() {
        RuleSet current = rules.current();
        if (current == rulesInEffect) {
            return current;
        }
        rulesInEffect = current;
        java.util.Map<Duration, Integer> windows = new java.util.HashMap<>();
        for (int i = 0; i < spec.windowCount(); i++) {
            windows.put(Duration.ofMillis(spec.windowMs(i)), spec.windowSketches(i));
        }
        current.windows().forEach(w -> windows.merge(w, 0, (a, b) -> a | b));
        current.windowSketches().forEach((w, mask) -> windows.merge(w, mask, (a, b) -> a | b));
        WindowSpec next = new WindowSpec(Duration.ofMillis(spec.sliceMs()), Duration.ofMillis(spec.graceMs()), windows);
        if (!next.sameShape(engine.spec())) {
            engine.reconfigure(next);
        }
        return current;
    }

    @Override
    public void close() {
        if (fleet != null) {
            fleet.withdraw(engine.agents());
        }
    }

    /** On a new slice of an agent: show it, and store its identifying fields if they changed. */
    private void persistInfo(AgentWindows a) {
        fleet.seen(a);
        if (a.infoChanged()) {
            store.put(Bytes.wrap(SliceKeys.key(a.keyPrefix(), INFO_SLICE)), AgentInfoCodec.encode(a));
            a.infoPersisted();
        }
    }

    private double priced(MetricEvent e) {
        long in = e.getTokensIn() == null ? -1 : e.getTokensIn();
        long out = e.getTokensOut() == null ? -1 : e.getTokensOut();
        return settings.prices().cost(e.getModel(), in, out);
    }

    /**
     * A slice past every window and the grace period goes into the agent's baseline. It stays in the slice
     * store until its baseline bucket seals ({@link BucketSink#fineSealed}), so a restore can rebuild the
     * open bucket without the bucket being written on every slice.
     */
    private void evicted(AgentWindows a, long sliceStart, SliceAggregate slice) {
        if (slice.unsavedAt >= 0) {
            // Now, and out of the list: the engine reuses the object once this returns.
            unsaved[slice.unsavedAt] = null;
            save(a, sliceStart, slice);
        }
        a.retain(sliceStart);
        baselines.onEvicted(a.agentId(), sliceStart, slice, bucketSink);
    }

    private void markUnsaved(AgentWindows a, long sliceStart, SliceAggregate slice) {
        if (slice.unsavedAt >= 0) {
            return;
        }
        if (unsavedCount == unsaved.length) {
            int n = unsavedCount * 2;
            unsaved = java.util.Arrays.copyOf(unsaved, n);
            unsavedAgent = java.util.Arrays.copyOf(unsavedAgent, n);
            unsavedStart = java.util.Arrays.copyOf(unsavedStart, n);
        }
        unsaved[unsavedCount] = slice;
        unsavedAgent[unsavedCount] = a;
        unsavedStart[unsavedCount] = sliceStart;
        slice.unsavedAt = unsavedCount++;
    }

    /** Before each commit: every slice changed since the last one goes to the store (and its changelog). */
    private void saveSlices() {
        for (int i = 0; i < unsavedCount; i++) {
            if (unsaved[i] != null) { // else saved when evicted
                save(unsavedAgent[i], unsavedStart[i], unsaved[i]);
            }
        }
        clearUnsaved();
    }

    private void save(AgentWindows a, long sliceStart, SliceAggregate slice) {
        store.put(a.keyFor(sliceStart), encode(slice));
        slice.unsavedAt = -1;
    }

    private void clearUnsaved() {
        java.util.Arrays.fill(unsaved, 0, unsavedCount, null);
        java.util.Arrays.fill(unsavedAgent, 0, unsavedCount, null);
        unsavedCount = 0;
    }

    /**
     * Encodes into the reused buffer, growing it when a slice does not fit: sizing first would walk every
     * varint twice.
     */
    private byte[] encode(SliceAggregate slice) {
        while (true) {
            buffer.clear();
            try {
                slice.encode(buffer);
                break;
            } catch (java.nio.BufferOverflowException tooSmall) {
                buffer = ByteBuffer.allocate(Math.max(slice.encodedSize(), buffer.capacity() * 2));
            }
        }
        byte[] out = new byte[buffer.position()];
        buffer.flip();
        buffer.get(out);
        return out;
    }
}
