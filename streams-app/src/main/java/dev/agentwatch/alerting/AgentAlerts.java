package dev.agentwatch.alerting;

import dev.agentwatch.rules.AgentIdentity;
import dev.agentwatch.rules.NoDataPolicy;
import dev.agentwatch.rules.RuleSet;
import dev.agentwatch.rules.RuleVariant;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One agent's rules (the variants that match it, resolved once per rule set and identity) and the states of
 * its alerts; a null state is INACTIVE and not stored, so quiet agents cost no state.
 */
final class AgentAlerts {

    final String agentId;
    RuleSet ruleSet;
    AgentIdentity identity;
    /** {@link dev.agentwatch.window.AgentWindows#identityVersion()} at binding time. */
    int identityVersion;
    RuleVariant[] variants = new RuleVariant[0];
    AlertState[] states = new AlertState[0];
    /**
     * Every variant stays INACTIVE on empty windows: it needs at least one sample ({@code min_samples} > 0, so
     * no samples is NO_DATA whatever the condition) and no data does not fire it ({@code no_data} ok or
     * keep_last). With no open alert, such an agent cannot change state while it holds no slice.
     */
    boolean quietWithoutData = true;
    /** States read back from the store before the first binding, by rule name. */
    Map<String, AlertState> restored;

    AgentAlerts(String agentId) {
        this.agentId = agentId;
    }

    /**
     * Whether the binding still holds. The model is left out on purpose: agents switch models call by call,
     * and rebinding on each switch would re-match rules every evaluation and, for a rule that matches on the
     * model, resolve and re-fire the same alert. Rules matching on model see the model at binding time
     * (the first evaluation after a rules change, or after fleet or labels change).
     */
    boolean boundTo(RuleSet rules, int identityVersion) {
        return ruleSet == rules && this.identityVersion == identityVersion;
    }

    /** States by rule name, taking them out of this binding (for the next one). */
    Map<String, AlertState> detachStates() {
        Map<String, AlertState> out = restored == null ? new HashMap<>() : restored;
        restored = null;
        for (int i = 0; i < variants.length; i++) {
            if (states[i] != null) {
                out.put(variants[i].ruleName(), states[i]);
            }
        }
        return out;
    }

    void bind(RuleSet rules, AgentIdentity identity, int identityVersion, List<RuleVariant> matching,
              Map<String, AlertState> carried) {
        this.ruleSet = rules;
        this.identity = identity;
        this.identityVersion = identityVersion;
        this.variants = matching.toArray(new RuleVariant[0]);
        this.states = new AlertState[variants.length];
        this.quietWithoutData = true;
        for (RuleVariant v : variants) {
            quietWithoutData &= v.minSamples() > 0 && v.noData() != NoDataPolicy.ALERTING;
        }
        for (int i = 0; i < variants.length; i++) {
            states[i] = carried.remove(variants[i].ruleName());
        }
    }

    /** No alert of this agent is pending or firing. */
    boolean idle() {
        for (AlertState s : states) {
            if (s != null) {
                return false;
            }
        }
        return restored == null;
    }

    Map<String, AlertState> restoredStates() {
        if (restored == null) {
            restored = new HashMap<>();
        }
        return restored;
    }

}
