package dev.agentwatch.alerting;

import dev.agentwatch.baseline.Baselines;
import dev.agentwatch.rules.AgentIdentity;
import dev.agentwatch.rules.RuleEvaluation;
import dev.agentwatch.rules.RuleSet;
import dev.agentwatch.rules.RuleVariant;
import dev.agentwatch.schema.AlertEvent;
import dev.agentwatch.schema.AlertStatus;
import dev.agentwatch.schema.Evidence;
import dev.agentwatch.window.AgentWindows;
import dev.agentwatch.window.WindowEngine;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Evaluates one task's rules for every agent at each evaluation interval of event time, as Prometheus does,
 * and drives each (rule, agent) {@link AlertState}; a transition becomes one alert event. The one agent
 * skipped is one that cannot transition: no slice in memory (every window empty), no open alert, and rules
 * that stay INACTIVE on empty windows; agents silent for days but not yet forgotten cost nothing then.
 * States other than INACTIVE live in a changelogged store (key {@code rule \0 agent}), written only when
 * they change, so a restarted or migrated task goes on where the last commit left it and never repeats a
 * FIRING or RESOLVED.
 */
public final class AlertEvaluator {

    /** Receives the alert events of transitions, in order. */
    public interface Emitter {
        void emit(AlertEvent event);
    }

    private static final int EVIDENCE = 5;

    private final WindowEngine engine;
    private final AlertStore store;
    private final Emitter emitter;
    private final AgentInputs inputs;
    private final Map<String, AgentAlerts> agents = new HashMap<>();
    private final RuleEvaluation evaluation = new RuleEvaluation();
    private final AlertState scratch = new AlertState();
    private final AlertState before = new AlertState();
    private final List<String> eventIds = new ArrayList<>(EVIDENCE);
    private final List<String> traceIds = new ArrayList<>(EVIDENCE);
    /** Pending and firing alerts by rule as the current evaluation leaves them: {pending, firing}. */
    private final Map<String, long[]> openByRule = new HashMap<>();
    private AlertTally.Task tally = new AlertTally().task();
    private long lastEvaluation = Long.MIN_VALUE;

    public AlertEvaluator(WindowEngine engine, Baselines baselines, AlertStore store, Emitter emitter) {
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
        agents.computeIfAbsent(k.substring(sep + 1), AgentAlerts::new)
                .restoredStates().put(k.substring(0, sep), AlertStateCodec.decode(value));
    }

    /** Whether {@code boundary} starts a new evaluation interval of the current rules (at most one per slice). */
    public boolean due(long boundary, RuleSet rules) {
        long every = Math.max(rules.evaluationInterval().toMillis(), engine.spec().sliceMs());
        return lastEvaluation == Long.MIN_VALUE || Math.floorDiv(boundary, every) > Math.floorDiv(lastEvaluation, every);
    }

    /**
     * Evaluates {@code rules} as of {@code boundary} (event time; the windows end there). The caller passes the
     * rule set its windows were shaped for, so a rule set installed meanwhile waits for the next advance.
     */
    public void evaluate(long boundary, RuleSet rules) {
        long started = System.nanoTime();
        lastEvaluation = boundary;
        openByRule.clear();
        for (AgentWindows a : engine.agents()) {
            evaluate(a, rules, boundary);
        }
        tally.evaluated(System.nanoTime() - started, openByRule);
    }

    /** Where this evaluator reports its transitions, evaluation times and open alerts (for /metrics). */
    public void tallyIn(AlertTally.Task task) {
        this.tally = task;
    }

    private void evaluate(AgentWindows a, RuleSet rules, long boundary) {
        AgentAlerts alerts = agents.get(a.agentId());
        if (alerts == null) {
            if (rules.rules().isEmpty()) {
                return;
            }
            alerts = new AgentAlerts(a.agentId());
            agents.put(a.agentId(), alerts);
        }
        inputs.bind(a, boundary);
        if (!alerts.boundTo(rules, a.identityVersion())) {
            rebind(alerts, a, rules, boundary);
        }
        if (a.holdsNoSlices() && alerts.quietWithoutData && alerts.idle()) {
            return; // every window is empty and no rule fires on that (AgentAlerts.quietWithoutData): no transition
        }
        for (int i = 0; i < alerts.variants.length; i++) {
            step(alerts, a, i, boundary);
        }
    }

