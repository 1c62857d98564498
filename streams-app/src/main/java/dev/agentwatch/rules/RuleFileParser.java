package dev.agentwatch.rules;

import dev.agentwatch.baseline.BaselineStats;
import dev.agentwatch.config.ConfigException;
import dev.agentwatch.config.ConfigNode;
import dev.agentwatch.config.Durations;
import dev.agentwatch.config.YamlFiles;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a rule file (SPEC section 2) into a {@link RuleSet}, collecting every problem before refusing it.
 *
 * <p>Accepted shapes: a list of rules (the first seed block); a mapping with {@code rules:} (or its alias
 * {@code alerting:}), {@code defaults:}, {@code evaluation_interval:}, {@code baseline_min_history:} and
 * {@code sampling:}; and the same mapping nested under {@code agent_monitoring:} (the second seed block).
 */
final class RuleFileParser {

    static final List<String> TOP_KEYS = List.of("rules", "alerting", "defaults", "evaluation_interval",
            "baseline_min_history", "sampling", "agent_monitoring");
    static final List<String> COMMON_KEYS = List.of("severity", "hold", "keep_firing_for", "min_samples", "no_data",
            "match", "labels", "annotations");
    static final List<String> RULE_KEYS = concat(List.of("alert", "condition", "overrides"), COMMON_KEYS);
    static final List<String> OVERRIDE_KEYS = concat(List.of("match", "condition", "threshold"), COMMON_KEYS);
    static final List<String> MATCH_KEYS = List.of("agent_id", "fleet", "model", "labels");

    static final Duration MAX_EVALUATION_INTERVAL = Duration.ofHours(1);
    static final Duration MAX_TIMER = Duration.ofDays(30);

    private final String file;
    private final String text;
    private final long sliceMs;
    private final SourceLines lines;
    private final Problems problems = new Problems();

    private Duration evaluationInterval;
    private Duration baselineMinHistory;
    private RuleFields defaults;
    private ConfigNode rulesNode;
    private Map<String, Double> sampling = Map.of();
    private int overridesRead; // in the whole file, against RuleLimits.MAX_OVERRIDES

    RuleFileParser(String file, String text, RuleCompileOptions options) {
        this.file = file;
        this.text = text;
        this.sliceMs = options.slice().toMillis();
        this.lines = new SourceLines(text);
    }

    /** @throws RuleFileException with every problem found */
    RuleSet parse() {
        ConfigNode root;
        try {
            root = YamlFiles.parse(file, text);
        } catch (ConfigException e) {
            problems.add(e);
            throw new RuleFileException(problems.list());
        }
        if (root.isList()) {
            rulesNode = root;
        } else if (root.isMap()) {
            readTop(root, true);
        } else {
            problems.at(root, "expected a list of rules, or a mapping with 'rules:' (or 'agent_monitoring: alerting:')");
        }
        RuleFields base = defaults == null ? RuleFields.builtIn() : defaults.over(RuleFields.builtIn());
        Duration minHistory = baselineMinHistory != null ? baselineMinHistory
                : BaselineStats.DEFAULT_MIN_HISTORY;
        List<RuleDraft> drafts = new ArrayList<>();
        if (rulesNode != null) {
            readRules(rulesNode, base, drafts);
        } else if (problems.isEmpty()) {
            problems.at(root, "no rules: expected 'rules:' (or 'alerting:') with a list of rules");
        }
        List<Rule> rules = RuleDraft.name(drafts, problems, minHistory);
        if (!problems.isEmpty()) {
            throw new RuleFileException(problems.inFileOrder());
        }
        return new RuleSet(file, text, evaluationInterval != null ? evaluationInterval : RuleSet.DEFAULT_EVALUATION_INTERVAL,
                minHistory, sampling, rules);
    }

    // ------------------------------------------------------------------ top level

