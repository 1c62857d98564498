package dev.agentwatch.alerting;

import dev.agentwatch.baseline.BaselineKey;
import dev.agentwatch.baseline.BaselineStats;
import dev.agentwatch.baseline.Baselines;
import dev.agentwatch.rules.RuleInputs;
import dev.agentwatch.window.AgentWindows;
import dev.agentwatch.window.MetricRef;
import dev.agentwatch.window.SliceAggregate;
import dev.agentwatch.window.WindowEngine;
import dev.agentwatch.window.WindowSpec;

/** {@link RuleInputs} over one agent's running windows and baselines, re-bound per agent: no allocation per read. */
final class AgentInputs implements RuleInputs {

    private final WindowEngine engine;
    private final Baselines baselines;
    private AgentWindows agent;
    private long boundary;

    AgentInputs(WindowEngine engine, Baselines baselines) {
        this.engine = engine;
        this.baselines = baselines;
    }

    void bind(AgentWindows agent, long boundary) {
        this.agent = agent;
        this.boundary = boundary;
    }

    @Override
    public double metric(MetricRef metric, long windowMs) {
        int i = engine.spec().indexOf(windowMs);
        if (i < 0) {
            return Double.NaN; // a window the engine does not run (yet): no data
        }
        SliceAggregate w = metric.needsMaxima() ? engine.windowWithExactMaxima(agent, i) : agent.window(i);
        return metric.valueOf(w, windowMs);
    }

    @Override
    public BaselineStats baseline(BaselineKey key) {
        WindowSpec spec = engine.spec();
        return baselines.stats(agent.agentId(), key, Baselines.end(boundary - key.windowMs(), boundary - spec.retainMs()));
    }

    @Override
    public long samples(long windowMs) {
        int i = engine.spec().indexOf(windowMs);
        return i < 0 ? 0 : agent.window(i).rawCount();
    }
}
