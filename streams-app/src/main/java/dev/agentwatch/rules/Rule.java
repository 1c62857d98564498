package dev.agentwatch.rules;

import java.util.ArrayList;
import java.util.List;

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
    private final RuleError origin;
    private final AgentMatcher match;
    private final RuleVariant base;
    private final List<AgentOverride> overrides;

    Rule(String name, boolean nameDerived, RuleError origin, AgentMatcher match, RuleVariant base,
            List<AgentOverride> overrides) {
        this.name = name;
        this.nameDerived = nameDerived;
        this.origin = origin;
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

    /** File, line and column where the rule starts (message empty). */
    public RuleError origin() {
        return origin;
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