    private void readTop(ConfigNode map, boolean outermost) {
        for (Map.Entry<String, ConfigNode> e : entries(map).entrySet()) {
            ConfigNode v = e.getValue();
            switch (e.getKey()) {
                case "rules":
                case "alerting":
                    if (rulesNode != null) {
                        problems.at(v, "the rules are already given at line " + rulesNode.line()
                                + "; use one 'rules:' (or 'alerting:') list");
                    } else {
                        rulesNode = v;
                    }
                    break;
                case "defaults":
                    if (defaults != null) {
                        problems.at(v, "'defaults' given twice");
                    } else if (requireMap(v, "defaults")) {
                        defaults = new RuleFields();
                        for (Map.Entry<String, ConfigNode> d : entries(v).entrySet()) {
                            if (!readCommon(d.getKey(), d.getValue(), defaults)) {
                                unknownKey(d.getKey(), d.getValue(), COMMON_KEYS, "defaults");
                            }
                        }
                    }
                    break;
                case "evaluation_interval":
                    evaluationInterval = once(evaluationInterval, v,
                            duration(v, Duration.ofSeconds(1), MAX_EVALUATION_INTERVAL));
                    break;
                case "baseline_min_history":
                    baselineMinHistory = once(baselineMinHistory, v, duration(v, Duration.ZERO, MAX_TIMER));
                    break;
                case "sampling":
                    sampling = readSampling(v);
                    break;
                case "agent_monitoring":
                    if (outermost && requireMap(v, "agent_monitoring")) {
                        readTop(v, false);
                    } else if (!outermost) {
                        problems.at(v, "'agent_monitoring' inside 'agent_monitoring'");
                    }
                    break;
                default:
                    unknownKey(e.getKey(), v, outermost ? TOP_KEYS : TOP_KEYS.subList(0, TOP_KEYS.size() - 1),
                            outermost ? "the rule file" : "agent_monitoring");
            }
        }
    }

    private <T> T once(T previous, ConfigNode at, T value) {
        if (previous != null && value != null) {
            problems.at(at, "set twice");
            return previous;
        }
        return value != null ? value : previous;
    }

    /** {@code sampling: {name: 10%}}: recorded, not used (see {@link RuleSet#sampling()}). */
    private Map<String, Double> readSampling(ConfigNode v) {
        if (!requireMap(v, "sampling")) {
            return Map.of();
        }
        Map<String, Double> out = new LinkedHashMap<>();
        for (Map.Entry<String, ConfigNode> e : entries(v).entrySet()) {
            Double f = fraction(e.getValue());
            if (f != null) {
                out.put(e.getKey(), f);
            }
        }
        return out;
    }

    private Double fraction(ConfigNode v) {
        String s = scalar(v);
        if (s == null) {
            return null;
        }
        s = s.strip();
        try {
            double f = s.endsWith("%") ? Double.parseDouble(s.substring(0, s.length() - 1).strip()) / 100
                    : Double.parseDouble(s);
            if (f >= 0 && f <= 1) {
                return f;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        problems.at(v, "expected a fraction such as 10% or 0.1 (0% to 100%), got '" + s + "'");
        return null;
    }

    // ------------------------------------------------------------------ rules

    private void readRules(ConfigNode list, RuleFields base, List<RuleDraft> drafts) {
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
        Map<String, ConfigNode> ruleEntries = entriesOrNull(r);
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
                    if (!readCommon(e.getKey(), e.getValue(), own)) {
                        unknownKey(e.getKey(), e.getValue(), RULE_KEYS, "a rule");
                    }
            }
        }
        String name = nameNode == null ? null : ruleName(nameNode);
        if (conditionNode == null) {
            problems.at(r, "missing 'condition', e.g. condition: error_rate > 5% for 10min");
            return null;
        }
        String conditionText = scalar(conditionNode);
        ParsedCondition parsed = conditionText == null ? null : parseCondition(conditionText, conditionNode);
        Condition condition = parsed == null ? null : compile(parsed);
        RuleFields fields = own.over(base);
        AgentMatcher match = new AgentMatcher(fields.match);
        List<RuleDraft.OverrideDraft> overrides = overridesNode == null ? List.of()
                : readOverrides(overridesNode, parsed, fields);
        if (problems.size() > before || condition == null) {
            return null;
        }
        return new RuleDraft(r, nameNode, name, condition, fields, match, overrides);
    }

