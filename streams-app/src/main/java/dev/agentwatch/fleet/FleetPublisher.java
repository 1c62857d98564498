package dev.agentwatch.fleet;

import dev.agentwatch.alerting.ActiveAlert;
import dev.agentwatch.baseline.BaselineKey;
import dev.agentwatch.baseline.BaselineStats;
import dev.agentwatch.baseline.Baselines;
import dev.agentwatch.rules.RuleSet;
import dev.agentwatch.window.AgentWindows;
import dev.agentwatch.window.MetricRef;
import dev.agentwatch.window.Metrics;
import dev.agentwatch.window.SliceAggregate;
import dev.agentwatch.window.UnknownMetricException;
import dev.agentwatch.window.WindowEngine;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Per task: remembers which agents' windows or alerts changed and turns them into snapshots when asked (on a
 * wall-clock punctuation), so the cost follows wall time, not the rate of events or of event-time ticks.
 */
public final class FleetPublisher {

    /** An agent's pending and firing alerts as of a boundary (the task's alert evaluator). */
    public interface ActiveAlerts {
        List<ActiveAlert> of(AgentWindows agent, long boundary, RuleSet rules);
    }

    private static final MetricRef REQUEST_RATE = Metrics.resolve("request_rate");
    private static final MetricRef ERROR_RATE = Metrics.resolve("error_rate");
    private static final MetricRef AVG = Metrics.resolve("latency_avg");
    private static final MetricRef P50 = Metrics.resolve("latency_p50");
    private static final MetricRef P95 = Metrics.resolve("latency_p95");
    private static final MetricRef P99 = Metrics.resolve("latency_p99");
    private static final MetricRef TOKENS_PER_REQUEST = Metrics.resolve("tokens_per_request");
    private static final MetricRef TOKEN_BURN_RATE = Metrics.resolve("token_burn_rate");
    private static final MetricRef COST_RATE = Metrics.resolve("cost_rate");

    private final BaselineKey tokensBaseline;
    private final FleetView view;
    private final WindowEngine engine;
    private final ActiveAlerts alerts;
    private final int partition;
    private final long windowMs;
    private final Map<String, AgentWindows> dirty = new LinkedHashMap<>();
    private final Map<String, FailureTally> failures = new java.util.HashMap<>();
    private RuleSet displayedFor;
    private List<MetricRef> displayed = List.of();

    /**
     * @param windowMs  which window of the engine the view shows (found by length: rules may add others)
     * @param partition the metrics-topic partition of the task
     */
    public FleetPublisher(FleetView view, WindowEngine engine, long windowMs, ActiveAlerts alerts, int partition) {
        this.view = view;
        this.tokensBaseline = BaselineKey.of(TOKENS_PER_REQUEST, BaselineKey.DEFAULT_HORIZON, java.time.Duration.ofMillis(windowMs));
        this.engine = engine;
        this.windowMs = windowMs;
        this.alerts = alerts;
        this.partition = partition;
    }

    public void changed(Collection<AgentWindows> agents) {
        for (AgentWindows a : agents) {
            dirty.put(a.agentId(), a);
        }
    }

    /** An agent opened a new slice or one of its alerts moved: it is shown afresh at the next publish. */
    public void seen(AgentWindows a) {
        dirty.put(a.agentId(), a);
    }

    /** A failed call (rare, so a map lookup per failure is affordable), at its own event time. */
    public void failed(String agentId, String errorType, String operation, String model, long timestampMs, double weight) {
        failures.computeIfAbsent(agentId, id -> new FailureTally()).add(errorType, operation, model, timestampMs, weight);
    }

    /** A task took its partition: every agent it restored is shown at the first publish, changed or not. */
    public void restored(Collection<AgentWindows> agents) {
        changed(agents);
    }

    public void forgotten(String agentId) {
        dirty.remove(agentId);
        failures.remove(agentId);
        view.remove(agentId);
    }

    /**
     * Publishes the changed agents as of {@code boundary} (the task's current slice boundary; MIN_VALUE before its
     * first event), and from then on counts the task's partition as shown here.
     *
     * @param baselineEnd where baselines end (see {@link Baselines#end})
     * @param rules       the rule set in effect, whose {@code metrics:} list the snapshots carry
     */
    public void publish(long boundary, Baselines baselines, long baselineEnd, RuleSet rules) {
        if (boundary != Long.MIN_VALUE && !dirty.isEmpty()) {
            List<MetricRef> shown = displayed(rules);
            int window = engine.spec().indexOf(windowMs);
            for (AgentWindows a : dirty.values()) {
                view.publish(snapshot(a, a.window(window), boundary, baselines.stats(a.agentId(), tokensBaseline, baselineEnd),
                        shown, rules));
            }
            dirty.clear();
        }
        view.ready(partition);
    }

    private AgentSnapshot snapshot(AgentWindows a, SliceAggregate w, long boundary, BaselineStats b, List<MetricRef> shown,
                                   RuleSet rules) {
        Map<String, Double> values = new LinkedHashMap<>();
        for (MetricRef m : shown) {
            values.put(m.name(), m.valueOf(w, windowMs));
        }
        return new AgentSnapshot(a.agentId(), a.fleet(), a.model(), a.agentVersion(), Map.copyOf(a.labels()),
                a.lastEventMs(), windowMs, boundary, w.rawCount(),
                REQUEST_RATE.valueOf(w, windowMs), ERROR_RATE.valueOf(w, windowMs), AVG.valueOf(w, windowMs),
                P50.valueOf(w, windowMs), P95.valueOf(w, windowMs), P99.valueOf(w, windowMs),
                TOKENS_PER_REQUEST.valueOf(w, windowMs), b.ready() ? b.mean() : Double.NaN,
                TOKEN_BURN_RATE.valueOf(w, windowMs), COST_RATE.valueOf(w, windowMs),
                Collections.unmodifiableMap(values), alerts.of(a, boundary, rules), failuresOf(a.agentId(), boundary));
    }

    private List<ErrorPattern> failuresOf(String agentId, long boundary) {
        FailureTally t = failures.get(agentId);
        if (t == null) {
            return List.of();
        }
        if (t.prune(boundary)) {
            failures.remove(agentId);
            return List.of();
        }
        return t.lastHour(boundary);
    }

    /** The {@code metrics:} list resolved once per rule set. */
    private List<MetricRef> displayed(RuleSet rules) {
        if (rules != displayedFor) {
            displayedFor = rules;
            java.util.ArrayList<MetricRef> refs = new java.util.ArrayList<>();
            for (String name : rules.displayMetrics()) {
                try {
                    refs.add(Metrics.resolve(name));
                } catch (UnknownMetricException e) {
                    // The rule file resolved it when it was read; a name this build no longer knows is left out.
                }
            }
            displayed = List.copyOf(refs);
        }
        return displayed;
    }

    /** The task is closing (its partition moves elsewhere): its agents leave this instance's view. */
    public void withdraw(Collection<AgentWindows> agents) {
        view.unready(partition);
        for (AgentWindows a : agents) {
            view.remove(a.agentId());
        }
        dirty.clear();
        failures.clear();
    }
}
