package dev.agentwatch.rules;

import dev.agentwatch.config.ConfigNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads a rule's {@code overrides:} list: each entry selects agents with its own {@code match:} and changes
 * the condition (whole, or only its {@code threshold:}) or the rule's other settings for them. Counts the
 * overrides of the whole file against {@link RuleLimits#MAX_OVERRIDES}, so one instance reads one file.
 */
final class OverridesReader {

    static final List<String> OVERRIDE_KEYS = RuleFieldsReader.withCommonKeys("match", "condition", "threshold");

    private final YamlReader yaml;
    private final Problems problems;
    private final RuleFieldsReader fields;
    private final ConditionReader conditions;
    private int overridesRead; // in the whole file, against RuleLimits.MAX_OVERRIDES

    OverridesReader(YamlReader yaml, Problems problems, RuleFieldsReader fields, ConditionReader conditions) {
        this.yaml = yaml;
        this.problems = problems;
        this.fields = fields;
        this.conditions = conditions;
    }

    /** The overrides that read without problems, their settings layered on {@code ruleFields}. */
    List<RuleDraft.OverrideDraft> read(ConfigNode list, ParsedCondition ruleCondition, RuleFields ruleFields) {
        if (!list.isList()) {
            problems.at(list, "expected a list of overrides, each '- match: {...}' with what changes");
            return List.of();
        }
        List<ConfigNode> items = list.items();
        boolean underLimit = overridesRead <= RuleLimits.MAX_OVERRIDES;
        overridesRead += items.size();
        if (overridesRead > RuleLimits.MAX_OVERRIDES) {
            if (underLimit) { // said once, where the limit is passed
                problems.at(list, "more than " + RuleLimits.MAX_OVERRIDES + " overrides; a rule file holds at most "
                        + RuleLimits.MAX_OVERRIDES);
            }
            return List.of();
        }
        List<RuleDraft.OverrideDraft> out = new ArrayList<>();
        for (ConfigNode o : items) {
            Map<String, ConfigNode> overrideEntries = yaml.requireMap(o, "an override") ? yaml.entriesOrNull(o) : null;
            if (overrideEntries == null) {
                continue;
            }
            int before = problems.size();
            RuleFields own = new RuleFields();
            ConfigNode conditionNode = null;
            ConfigNode thresholdNode = null;
            for (Map.Entry<String, ConfigNode> e : overrideEntries.entrySet()) {
                switch (e.getKey()) {
                    case "condition":
                        conditionNode = e.getValue();
                        break;
                    case "threshold":
                        thresholdNode = e.getValue();
                        break;
                    default:
                        if (!fields.read(e.getKey(), e.getValue(), own)) {
                            yaml.unknownKey(e.getKey(), e.getValue(), OVERRIDE_KEYS, "an override");
                        }
                }
            }
            if (own.match == null || own.match.isEmpty()) {
                problems.at(o, "an override needs 'match', e.g. match: {agent_id: checkout-*}");
            }
            if (conditionNode != null && thresholdNode != null) {
                problems.at(thresholdNode, "give 'condition' or 'threshold', not both");
            }
            ParsedCondition parsed = ruleCondition;
            if (conditionNode != null) {
                String t = yaml.scalar(conditionNode);
                parsed = t == null ? null : conditions.parse(t, conditionNode);
            } else if (thresholdNode != null && ruleCondition != null) {
                parsed = conditions.withThreshold(ruleCondition, thresholdNode);
            }
            Condition condition = parsed == null ? null : conditions.compile(parsed);
            if (problems.size() > before || condition == null) {
                continue;
            }
            // the override's own match selects among agents the rule matched; its fields layer on the rule's
            AgentMatcher match = new AgentMatcher(own.match);
            RuleFields settings = new RuleFields();
            settings.severity = own.severity;
            settings.holdMs = own.holdMs;
            settings.keepFiringForMs = own.keepFiringForMs;
            settings.minSamples = own.minSamples;
            settings.noData = own.noData;
            settings.labels = own.labels;
            settings.annotations = own.annotations;
            out.add(new RuleDraft.OverrideDraft(match, condition, settings.over(ruleFields)));
        }
        return out;
    }
}
