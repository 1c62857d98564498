package dev.agentwatch.streams.agents;

import dev.agentwatch.alerting.AlertEvaluator;
import dev.agentwatch.alerting.AlertTally;
import dev.agentwatch.baseline.Baselines;
import dev.agentwatch.fleet.FleetPublisher;
import dev.agentwatch.fleet.FleetView;
import dev.agentwatch.ingest.DeadLetters;
import dev.agentwatch.ingest.DecodedMetric;
import dev.agentwatch.ingest.IngestCounters;
import dev.agentwatch.pricing.PriceTable;
import dev.agentwatch.rules.RuleBook;
import dev.agentwatch.rules.RuleSet;
import dev.agentwatch.schema.MetricEvent;
import dev.agentwatch.window.AgentInfoCodec;
import dev.agentwatch.window.AgentWindows;
import dev.agentwatch.ids.EventIdHash;
import dev.agentwatch.window.Observation;
import dev.agentwatch.window.SliceAggregate;
import dev.agentwatch.window.SliceKeys;
import dev.agentwatch.window.WindowEngine;
import dev.agentwatch.window.WindowSpec;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

import java.time.Duration;
import java.util.function.Consumer;

/**
 * One task's agents: folds each valid event into its agent's slice and windows, and moves the task's event time
 * on. Slices live in a changelogged store (the durable truth, so exactly-once holds across crashes); windows live
 * in memory, rebuilt from the stores when the task starts ({@link TaskRestore}). Per event: one aggregate update,
 * the slice marked unsaved and written once before the next commit ({@link SliceWriteBack}). Per boundary of
 * event time ({@link EventClock}): the slices entering and leaving windows, then rule evaluation when due
 * ({@link EvaluationSchedule}) and now and then a sweep ({@link AgentSweep}).
 *
 * <p>An event is late when it is more than the grace period behind its own agent's latest event, or older than
 * both the slices held and {@code max_backlog}; an agent catching up on a backlog older than the slices held feeds
 * its baseline ({@link BaselineBackfill}). An event whose event_id its slice already took is a duplicate and counts
 * once. A record this stage cannot process for any other reason goes to the dead-letter topic too: nothing here
 * may stop the partition.
 */
public final class AgentProcessor implements Processor<String, DecodedMetric, Object, Object> {

    public static final String LATE = "late";
    public static final String AGENT_LIMIT = "agent-limit";

    /** Everything this processor is configured with. */
    public record Settings(String storeName, String baselineStoreName, String alertStoreName, String sourceTopic,
                           String deadLetterSink, String alertSink, WindowSpec spec, PriceTable prices, Duration agentTtl,
                           Duration idleAdvanceAfter, Duration maxBacklog) {
    }

    private final Settings settings;
    /** Slice and grace never change; the window lengths follow the rules ({@link #followRules}). */
    private final WindowSpec spec;
    private final RuleBook rules;
    private final IngestCounters counters;
    private final WindowEngine.TickListener ticks;
    private final FleetView fleetView;
    private final TaskAdmission admission;
    private final AlertTally alertTally;
    /** This task's part of {@link #alertTally}, from init to close. */
    private AlertTally.Task tallied;
    /** One event at a time, as the windows see it. */
    private final Observation seen = new Observation();
    /** Held once: a method reference built per event would allocate per event. */
    private final Consumer<AgentWindows> onNewSlice = this::persistInfo;
    private RuleSet rulesInEffect;
    private ProcessorContext<Object, Object> context;
    private EventClock clock;
    private SliceStore store;
    private SliceWriteBack writeBack;
    private WindowEngine engine;
    private Baselines baselines;
    private SliceRetention retention;
    private BaselineBackfill backfill;
    private FleetPublisher fleet;
    private AlertEvaluator alerts;
    private DeadLetters deadLetters;
    private EvaluationSchedule evaluation;
    private AgentSweep sweep;

