package dev.agentwatch.rules;

import dev.agentwatch.baseline.BaselineKey;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * One compiled rule: its name, which agents it applies to, and its variants (the rule and its overrides).
 * Immutable.
 */
public final class Rule {

    /** An override: the first whose match accepts the agent replaces the rule's settings for it. */
    record AgentOverride(AgentMatcher match, RuleVariant variant) {
    }

    private final String name;
    private final boolean nameDerived;
    private final String location;
    private final AgentMatcher match;
    private final RuleVariant base;
    private final List<AgentOverride> overrides;

    Rule(String name, boolean nameDerived, String location, AgentMatcher match, RuleVariant base,
            List<AgentOverride> overrides) {
        this.name = name;
        this.nameDerived = nameDerived;
        this.location = location;
        this.match = match;
        this.base = base;
        this.overrides = List.copyOf(overrides);
    }

    /** {@code alert:}, or derived from the condition when the rule has none (see {@link RuleNames}). */
    public String name() {
        return name;
    }

    public boolean nameDerived() {
        return nameDerived;
    }

    /** {@code file:line:col} where the rule starts, for logs and the CLI. */
    public String location() {
        return location;
    }

    /** The window lengths of the rule and its overrides, ascending. */
    public Set<Long> windowsMs() {
        Set<Long> out = new TreeSet<>();
        for (RuleVariant v : variants()) {
            out.add(v.windowMs());
        }
        return out;
    }

    /** The window metrics the rule and its overrides read. */
    public Set<MetricNeed> metricNeeds() {
        Set<MetricNeed> out = new LinkedHashSet<>();
        for (RuleVariant v : variants()) {
            v.condition().metrics().forEach(m -> out.add(new MetricNeed(m, v.windowMs())));
        }
        return out;
    }

    /** The baselines the rule and its overrides read. */
    public Set<BaselineKey> baselineNeeds() {
        Set<BaselineKey> out = new LinkedHashSet<>();
        for (RuleVariant v : variants()) {
            out.addAll(v.condition().baselines());
        }
        return out;
    }

    /**
     * The variant that applies to {@code agent}: null if the rule's {@code match} excludes it, else the first
     * override whose match accepts it, else the rule itself. Matching does string work: call it when an
     * agent's identity or the rule set changes, not on every evaluation.
     */
    public RuleVariant forAgent(AgentIdentity agent) {
        if (!match.matches(agent)) {
            return null;
        }
        for (AgentOverride o : overrides) {
            if (o.match().matches(agent)) {
                return o.variant();
            }
        }
        return base;
    }

    /** The rule as written, without overrides. */
    public RuleVariant base() {
        return base;
    }

    /** The rule, then each override in file order. */
    public List<RuleVariant> variants() {
        List<RuleVariant> out = new ArrayList<>(1 + overrides.size());
        out.add(base);
        for (AgentOverride o : overrides) {
            out.add(o.variant());
        }
        return out;
    }

    @Override
    public String toString() {
        return name;
    }
}
