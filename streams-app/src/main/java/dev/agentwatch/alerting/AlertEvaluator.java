package dev.agentwatch.alerting;

import dev.agentwatch.baseline.BaselineKey;
import dev.agentwatch.baseline.Baselines;
import dev.agentwatch.baseline.Tier;
import dev.agentwatch.rules.AgentIdentity;
import dev.agentwatch.rules.RuleBook;
import dev.agentwatch.rules.RuleEvaluation;
import dev.agentwatch.rules.RuleSet;
import dev.agentwatch.rules.RuleVariant;
import dev.agentwatch.schema.AlertEvent;
import dev.agentwatch.schema.AlertStatus;
import dev.agentwatch.schema.Evidence;
import dev.agentwatch.window.AgentWindows;
import dev.agentwatch.window.WindowEngine;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.KeyValueStore;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Evaluates one task's rules at each evaluation interval of event time and drives each (rule, agent)
 * {@link AlertState}; a transition becomes one alert event. An evaluation covers the agents whose windows or
 * baseline changed since the last one (a slice entered or left a window, or went into the baseline) and
 * those with a pending or firing alert (whose timers run). Every agent is evaluated when the rules change and
 * when the end of a baseline a rule reads (window start) crosses a baseline bucket boundary, the only other
 * way its inputs move. Any other agent would evaluate exactly as last time. States that are not INACTIVE live
 * in a changelogged store (key {@code rule \0 agent}), written only when they change, so a restarted or
 * migrated task goes on where the last commit left it and never repeats a FIRING or RESOLVED.
 */
public final class AlertEvaluator {

    /** Receives the alert events of transitions, in order. */
    public interface Emitter {
        void emit(AlertEvent event);
    }

    private static final int EVIDENCE = 5;

    private final RuleBook book;
    private final WindowEngine engine;
    private final KeyValueStore<Bytes, byte[]> store;
    private final Emitter emitter;
    private final AgentInputs inputs;
    private final Map<String, AgentAlerts> agents = new HashMap<>();
    /** Agents whose windows changed since the last evaluation. */
    private final java.util.Set<AgentWindows> changed = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    private RuleSet lastRules;
    /** Agents with a pending or firing alert: their timers run, so they are evaluated every time. */
    private final java.util.Set<AgentAlerts> live = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    private final List<AgentAlerts> liveScratch = new ArrayList<>();
    private long[] baselineWindowsMs = new long[0];

    /** Whether, for some baseline a rule reads, its end (boundary - window) entered a new baseline bucket. */
    private boolean baselineBucketCrossed(long boundary) {
        long bucket = Tier.FINE.bucketMs(); // coarse buckets are whole numbers of fine ones
        for (long w : baselineWindowsMs) {
            if (Math.floorDiv(boundary - w, bucket) > Math.floorDiv(lastEvaluation - w, bucket)) {
                return true;
            }
        }
        return false;
    }
    private final RuleEvaluation evaluation = new RuleEvaluation();
    private final AlertState scratch = new AlertState();
    private final AlertState before = new AlertState();
    private final List<String> eventIds = new ArrayList<>(EVIDENCE);
    private final List<String> traceIds = new ArrayList<>(EVIDENCE);
    private long lastEvaluation = Long.MIN_VALUE;

    public AlertEvaluator(RuleBook book, WindowEngine engine, Baselines baselines, KeyValueStore<Bytes, byte[]> store, Emitter emitter) {
        this.book = book;
        this.engine = engine;
        this.store = store;
        this.emitter = emitter;
        this.inputs = new AgentInputs(engine, baselines);
    }

    /** Takes back one stored state at task start. */
    public void restore(byte[] key, byte[] value) {
        String k = new String(key, StandardCharsets.UTF_8);
        int sep = k.indexOf('\0');
        if (sep < 0) {
            throw new IllegalArgumentException("malformed alert state key " + k);
        }
        AgentAlerts alerts = agents.computeIfAbsent(k.substring(sep + 1), AgentAlerts::new);
        alerts.restoredStates().put(k.substring(0, sep), AlertStateCodec.decode(value));
        live.add(alerts);
    }

