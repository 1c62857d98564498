package dev.agentwatch.rules;

import dev.agentwatch.baseline.BaselineStats;
import dev.agentwatch.config.ConfigException;
import dev.agentwatch.config.ConfigNode;
import dev.agentwatch.sampling.SamplingPolicy;
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
 * {@code sampling:} and {@code metrics:} ({@link DisplayMetrics}); and the same mapping nested under {@code agent_monitoring:} (the second seed block).
 * This class reads that top level; the rules themselves are read by {@link RuleReader}, the settings they
 * share with {@code defaults:} by {@link RuleFieldsReader}.
 */
final class RuleFileParser {

    static final List<String> TOP_KEYS = List.of("rules", "alerting", "defaults", "evaluation_interval",
            "baseline_min_history", "sampling", "metrics", "agent_monitoring");

    static final Duration MAX_EVALUATION_INTERVAL = Duration.ofHours(1);

    private final String file;
    private final String text;
    private final Problems problems = new Problems();
    private final YamlReader yaml = new YamlReader(problems);
    private final RuleFieldsReader fields;
    private final RuleReader ruleReader;

    private Duration evaluationInterval;
    private Duration baselineMinHistory;
    private RuleFields defaults;
    private ConfigNode rulesNode;
    private Map<String, Double> sampling = Map.of();
    private List<String> displayMetrics = List.of();

    RuleFileParser(String file, String text, RuleCompileOptions options) {
        this.file = file;
        this.text = text;
        long sliceMs = options.slice().toMillis();
        SourceLines lines = new SourceLines(text);
        this.fields = new RuleFieldsReader(yaml, problems, lines);
        this.ruleReader = new RuleReader(yaml, problems, fields, new ConditionReader(yaml, problems, lines, sliceMs));
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
            ruleReader.readRules(rulesNode, base, drafts);
        } else if (problems.isEmpty()) {
            problems.at(root, "no rules: expected 'rules:' (or 'alerting:') with a list of rules");
        }
        List<Rule> rules = RuleDraft.name(drafts, problems, minHistory);
        if (!problems.isEmpty()) {
            throw new RuleFileException(problems.inFileOrder());
        }
        return new RuleSet(file, text, evaluationInterval != null ? evaluationInterval : RuleSet.DEFAULT_EVALUATION_INTERVAL,
                minHistory, sampling, displayMetrics, rules);
    }

    // ------------------------------------------------------------------ top level

    private void readTop(ConfigNode map, boolean outermost) {
        for (Map.Entry<String, ConfigNode> e : yaml.entries(map).entrySet()) {
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
                    } else if (yaml.requireMap(v, "defaults")) {
                        defaults = new RuleFields();
                        for (Map.Entry<String, ConfigNode> d : yaml.entries(v).entrySet()) {
                            if (!fields.read(d.getKey(), d.getValue(), defaults)) {
                                yaml.unknownKey(d.getKey(), d.getValue(), RuleFieldsReader.COMMON_KEYS, "defaults");
                            }
                        }
                    }
                    break;
                case "evaluation_interval":
                    evaluationInterval = once(evaluationInterval, v,
                            yaml.duration(v, Duration.ofSeconds(1), MAX_EVALUATION_INTERVAL));
                    break;
                case "baseline_min_history":
                    baselineMinHistory = once(baselineMinHistory, v,
                            yaml.duration(v, Duration.ZERO, RuleFieldsReader.MAX_TIMER));
                    break;
                case "sampling":
                    sampling = readSampling(v);
                    break;
                case "metrics":
                    displayMetrics = DisplayMetrics.read(v, yaml, problems);
                    break;
                case "agent_monitoring":
                    if (outermost && yaml.requireMap(v, "agent_monitoring")) {
                        readTop(v, false);
                    } else if (!outermost) {
                        problems.at(v, "'agent_monitoring' inside 'agent_monitoring'");
                    }
                    break;
                default:
                    yaml.unknownKey(e.getKey(), v, outermost ? TOP_KEYS : TOP_KEYS.subList(0, TOP_KEYS.size() - 1),
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

    /** {@code sampling: {name: 10%}}: the producers' policy (see {@link RuleSet#sampling()}). */
    private Map<String, Double> readSampling(ConfigNode v) {
        if (!yaml.requireMap(v, "sampling")) {
            return Map.of();
        }
        Map<String, Double> out = new LinkedHashMap<>();
        for (Map.Entry<String, ConfigNode> e : yaml.entries(v).entrySet()) {
            Double f = fraction(e.getValue());
            if (f != null) {
                out.put(e.getKey(), f);
            }
        }
        try {
            SamplingPolicy.of(out);
        } catch (IllegalArgumentException twice) {
            problems.at(v, twice.getMessage());
        }
        return out;
    }

    private Double fraction(ConfigNode v) {
        String s = yaml.scalar(v);
        if (s == null) {
            return null;
        }
        Double f = SamplingPolicy.parseFraction(s);
        if (f == null) {
            problems.at(v, "expected a fraction such as 10% or 0.1 (0% to 100%), got '" + s.strip() + "'");
        }
        return f;
    }
}
