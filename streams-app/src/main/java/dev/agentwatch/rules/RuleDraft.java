package dev.agentwatch.rules;

import dev.agentwatch.config.ConfigNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A rule read without errors but not yet named: names are settled across the file before rules are built. */
record RuleDraft(ConfigNode node, ConfigNode nameNode, String explicitName, Condition condition, RuleFields fields,
                 AgentMatcher match, List<OverrideDraft> overrides) {

    record OverrideDraft(AgentMatcher match, Condition condition, RuleFields fields) {
    }

    /**
     * Names every draft and builds the rules. Explicit names must be unique; a derived name that is taken
     * gets the severity appended, and if that is taken too the rule must be named.
     */
    static List<Rule> name(List<RuleDraft> drafts, Problems problems, Duration minHistory) {
        Map<String, ConfigNode> taken = new HashMap<>();
        for (RuleDraft d : drafts) {
            if (d.explicitName != null) {
                ConfigNode first = taken.putIfAbsent(d.explicitName, d.nameNode);
                if (first != null) {
                    problems.at(d.nameNode, "duplicate rule name '" + d.explicitName + "' (also at line " + first.line() + ")");
                }
            }
        }
        List<Rule> rules = new ArrayList<>(drafts.size());
        for (RuleDraft d : drafts) {
            String name = d.explicitName;
            boolean derived = name == null;
            if (derived) {
                name = RuleNames.derive(d.condition.text());
                if (taken.containsKey(name)) {
                    name = name + "_" + d.fields.severity.lowerCase();
                }
                if (taken.containsKey(name)) {
                    problems.at(d.node, "this rule's derived name '" + name + "' is already taken (line "
                            + taken.get(name).line() + "); give it a name with 'alert:'");
                    continue;
                }
                taken.put(name, d.node);
            }
            RuleVariant base = variant(name, -1, d.condition, d.fields, minHistory);
            List<Rule.AgentOverride> overrides = new ArrayList<>();
            for (int i = 0; i < d.overrides.size(); i++) {
                OverrideDraft o = d.overrides.get(i);
                overrides.add(new Rule.AgentOverride(o.match, variant(name, i, o.condition, o.fields, minHistory)));
            }
            String location = d.node.file() + ":" + d.node.line() + ":" + d.node.column();
            rules.add(new Rule(name, derived, location, d.match, base, overrides));
        }
        return rules;
    }

    private static RuleVariant variant(String name, int index, Condition c, RuleFields f, Duration minHistory) {
        return new RuleVariant(name, index, c, f.severity, f.holdMs, f.keepFiringForMs, f.minSamples, f.noData,
                f.labels, f.annotations, minHistory);
    }
}
