package dev.agentwatch.streams.agents;

import dev.agentwatch.alerting.AlertEvaluator;
import dev.agentwatch.baseline.Baselines;
import dev.agentwatch.baseline.BucketSink;
import dev.agentwatch.fleet.FleetPublisher;
import dev.agentwatch.rules.RuleSet;
import dev.agentwatch.window.AgentWindows;
import dev.agentwatch.window.SliceKeys;
import dev.agentwatch.window.WindowEngine;
import org.apache.kafka.common.utils.Bytes;

import java.time.Duration;
import java.util.List;

/**
 * Once per {@link #SWEEP_MS} of event time: agents silent for agent_ttl are forgotten (windows, alerts, fleet
 * entry, stored info), baseline buckets past their retention leave, and the task's admission count is set right.
 */
final class AgentSweep {

    /** Often enough that forgotten agents free memory soon; rare enough to cost nothing per tick. */
    static final long SWEEP_MS = Duration.ofMinutes(5).toMillis();

    private final WindowEngine engine;
    private final Baselines baselines;
    private final BucketSink buckets;
    private final AlertEvaluator alerts;
    private final FleetPublisher fleet;
    private final SliceStore slices;
    private final TaskAdmission admission;
    private final long agentTtlMs;
    private final long maxBacklogMs;
    private long lastSweep = Long.MIN_VALUE;

    AgentSweep(WindowEngine engine, Baselines baselines, BucketSink buckets, AlertEvaluator alerts, FleetPublisher fleet,
               SliceStore slices, TaskAdmission admission, Duration agentTtl, Duration maxBacklog) {
        this.engine = engine;
        this.baselines = baselines;
        this.buckets = buckets;
        this.alerts = alerts;
        this.fleet = fleet;
        this.slices = slices;
        this.admission = admission;
        this.agentTtlMs = agentTtl.toMillis();
        this.maxBacklogMs = maxBacklog.toMillis();
    }

    /** The restored boundary counts as swept; MIN_VALUE (a new task) sweeps at its first boundary. */
    void sweptAt(long boundary) {
        lastSweep = boundary;
    }

    void onBoundary(long boundary, RuleSet rules) {
        if (lastSweep != Long.MIN_VALUE && boundary - lastSweep < SWEEP_MS) {
            return;
        }
        lastSweep = boundary;
        admission.reconcile(engine.agents().size());
        // Quiet agents' buckets stay open for max_backlog, for a producer that catches up on its backlog.
        baselines.advance(boundary - Math.max(engine.spec().retainMs(), maxBacklogMs), buckets);
        List<AgentWindows> gone = engine.forgetSilentSince(boundary - agentTtlMs);
        admission.forgotten(gone.size());
        for (AgentWindows a : gone) {
            alerts.forget(a, rules, boundary);
            fleet.forgotten(a.agentId());
            slices.delete(Bytes.wrap(SliceKeys.key(a.keyPrefix(), SliceStore.INFO_SLICE)));
        }
    }
}
