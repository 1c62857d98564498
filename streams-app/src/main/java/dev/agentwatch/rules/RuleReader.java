package dev.agentwatch.rules;

import dev.agentwatch.config.ConfigNode;

import java.util.List;
import java.util.Map;

/**
 * Reads the rule list of a rule file, and each rule in it: name, condition, its own settings over the
 * file's defaults, and its overrides. A rule with any problem yields no draft; the problems say why.
 */
final class RuleReader {

    static final List<String> RULE_KEYS = RuleFieldsReader.withCommonKeys("alert", "condition", "overrides");

    private final YamlReader yaml;
    private final Problems problems;
    private final RuleFieldsReader fields;
    private final ConditionReader conditions;
    private final OverridesReader overrides;

    RuleReader(YamlReader yaml, Problems problems, RuleFieldsReader fields, ConditionReader conditions) {
        this.yaml = yaml;
        this.problems = problems;
        this.fields = fields;
        this.conditions = conditions;
        this.overrides = new OverridesReader(yaml, problems, fields, conditions);
    }

    /** Adds a draft for each rule of {@code list} that reads without problems. */
    void readRules(ConfigNode list, RuleFields base, List<RuleDraft> drafts) {
        if (!list.isList()) {
            problems.at(list, "expected a list of rules (lines starting with '- ')");
            return;
        }
        List<ConfigNode> items = list.items();
        if (items.size() > RuleLimits.MAX_RULES) {
            problems.at(list, items.size() + " rules; a rule file holds at most " + RuleLimits.MAX_RULES);
            return;
        }
        for (ConfigNode r : items) {
            RuleDraft d = readRule(r, base);
            if (d != null) {
                drafts.add(d);
            }
        }
    }

    private RuleDraft readRule(ConfigNode r, RuleFields base) {
        if (!r.isMap()) {
            problems.at(r, "expected a rule: a mapping with 'condition:' and optionally 'alert:', 'severity:', ...");
            return null;
        }
        Map<String, ConfigNode> ruleEntries = yaml.entriesOrNull(r);
        if (ruleEntries == null) {
            return null;
        }
        int before = problems.size();
        RuleFields own = new RuleFields();
        ConfigNode nameNode = null;
        ConfigNode conditionNode = null;
        ConfigNode overridesNode = null;
        for (Map.Entry<String, ConfigNode> e : ruleEntries.entrySet()) {
            switch (e.getKey()) {
                case "alert":
                    nameNode = e.getValue();
                    break;
                case "condition":
                    conditionNode = e.getValue();
                    break;
                case "overrides":
                    overridesNode = e.getValue();
                    break;
                default:
                    if (!fields.read(e.getKey(), e.getValue(), own)) {
                        yaml.unknownKey(e.getKey(), e.getValue(), RULE_KEYS, "a rule");
                    }
            }
        }
        String name = nameNode == null ? null : ruleName(nameNode);
        if (conditionNode == null) {
            problems.at(r, "missing 'condition', e.g. condition: error_rate > 5% for 10min");
            return null;
        }
        String conditionText = yaml.scalar(conditionNode);
        ParsedCondition parsed = conditionText == null ? null : conditions.parse(conditionText, conditionNode);
        Condition condition = parsed == null ? null : conditions.compile(parsed);
        RuleFields ruleFields = own.over(base);
        AgentMatcher match = new AgentMatcher(ruleFields.match);
        List<RuleDraft.OverrideDraft> ruleOverrides = overridesNode == null ? List.of()
                : overrides.read(overridesNode, parsed, ruleFields);
        if (problems.size() > before || condition == null) {
            return null;
        }
        return new RuleDraft(r, nameNode, name, condition, ruleFields, match, ruleOverrides);
    }

    private String ruleName(ConfigNode n) {
        String s = yaml.scalar(n);
        if (s == null) {
            return null;
        }
        s = s.strip();
        if (s.isEmpty() || s.length() > RuleNames.MAX_LENGTH || s.chars().anyMatch(Character::isISOControl)) {
            problems.at(n, "a rule name must be 1 to " + RuleNames.MAX_LENGTH + " printable characters");
            return null;
        }
        return s;
    }
}