    private String ruleName(ConfigNode n) {
        String s = scalar(n);
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

    private List<RuleDraft.OverrideDraft> readOverrides(ConfigNode list, ParsedCondition ruleCondition,
            RuleFields ruleFields) {
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
            Map<String, ConfigNode> overrideEntries = requireMap(o, "an override") ? entriesOrNull(o) : null;
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
                        if (!readCommon(e.getKey(), e.getValue(), own)) {
                            unknownKey(e.getKey(), e.getValue(), OVERRIDE_KEYS, "an override");
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
                String t = scalar(conditionNode);
                parsed = t == null ? null : parseCondition(t, conditionNode);
            } else if (thresholdNode != null && ruleCondition != null) {
                parsed = withThreshold(ruleCondition, thresholdNode);
            }
            Condition condition = parsed == null ? null : compile(parsed);
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

    private ParsedCondition withThreshold(ParsedCondition rule, ConfigNode thresholdNode) {
        String t = scalar(thresholdNode);
        if (t == null) {
            return null;
        }
        List<RuleError> soft = new ArrayList<>();
        try {
            Expr threshold = new ConditionParser(t, ScalarText.of(thresholdNode, lines), soft).expression();
            if (!soft.isEmpty()) {
                problems.addAll(soft);
                return null;
            }
            return rule.withRight(threshold, t);
        } catch (ConditionSyntaxException e) {
            problems.addAll(soft);
            problems.add(e.toError());
            return null;
        }
    }

    private ParsedCondition parseCondition(String t, ConfigNode node) {
        List<RuleError> soft = new ArrayList<>();
        try {
            ParsedCondition c = new ConditionParser(t, ScalarText.of(node, lines), soft).condition();
            problems.addAll(soft);
            return soft.isEmpty() ? c : null;
        } catch (ConditionSyntaxException e) {
            problems.addAll(soft);
            problems.add(e.toError());
            return null;
        }
    }

    private Condition compile(ParsedCondition parsed) {
        try {
            return ConditionCompiler.compile(parsed, sliceMs);
        } catch (ConditionSyntaxException e) {
            problems.add(e.toError());
            return null;
        }
    }

    // ------------------------------------------------------------------ fields shared by defaults, rules, overrides

    /** Reads one of {@link #COMMON_KEYS} into {@code f}; false if {@code key} is not one of them. */
    private boolean readCommon(String key, ConfigNode v, RuleFields f) {
        switch (key) {
            case "severity": {
                String s = scalar(v);
                if (s != null) {
                    f.severity = Severity.parse(s);
                    if (f.severity == null) {
                        problems.at(v, "unknown severity '" + s.strip() + "'; expected critical, error, warning or info"
                                + Suggestions.didYouMean(s.strip(), List.of("critical", "error", "warning", "info")));
                    }
                }
                return true;
            }
            case "hold":
                f.holdMs = millis(duration(v, Duration.ZERO, MAX_TIMER));
                return true;
            case "keep_firing_for":
                f.keepFiringForMs = millis(duration(v, Duration.ZERO, MAX_TIMER));
                return true;
            case "min_samples": {
                String s = scalar(v);
                if (s != null) {
                    try {
                        f.minSamples = Integer.parseInt(s.strip());
                        if (f.minSamples < 0) {
                            throw new NumberFormatException();
                        }
                    } catch (NumberFormatException e) {
                        f.minSamples = null;
                        problems.at(v, "min_samples: expected a whole number >= 0, got '" + s + "'");
                    }
                }
                return true;
            }
            case "no_data": {
                String s = scalar(v);
                if (s != null) {
                    f.noData = NoDataPolicy.parse(s);
                    if (f.noData == null) {
                        problems.at(v, "unknown no_data '" + s.strip() + "'; expected ok, keep_last or alerting"
                                + Suggestions.didYouMean(s.strip(), List.of("ok", "keep_last", "alerting")));
                    }
                }
                return true;
            }
            case "match":
                f.match = readMatch(v);
                return true;
            case "labels":
                f.labels = readLabels(v);
                return true;
            case "annotations":
                f.annotations = readAnnotations(v);
                return true;
            default:
                return false;
        }
    }

    private Map<String, FieldMatch> readMatch(ConfigNode v) {
        Map<String, FieldMatch> out = new LinkedHashMap<>();
        if (!requireMap(v, "match")) {
            return out;
        }
        for (Map.Entry<String, ConfigNode> e : entries(v).entrySet()) {
            String key = e.getKey();
            if (key.equals("labels")) {
                if (requireMap(e.getValue(), "match.labels")) {
                    for (Map.Entry<String, ConfigNode> l : entries(e.getValue()).entrySet()) {
                        putGlobs(out, "labels." + l.getKey(), l.getValue());
                    }
                }
            } else if (key.startsWith("labels.") && key.length() > "labels.".length()) {
                putGlobs(out, key, e.getValue());
            } else if (MATCH_KEYS.contains(key)) {
                putGlobs(out, key, e.getValue());
            } else {
                problems.at(e.getValue(), "cannot match on '" + key + "'; expected agent_id, fleet, model, labels.<name>"
                        + Suggestions.didYouMean(key, MATCH_KEYS));
            }
        }
        return out;
    }

    private void putGlobs(Map<String, FieldMatch> out, String field, ConfigNode v) {
        List<ConfigNode> items = v.isList() ? v.items() : List.of(v);
        List<String> include = new ArrayList<>();
        List<String> exclude = new ArrayList<>();
        for (ConfigNode item : items) {
            String s = scalar(item);
            if (s == null) {
                continue;
            }
            if (s.length() > RuleLimits.MAX_GLOB_CHARS) {
                problems.at(item, "a match pattern is at most " + RuleLimits.MAX_GLOB_CHARS + " characters; this one has "
                        + s.length());
                continue;
            }
            if (s.startsWith("!")) {
                exclude.add(s.substring(1));
            } else {
                include.add(s);
            }
        }
        if (out.put(field, new FieldMatch(List.copyOf(include), List.copyOf(exclude))) != null) {
            problems.at(v, "'" + field + "' matched twice");
        }
    }

    private Map<String, String> readLabels(ConfigNode v) {
        Map<String, String> out = new LinkedHashMap<>();
        if (!requireMap(v, "labels")) {
            return out;
        }
        for (Map.Entry<String, ConfigNode> e : entries(v).entrySet()) {
            if (!e.getKey().matches("[A-Za-z_][A-Za-z0-9_]*")) {
                problems.at(e.getValue(), "label name '" + e.getKey() + "' must be letters, digits and '_', "
                        + "not starting with a digit");
            }
            String s = scalar(e.getValue());
            if (s != null) {
                out.put(e.getKey(), s);
            }
        }
        return out;
    }

    private Map<String, AnnotationTemplate> readAnnotations(ConfigNode v) {
        Map<String, AnnotationTemplate> out = new LinkedHashMap<>();
        if (!requireMap(v, "annotations")) {
            return out;
        }
        for (Map.Entry<String, ConfigNode> e : entries(v).entrySet()) {
            String s = scalar(e.getValue());
            if (s == null) {
                continue;
            }
            try {
                out.put(e.getKey(), AnnotationTemplate.parse(s, ScalarText.of(e.getValue(), lines)));
            } catch (ConditionSyntaxException x) {
                problems.add(x.toError());
            }
        }
        return out;
    }

    // ------------------------------------------------------------------ helpers that record instead of throwing

    /** The mapping's entries; empty after recording a duplicate key (its content is then not checked). */
    private Map<String, ConfigNode> entries(ConfigNode map) {
        Map<String, ConfigNode> m = entriesOrNull(map);
        return m == null ? Map.of() : m;
    }

    private Map<String, ConfigNode> entriesOrNull(ConfigNode map) {
        try {
            return map.entries();
        } catch (ConfigException e) {
            problems.add(e);
            return null;
        }
    }

    private boolean requireMap(ConfigNode v, String what) {
        if (v.isMap()) {
            return true;
        }
        problems.at(v, what + ": expected a mapping (key: value lines)");
        return false;
    }

    /** The scalar's text, or null after recording that it is a list or mapping. */
    private String scalar(ConfigNode v) {
        if (v.isScalar()) {
            return v.text();
        }
        problems.at(v, "expected a single value, got " + (v.isList() ? "a list" : "a mapping"));
        return null;
    }

    private Duration duration(ConfigNode v, Duration min, Duration max) {
        String s = scalar(v);
        if (s == null) {
            return null;
        }
        Duration d;
        if (s.strip().equals("0")) {
            d = Duration.ZERO;
        } else {
            try {
                d = v.duration();
            } catch (ConfigException e) {
                problems.add(e);
                return null;
            }
        }
        if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
            problems.at(v, "expected a duration from " + Durations.format(min) + " to "
                    + Durations.format(max) + ", got '" + s.strip() + "'");
            return null;
        }
        return d;
    }

    private static Long millis(Duration d) {
        return d == null ? null : d.toMillis();
    }

    private void unknownKey(String key, ConfigNode v, List<String> known, String where) {
        String hint;
        if (key.equals("for")) {
            hint = "; the time a condition must hold before firing is 'hold' (a 'for' inside the condition is its window)";
        } else if (key.equals("expr")) {
            hint = "; the expression is 'condition'";
        } else {
            hint = Suggestions.didYouMean(key, known);
        }
        problems.at(v, "unknown field '" + key + "' in " + where + "; expected " + String.join(", ", known) + hint);
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return List.copyOf(out);
    }
}
