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
 * ({@link SliceStore#beforeCommit}) every unsaved slice is encoded and written once ({@link SliceWriteBack}),
 * however many events it took meanwhile. Per tick (a slice boundary of event time): the slices entering and
 * leaving windows.
 *
 * <p>Event time: see {@link EventClock}. An event is late when it is more than the grace period behind its own
 * agent's latest event, or older than both the slices held and {@code max_backlog}; an agent catching up on a
 * backlog older than the slices held feeds its baseline ({@link BaselineBackfill}). An event whose event_id its
 * slice already took is a duplicate and counts once. A record this stage cannot process for any other reason
 * goes to the dead-letter topic too: nothing here may stop the partition.
 */
public final class WindowProcessor implements Processor<String, DecodedMetric, Object, Object> {

    public static final String LATE = "late";
    public static final String AGENT_LIMIT = "agent-limit";
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(WindowProcessor.class);
    /** Key of the persisted clock (watermark, boundary): an empty agent id, which no valid event has. */
    static final Bytes CLOCK_KEY = Bytes.wrap(SliceKeys.key(new byte[] {0, 0}, 0L));
    /** Slice-start value of an agent's info key; never a real slice (events before 1970 are expired). */
    static final long INFO_SLICE = Long.MIN_VALUE;
    /** Forgotten agents and expired baseline buckets are looked for once per this much event time. */
    private static final long SWEEP_MS = Duration.ofMinutes(5).toMillis();

    /** Everything this processor is configured with. */
    public record Settings(String storeName, String baselineStoreName, String alertStoreName, String sourceTopic,
                           String deadLetterSink, String alertSink, WindowSpec spec, PriceTable prices, Duration agentTtl,
                           Duration idleAdvanceAfter, Duration maxBacklog) {
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
    private final AgentAdmission admission;
    private FleetPublisher fleet;
    private SliceStore store;
    private SliceWriteBack writeBack;
    private BaselineBackfill backfill;
    private KeyValueStore<Bytes, byte[]> baselineStore;
    private BucketSink bucketSink;
    private WindowEngine engine;
    private Baselines baselines;
    private DeadLetters deadLetters;
    private ProcessorContext<Object, Object> context;
    /** Held once: a method reference built per event would allocate per event. */
    private final java.util.function.Consumer<AgentWindows> onNewSlice = this::persistInfo;
    private EventClock clock;
    private long lastSweep = Long.MIN_VALUE;
    /** Agents of this task counted by {@link #admission}, released when the task closes or starts again. */
    private int admitted;

    public WindowProcessor(Settings settings, RuleBook rules, IngestCounters counters, WindowEngine.TickListener ticks,
                           FleetView fleetView, AgentAdmission admission) {
        this.settings = settings;
        this.rules = rules;
        this.spec = settings.spec();
        this.counters = counters;
        this.fleetView = fleetView;
        this.admission = admission;
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
        lastSweep = Long.MIN_VALUE;
        releaseAgents();
        clock = new EventClock(settings.idleAdvanceAfter().toMillis(), spec.graceMs());
        store = context.getStateStore(settings.storeName());
        writeBack = new SliceWriteBack(store);
        store.beforeCommit(writeBack::saveAll);
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
                    a.releaseRetainedBefore(end, start -> {
                        SliceAggregate backlog = a.backlogSlice(start);
                        if (backlog != null) {
                            writeBack.unmark(backlog); // else its pending write would bring the key back
                        }
                        store.delete(Bytes.wrap(SliceKeys.key(a.keyPrefix(), start)));
                    });
                    a.endBacklogBefore(end);
                }
            }
        };
        baselines = new Baselines();
        backfill = new BaselineBackfill(spec, store, writeBack, baselines, bucketSink);
        try (KeyValueIterator<Bytes, byte[]> it = baselineStore.all()) {
            while (it.hasNext()) {
                KeyValue<Bytes, byte[]> kv = it.next();
                baselines.restore(kv.key.get(), kv.value);
            }
        }
        long boundary = Long.MIN_VALUE;
        long watermark = Long.MIN_VALUE;
        try (KeyValueIterator<Bytes, byte[]> it = store.all()) {
            while (it.hasNext()) {
                KeyValue<Bytes, byte[]> kv = it.next();
                if (kv.key.equals(CLOCK_KEY)) {
                    ByteBuffer stored = ByteBuffer.wrap(kv.value);
                    watermark = stored.getLong();
                    boundary = stored.getLong();
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
        // As if an event had just come: a partition that stays silent after a restart or a move still has its
        // event time follow the wall clock, so its alerts resolve, keep or fire.
        clock.restore(watermark, context.currentSystemTimeMs());
        context.schedule(spec.sliceMs() < 1000 ? Duration.ofMillis(spec.sliceMs()) : Duration.ofSeconds(1),
                PunctuationType.WALL_CLOCK_TIME, this::onWallClock);
        // Last: an init that fails before here counts no agent that a close might not release.
        admitted = engine.agents().size();
        admission.restored(admitted);
    }

    /** This task's windows, for rule evaluation on the stream thread. */
    public WindowEngine engine() {
        return engine;
    }

    /** This task's baselines, for rule evaluation on the stream thread. */
    public Baselines baselines() {
        return baselines;
    }

    /**
     * One valid event. What this throws that is not Kafka's own reaches {@code streams/ProcessingFailures}, which
     * dead-letters the record as {@code processing-failed} and lets the task go on.
     */
    @Override
    public void process(Record<String, DecodedMetric> record) {
        try {
            take(record);
        } catch (StackOverflowError e) {
            // An Error would end the thread past every handler; this one is about the record.
            throw new IllegalStateException("stack overflow while processing the record", e);
        }
    }

    private void take(Record<String, DecodedMetric> record) {
        MetricEvent e = record.value().event();
        long wall = context.currentSystemTimeMs();
        long foldTs = clock.foldTime(e.getTimestamp().toEpochMilli(), wall);
        AgentWindows a = engine.agent(e.getAgentId());
        if (a != null && foldTs < a.lastEventMs() - spec.graceMs()) {
            if (a.remembers(spec.sliceStart(foldTs), EventIdHash.of(e.getEventId()))) {
                counters.duplicate(); // a producer's late retry of an event already counted
                return;
            }
            deadLetter(record, LATE, "timestamp", "event time " + e.getTimestamp() + " is " + (a.lastEventMs() - foldTs)
                    + " ms behind the latest event of agent " + e.getAgentId() + "; the grace period is " + spec.graceMs() + " ms");
            return;
        }
        boolean held = clock.advancesWith(foldTs) || engine.holds(foldTs);
        if (!held && !backfillable(e.getAgentId(), foldTs)) {
            deadLetter(record, LATE, "timestamp", "event time " + e.getTimestamp() + " is " + (clock.watermark() - foldTs)
                    + " ms behind the event time of its partition, older than its slices held (" + spec.retainMs()
                    + " ms) and than max_backlog (" + settings.maxBacklog().toMillis() + " ms), or its baseline bucket is closed");
            return;
        }
        if (clock.advancesWith(foldTs)) {
            // Before the add: the slices it closes leave memory first, so the slices held span at most the
            // retention, and the new event's slice (at the new boundary) is not yet in any window either way.
            clock.counted(foldTs, wall);
            advance(spec.sliceStart(foldTs));
            a = engine.agent(e.getAgentId()); // the advance may have forgotten it (silent for agent_ttl)
        }
        if (a == null) {
            if (!admission.tryAdmit()) {
                deadLetter(record, AGENT_LIMIT, "agent_id", "this instance already keeps " + admission.agents()
                        + " agents, its cap (streams.max_agents " + admission.cap() + "); agent " + e.getAgentId() + " is new");
                return;
            }
            admitted++;
        }
        double weight = 1.0 / e.getSampleRate();
        double cost = e.getCostUsd() != null ? e.getCostUsd() : priced(e);
        long idHash = EventIdHash.of(e.getEventId());
        if (held) {
            AgentWindows taken = engine.add(e, foldTs, weight, cost, idHash, onNewSlice);
            if (taken == null) {
                counters.duplicate();
                return;
            }
            writeBack.mark(taken, taken.lastSliceStart(), taken.lastSlice());
        } else if (!backfill.add(a != null ? a : engine.restoreAgent(e.getAgentId()), e, foldTs, weight, cost, idHash)) {
            counters.duplicate();
            return;
        }
        counters.accepted();
        clock.counted(foldTs, wall);
    }

    /** An agent's event older than the slices held may still feed its baseline, within {@code max_backlog}. */
    private boolean backfillable(String agentId, long foldTs) {
        return foldTs >= clock.watermark() - settings.maxBacklog().toMillis()
                && baselines.accepts(agentId, spec.sliceStart(foldTs));
    }

    private void deadLetter(Record<String, DecodedMetric> record, String reason, String field, String detail) {
        deadLetters.send(record.value().rawKey(), record.value().rawValue(), record.headers(), record.timestamp(),
                reason, field, detail);
    }

    /** Idle partitions: event time follows the wall clock once no event came for {@code idleAdvanceAfter}. */
    private void onWallClock(long wallNow) {
        long b = engine.boundary();
        if (b != Long.MIN_VALUE) {
            fleet.publish(b, baselines, Baselines.end(b - spec.windowMs(0), b - engine.spec().retainMs()));
        }
        long virtual = clock.idleAdvance(wallNow);
        if (virtual != Long.MIN_VALUE) {
            advance(spec.sliceStart(virtual));
        }
    }

    private void advance(long boundary) {
        if (boundary <= engine.boundary()) {
            return;
        }
        RuleSet rules = followRules(); // one rule set for the windows and the evaluation of this advance
        engine.advanceTo(boundary, ticks, this::evicted);
        store.put(CLOCK_KEY, ByteBuffer.allocate(16).putLong(clock.watermark()).putLong(boundary).array());
        if (alerts.due(boundary, rules)) {
            try {
                alerts.evaluate(boundary, rules);
            } catch (org.apache.kafka.common.KafkaException e) {
                throw e; // an alert that cannot be written must not be dropped
            } catch (RuntimeException e) {
                // Not the record's fault, whichever record moved the clock: it still counts, and the next
                // evaluation judges every agent again.
                counters.processingFailure();
                log.error("alert evaluation at {} failed; the next one will judge every agent again", boundary, e);
            }
        }
        if (lastSweep == Long.MIN_VALUE || boundary - lastSweep >= SWEEP_MS) {
            lastSweep = boundary;
            // A count that drifted (an agent admitted for an event that then failed) is set right here.
            admission.released(admitted - engine.agents().size());
            admitted = engine.agents().size();
            // Quiet agents' buckets stay open for max_backlog, for a producer that catches up on its backlog.
            baselines.advance(boundary - Math.max(engine.spec().retainMs(), settings.maxBacklog().toMillis()), bucketSink);
            List<AgentWindows> gone = engine.forgetSilentSince(boundary - settings.agentTtl().toMillis());
            admission.released(gone.size());
            admitted -= gone.size();
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
        WindowSpec next = new WindowSpec(Duration.ofMillis(spec.sliceMs()), Duration.ofMillis(spec.graceMs()), windows,
                Duration.ofMillis(spec.holdMs()));
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
        releaseAgents();
    }

    private void releaseAgents() {
        admission.released(admitted);
        admitted = 0;
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
        writeBack.saveIfMarked(a, sliceStart, slice); // now: the engine reuses the object once this returns
        a.retain(sliceStart);
        baselines.onEvicted(a.agentId(), sliceStart, slice, bucketSink);
    }
}