    /** Whether {@code boundary} starts a new evaluation interval of the current rules (at most one per slice). */
    public boolean due(long boundary, RuleSet rules) {
        long every = Math.max(rules.evaluationInterval().toMillis(), engine.spec().sliceMs());
        return lastEvaluation == Long.MIN_VALUE || Math.floorDiv(boundary, every) > Math.floorDiv(lastEvaluation, every);
    }

    /** An agent whose windows changed outside a tick (a late event within the grace period). */
    public void changed(AgentWindows agent) {
        changed.add(agent);
    }

    /** Agents whose windows just changed (a tick): they are evaluated at the next evaluation. */
    public void changed(java.util.Collection<AgentWindows> agents) {
        changed.addAll(agents);
    }

    /**
     * Evaluates {@code rules} as of {@code boundary} (event time; the windows end there). The caller passes the
     * rule set its windows were shaped for, so a rule set installed meanwhile waits for the next advance.
     */
    public void evaluate(long boundary, RuleSet rules) {
        if (rules != lastRules) {
            baselineWindowsMs = rules.baselineNeeds().stream().mapToLong(BaselineKey::windowMs).distinct().toArray();
        }
        boolean full = lastEvaluation == Long.MIN_VALUE || rules != lastRules || baselineBucketCrossed(boundary);
        lastEvaluation = boundary;
        lastRules = rules;
        if (full) {
            for (AgentWindows a : engine.agents()) {
                evaluate(a, rules, boundary);
            }
        } else {
            for (AgentWindows a : changed) {
                evaluate(a, rules, boundary);
            }
            liveScratch.clear();
            liveScratch.addAll(live); // evaluating may retire some
            for (AgentAlerts alerts : liveScratch) {
                AgentWindows a = engine.agent(alerts.agentId);
                if (a != null && !changed.contains(a)) {
                    evaluate(a, rules, boundary);
                }
            }
        }
        changed.clear();
    }

    private void evaluate(AgentWindows a, RuleSet rules, long boundary) {
        if (engine.agent(a.agentId()) != a) {
            return; // forgotten since it changed
        }
        AgentAlerts alerts = agents.get(a.agentId());
        if (alerts == null) {
            if (rules.rules().isEmpty()) {
                return;
            }
            alerts = new AgentAlerts(a.agentId());
            agents.put(a.agentId(), alerts);
        }
        inputs.bind(a, boundary);
        if (!alerts.boundTo(rules, a.fleet(), a.labels())) {
            rebind(alerts, a, rules, boundary);
        }
        for (int i = 0; i < alerts.variants.length; i++) {
            step(alerts, a, i, boundary);
        }
        if (alerts.hasState()) {
            live.add(alerts);
        } else {
            live.remove(alerts);
        }
    }

    /** An agent the window engine forgot (silent past its TTL): its firing alerts resolve, its states go. */
    public void forget(AgentWindows agent, long now) {
        AgentAlerts alerts = agents.remove(agent.agentId());
        if (alerts != null) {
            inputs.bind(agent, now); // the RESOLVED describes this agent's (empty) windows
            live.remove(alerts);
            retire(alerts, alerts.detachStates(), now, book.current().version());
        }
    }

    /** Agents with a pending or firing alert (for tests and metrics). */
    public int agentsWithState() {
        return live.size();
    }