    public AgentProcessor(Settings settings, RuleBook rules, IngestCounters counters, WindowEngine.TickListener ticks,
                          FleetView fleetView, AgentAdmission admission, AlertTally alertTally) {
        this.settings = settings;
        this.alertTally = alertTally;
        this.rules = rules;
        this.spec = settings.spec();
        this.counters = counters;
        this.fleetView = fleetView;
        this.admission = new TaskAdmission(admission);
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
        admission.releaseAll();
        clock = new EventClock(settings.idleAdvanceAfter().toMillis(), spec.graceMs());
        store = context.getStateStore(settings.storeName());
        writeBack = new SliceWriteBack(store);
        store.beforeCommit(writeBack::saveAll);
        deadLetters = new DeadLetters(context, settings.sourceTopic(), settings.deadLetterSink(), counters);
        engine = new WindowEngine(spec);
        fleet = new FleetPublisher(fleetView, engine, spec.windowMs(0), (agent, b, r) -> alerts.activeAlerts(agent, b, r),
                context.taskId().partition());
        KeyValueStore<Bytes, byte[]> bucketStore = context.getStateStore(settings.baselineStoreName());
        retention = new SliceRetention(bucketStore, store, writeBack, engine);
        baselines = new Baselines();
        backfill = new BaselineBackfill(spec, store, writeBack, baselines, retention);

        TaskRestore.baselines(bucketStore, baselines);
        TaskRestore.Clock restored = TaskRestore.slices(store, engine);
        KeyValueStore<Bytes, byte[]> alertStore = context.getStateStore(settings.alertStoreName());
        alerts = new AlertEvaluator(engine, baselines, new StoreWrites(alertStore), event -> {
            // Stamped with the wall clock: evaluated_at (event time) may be ahead of it by up to max_future,
            // which brokers refuse past message.timestamp.after.max.ms.
            context.forward(new Record<>(event.getFingerprint(), event, context.currentSystemTimeMs()), settings.alertSink());
            AgentWindows moved = engine.agent(event.getAgentId());
            if (moved != null) {
                fleet.seen(moved); // the fleet view shows the alert at its next publish
            }
        });
        TaskRestore.alerts(alertStore, alerts);
        evaluation = new EvaluationSchedule(alerts, counters);
        sweep = new AgentSweep(engine, baselines, retention, alerts, fleet, store, admission, settings.agentTtl(),
                settings.maxBacklog());

        if (tallied != null) {
            tallied.close();
        }
        tallied = alertTally.task();
        alerts.tallyIn(tallied);

        followRules();
        if (restored.boundary() != Long.MIN_VALUE) {
            engine.advanceTo(restored.boundary(), (b, changed) -> fleet.changed(changed), this::evicted);
        }
        sweep.sweptAt(restored.boundary());
        fleet.restored(engine.agents());
        // As if an event had just come: a partition that stays silent after a restart or a move still has its
        // event time follow the wall clock, so its alerts resolve, keep or fire.
        clock.restore(restored.watermark(), context.currentSystemTimeMs());
        context.schedule(spec.sliceMs() < 1000 ? Duration.ofMillis(spec.sliceMs()) : Duration.ofSeconds(1),
                PunctuationType.WALL_CLOCK_TIME, this::onWallClock);
        // Last: an init that fails before here counts no agent that a close might not release.
        admission.restored(engine.agents().size());
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
        Observation o = MetricObservation.fill(seen, e);
        long wall = context.currentSystemTimeMs();
        long foldTs = clock.foldTime(o.timestampMs, wall);
        AgentWindows a = engine.agent(o.agentId);
        if (a != null && foldTs < a.lastEventMs() - spec.graceMs()) {
            if (a.remembers(spec.sliceStart(foldTs), EventIdHash.of(o.eventId))) {
                counters.duplicate(); // a producer's late retry of an event already counted
                return;
            }
            deadLetter(record, LATE, "timestamp", "event time " + e.getTimestamp() + " is " + (a.lastEventMs() - foldTs)
                    + " ms behind the latest event of agent " + o.agentId + "; the grace period is " + spec.graceMs() + " ms");
            return;
        }
        boolean held = clock.advancesWith(foldTs) || engine.holds(foldTs);
        if (!held && !backfillable(o.agentId, foldTs)) {
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
            a = engine.agent(o.agentId); // the advance may have forgotten it (silent for agent_ttl)
        }
        if (a == null && !admission.tryAdmit()) {
            deadLetter(record, AGENT_LIMIT, "agent_id", "this instance already keeps " + admission.instanceAgents()
                    + " agents, its cap (streams.max_agents " + admission.cap() + "); agent " + o.agentId + " is new");
            return;
        }
        double weight = 1.0 / e.getSampleRate();
        double cost = e.getCostUsd() != null ? e.getCostUsd() : priced(e);
        long idHash = EventIdHash.of(o.eventId);
        if (held) {
            AgentWindows taken = engine.add(o, foldTs, weight, cost, idHash, onNewSlice);
            if (taken == null) {
                counters.duplicate();
                return;
            }
            writeBack.mark(taken, taken.lastSliceStart(), taken.lastSlice());
        } else if (!backfill.add(a != null ? a : engine.restoreAgent(o.agentId), o, foldTs, weight, cost, idHash)) {
            counters.duplicate();
            return;
        }
        counters.accepted();
        clock.counted(foldTs, wall);
        if (!o.success) {
            fleet.failed(o.agentId, e.getErrorType(), e.getOperation(), e.getModel(), foldTs, weight);
        }
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
        fleet.publish(b, baselines, b == Long.MIN_VALUE ? b : Baselines.end(b - spec.windowMs(0), b - engine.spec().retainMs()),
                rulesInEffect);
        long virtual = clock.idleAdvance(wallNow);
        if (virtual != Long.MIN_VALUE) {
            advance(spec.sliceStart(virtual));
        }
    }

    private void advance(long boundary) {
        if (boundary <= engine.boundary()) {
            return;
        }
        RuleSet current = followRules(); // one rule set for the windows and the evaluation of this advance
        engine.advanceTo(boundary, ticks, this::evicted);
        store.put(SliceStore.CLOCK_KEY, TaskRestore.encode(clock.watermark(), boundary));
        evaluation.onBoundary(boundary, current);
        sweep.onBoundary(boundary, current);
    }

    /** A rule set applied through the rules topic may read other windows or percentiles: reshape before use. */
    private RuleSet followRules() {
        RuleSet current = rules.current();
        if (current == rulesInEffect) {
            return current;
        }
        rulesInEffect = current;
        WindowSpec next = RuleWindows.shapeFor(spec, current);
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
        admission.releaseAll();
        if (tallied != null) {
            tallied.close();
            tallied = null;
        }
    }

    /** On a new slice of an agent: show it, and store its identifying fields if they changed. */
    private void persistInfo(AgentWindows a) {
        fleet.seen(a);
        if (a.infoChanged()) {
            store.put(Bytes.wrap(SliceKeys.key(a.keyPrefix(), SliceStore.INFO_SLICE)), AgentInfoCodec.encode(a));
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
     * store until its baseline bucket seals ({@link SliceRetention#fineSealed}).
     */
    private void evicted(AgentWindows a, long sliceStart, SliceAggregate slice) {
        writeBack.saveIfMarked(a, sliceStart, slice); // now: the engine reuses the object once this returns
        a.retain(sliceStart);
        baselines.onEvicted(a.agentId(), sliceStart, slice, retention);
    }
}