    /**
     * The agent's pending and firing alerts, each re-evaluated over its windows as of {@code boundary} (the
     * engine's), for the fleet view; stream thread only. Changes no state. Empty for an agent with none.
     */
    public List<ActiveAlert> activeAlerts(AgentWindows a, long boundary, RuleSet rules) {
        AgentAlerts alerts = agents.get(a.agentId());
        if (alerts == null || alerts.idle()) {
            return List.of();
        }
        // A task that just started holds its states as restored, bound to no rule until its next evaluation:
        // they are shown against the rules in effect, without binding (a read changes no state).
        boolean bound = alerts.identity != null && alerts.restored == null && alerts.boundTo(rules, a.identityVersion());
        AgentIdentity identity = bound ? alerts.identity : AgentIdentity.of(a.agentId(), a.fleet(), a.model(), a.labels());
        RuleVariant[] variants = bound ? alerts.variants : rules.forAgent(identity).toArray(new RuleVariant[0]);
        Map<String, AlertState> states = new HashMap<>();
        if (alerts.restored != null) {
            states.putAll(alerts.restored);
        }
        for (int i = 0; i < alerts.variants.length; i++) {
            if (alerts.states[i] != null) {
                states.put(alerts.variants[i].ruleName(), alerts.states[i]);
            }
        }
        long version = bound ? alerts.ruleSet.version() : rules.version();
        inputs.bind(a, boundary);
        List<ActiveAlert> out = new ArrayList<>(2);
        for (RuleVariant rule : variants) {
            AlertState state = states.get(rule.ruleName());
            if (state == null || state.phase() == AlertState.Phase.INACTIVE) {
                continue;
            }
            boolean firing = state.phase() == AlertState.Phase.FIRING;
            rule.evaluate(inputs, firing, evaluation);
            List<String> ids = new ArrayList<>(EVIDENCE);
            List<String> traces = new ArrayList<>(EVIDENCE);
            a.collectEvidence(boundary - evaluation.windowMs(), boundary, EVIDENCE, ids, traces);
            AlertEvent shaped = AlertEvents.of(Transition.FIRING, rule, identity, state, evaluation, boundary, version, ids, traces);
            out.add(new ActiveAlert(shaped.getFingerprint(), rule.ruleName(), a.agentId(), rule.severity().name(),
                    firing ? ActiveAlert.FIRING : ActiveAlert.PENDING, state.activeSince(),
                    firing ? state.startsAt() : null, rule.condition().text(), evaluation.value(),
                    evaluation.threshold(), evaluation.baseline(), evaluation.windowMs(), evaluation.samples(),
                    Map.copyOf(shaped.getLabels()), Map.copyOf(shaped.getAnnotations()),
                    List.copyOf(shaped.getEvidence().getEventIds()), List.copyOf(shaped.getEvidence().getTraceIds()),
                    boundary));
        }
        return out;
    }

    /**
     * An agent the window engine forgot (silent past its TTL): its firing alerts resolve, its states go. The
     * RESOLVED carries the version of {@code rules}, the set the caller's advance runs on.
     */
    public void forget(AgentWindows agent, RuleSet rules, long now) {
        AgentAlerts alerts = agents.remove(agent.agentId());
        if (alerts != null) {
            inputs.bind(agent, now); // the RESOLVED describes this agent's (empty) windows
            retire(alerts, alerts.detachStates(), now, rules.version());
        }
    }

    private void step(AgentAlerts alerts, AgentWindows a, int i, long now) {
        RuleVariant rule = alerts.variants[i];
        AlertState state = alerts.states[i];
        boolean firing = state != null && state.phase() == AlertState.Phase.FIRING;
        rule.evaluateStatus(inputs, firing, evaluation);
        boolean fresh = state == null;
        if (fresh) {
            scratch.reset();
            state = scratch;
        }
        before.copyFrom(state);
        Transition t = state.step(now, evaluation.status(), rule);
        if (t != Transition.NONE) {
            rule.evaluate(inputs, firing, evaluation); // the same status, now with every value the event reports
            eventIds.clear();
            traceIds.clear();
            a.collectEvidence(now - evaluation.windowMs(), now, EVIDENCE, eventIds, traceIds);
            emitter.emit(AlertEvents.of(t, rule, alerts.identity, state, evaluation, now, alerts.ruleSet.version(), eventIds, traceIds));
            tally.transition(rule.ruleName(), t);
        }
        if (!state.isIdle()) {
            openByRule.computeIfAbsent(rule.ruleName(), r -> new long[2])[state.phase() == AlertState.Phase.FIRING ? 1 : 0]++;
        }
        if (state.equals(before)) {
            return;
        }
        byte[] key = key(rule.ruleName(), alerts.agentId);
        if (state.isIdle()) {
            alerts.states[i] = null;
            if (!fresh) {
                store.delete(key);
            }
            return;
        }
        if (fresh) {
            state = new AlertState();
            state.copyFrom(scratch);
            alerts.states[i] = state;
        }
        store.put(key, AlertStateCodec.encode(state));
    }

    /** The agent's rules or identity changed: states carry over by rule name; those left without a rule retire. */
    private void rebind(AgentAlerts alerts, AgentWindows a, RuleSet rules, long now) {
        RuleVariant[] previous = alerts.variants;
        Map<String, AlertState> carried = alerts.detachStates();
        AgentIdentity identity = AgentIdentity.of(a.agentId(), a.fleet(), a.model(), a.labels());
        alerts.bind(rules, identity, a.identityVersion(), rules.forAgent(identity), carried);
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
                tally.transition(ruleName, Transition.RESOLVED);
            }
            store.delete(key(ruleName, alerts.agentId));
        }
    }

    /** The RESOLVED of an alert whose rule is gone: what the old rule said if this task still knows it. */
    private AlertEvent retired(String ruleName, RuleVariant old, AgentAlerts alerts, AlertState state, long now, long ruleVersion) {
        if (old != null && alerts.identity != null) {
            old.evaluate(inputs, true, evaluation); // only a firing alert resolves on retirement
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