    private void step(AgentAlerts alerts, AgentWindows a, int i, long now) {
        RuleVariant rule = alerts.variants[i];
        rule.evaluate(inputs, evaluation);
        AlertState state = alerts.states[i];
        boolean fresh = state == null;
        if (fresh) {
            scratch.reset();
            state = scratch;
        }
        before.copyFrom(state);
        Transition t = state.step(now, evaluation.status(), rule);
        if (t != Transition.NONE) {
            eventIds.clear();
            traceIds.clear();
            a.collectEvidence(now - evaluation.windowMs(), now, EVIDENCE, eventIds, traceIds);
            emitter.emit(AlertEvents.of(t, rule, alerts.identity, state, evaluation, now, alerts.ruleSet.version(), eventIds, traceIds));
        }
        if (state.equals(before)) {
            return;
        }
        byte[] key = key(rule.ruleName(), alerts.agentId);
        if (state.isIdle()) {
            alerts.states[i] = null;
            if (!fresh) {
                store.delete(Bytes.wrap(key));
            }
            return;
        }
        if (fresh) {
            state = new AlertState();
            state.copyFrom(scratch);
            alerts.states[i] = state;
        }
        store.put(Bytes.wrap(key), AlertStateCodec.encode(state));
    }

    /** The agent's rules or identity changed: states carry over by rule name; those left without a rule retire. */
    private void rebind(AgentAlerts alerts, AgentWindows a, RuleSet rules, long now) {
        RuleVariant[] previous = alerts.variants;
        Map<String, AlertState> carried = alerts.detachStates();
        AgentIdentity identity = AgentIdentity.of(a.agentId(), a.fleet(), a.model(), a.labels());
        alerts.bind(rules, identity, a.fleet(), a.model(), a.labels(), rules.forAgent(identity), carried);
        if (!carried.isEmpty()) {
            AgentAlerts gone = new AgentAlerts(alerts.agentId);
            gone.identity = identity;
            gone.variants = previous;
            retire(gone, carried, now, rules.version());
        }
    }

    private void retire(AgentAlerts alerts, Map<String, AlertState> states, long now, long ruleVersion) {
        for (Map.Entry<String, AlertState> e : states.entrySet()) {
            String ruleName = e.getKey();
            AlertState state = e.getValue();
            if (state.retire(now) == Transition.RESOLVED) {
                emitter.emit(retired(ruleName, variantNamed(alerts.variants, ruleName), alerts, state, now, ruleVersion));
            }
            store.delete(Bytes.wrap(key(ruleName, alerts.agentId)));
        }
    }

    /** The RESOLVED of an alert whose rule is gone: what the old rule said if this task still knows it. */
    private AlertEvent retired(String ruleName, RuleVariant old, AgentAlerts alerts, AlertState state, long now, long ruleVersion) {
        if (old != null && alerts.identity != null) {
            old.evaluate(inputs, evaluation);
            return AlertEvents.of(Transition.RESOLVED, old, alerts.identity, state, evaluation, now, ruleVersion,
                    List.of(), List.of());
        }
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("alertname", ruleName);
        labels.put("agent_id", alerts.agentId);
        return AlertEvent.newBuilder()
                .setFingerprint(Fingerprint.of(ruleName, alerts.agentId))
                .setAlert(ruleName)
                .setStatus(AlertStatus.RESOLVED)
                .setSeverity("INFO")
                .setAgentId(alerts.agentId)
                .setLabels(labels)
                .setAnnotations(Map.of("summary", "rule " + ruleName + " was removed"))
                .setCondition("(rule removed)")
                .setValue(Double.NaN)
                .setThreshold(Double.NaN)
                .setWindowMs(0)
                .setSampleCount(0)
                .setStartsAt(Instant.ofEpochMilli(state.startsAt()))
                .setEndsAt(Instant.ofEpochMilli(state.endsAt()))
                .setEvaluatedAt(Instant.ofEpochMilli(now))
                .setEvidence(Evidence.newBuilder().build())
                .setRuleVersion(ruleVersion)
                .build();
    }

    private static RuleVariant variantNamed(RuleVariant[] variants, String name) {
        for (RuleVariant v : variants) {
            if (v.ruleName().equals(name)) {
                return v;
            }
        }
        return null;
    }

    static byte[] key(String ruleName, String agentId) {
        return (ruleName + '\0' + agentId).getBytes(StandardCharsets.UTF_8);
    }
}
