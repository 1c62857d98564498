package dev.agentwatch.fleet;

import dev.agentwatch.baseline.BaselineKey;
import dev.agentwatch.baseline.BaselineStats;
import dev.agentwatch.baseline.Baselines;
import dev.agentwatch.window.AgentWindows;
import dev.agentwatch.window.MetricRef;
import dev.agentwatch.window.Metrics;
import dev.agentwatch.window.SliceAggregate;
import dev.agentwatch.window.WindowEngine;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Per task: remembers which agents' windows changed and turns them into snapshots when asked (on a wall-clock
 * punctuation), so the cost follows wall time, not the rate of event-time ticks.
 */
public final class FleetPublisher {

    private static final MetricRef REQUEST_RATE = Metrics.resolve("request_rate");
    private static final MetricRef ERROR_RATE = Metrics.resolve("error_rate");
    private static final MetricRef P50 = Metrics.resolve("latency_p50");
    private static final MetricRef P95 = Metrics.resolve("latency_p95");
    private static final MetricRef P99 = Metrics.resolve("latency_p99");
    private static final MetricRef TOKENS_PER_REQUEST = Metrics.resolve("tokens_per_request");
    private static final MetricRef TOKEN_BURN_RATE = Metrics.resolve("token_burn_rate");
    private static final MetricRef COST_RATE = Metrics.resolve("cost_rate");

    private final BaselineKey tokensBaseline;
    private final FleetView view;
    private final WindowEngine engine;
    private final long windowMs;
    private final Map<String, AgentWindows> dirty = new LinkedHashMap<>();

    /** @param windowMs which window of the engine the view shows (found by length: rules may add others) */
    public FleetPublisher(FleetView view, WindowEngine engine, long windowMs) {
        this.view = view;
        this.tokensBaseline = BaselineKey.of(TOKENS_PER_REQUEST, BaselineKey.DEFAULT_HORIZON, java.time.Duration.ofMillis(windowMs));
        this.engine = engine;
        this.windowMs = windowMs;
    }

    public void changed(Collection<AgentWindows> agents) {
        for (AgentWindows a : agents) {
            dirty.put(a.agentId(), a);
        }
    }

    /** An agent opened a new slice: it is shown (or its last-seen time refreshed) at the next publish. */
    public void seen(AgentWindows a) {
        dirty.put(a.agentId(), a);
    }

    public void forgotten(String agentId) {
        dirty.remove(agentId);
        view.remove(agentId);
    }

    /**
     * Publishes the changed agents as of {@code boundary} (the task's current slice boundary).
     *
     * @param baselineEnd where baselines end (see {@link Baselines#end})
     */
    public void publish(long boundary, Baselines baselines, long baselineEnd) {
        int window = engine.spec().indexOf(windowMs);
        for (AgentWindows a : dirty.values()) {
            SliceAggregate w = a.window(window);
            BaselineStats b = baselines.stats(a.agentId(), tokensBaseline, baselineEnd);
            view.publish(new AgentSnapshot(a.agentId(), a.fleet(), a.model(), Map.copyOf(a.labels()), a.lastEventMs(), windowMs,
                    boundary, w.rawCount(),
                    REQUEST_RATE.valueOf(w, windowMs), ERROR_RATE.valueOf(w, windowMs),
                    P50.valueOf(w, windowMs), P95.valueOf(w, windowMs), P99.valueOf(w, windowMs),
                    TOKENS_PER_REQUEST.valueOf(w, windowMs), b.ready() ? b.mean() : Double.NaN, TOKEN_BURN_RATE.valueOf(w, windowMs), COST_RATE.valueOf(w, windowMs)));
        }
        dirty.clear();
    }

    /** The task is closing (its partitions move elsewhere): its agents leave this instance's view. */
    public void withdraw(Collection<AgentWindows> agents) {
        for (AgentWindows a : agents) {
            view.remove(a.agentId());
        }
        dirty.clear();
    }
}
