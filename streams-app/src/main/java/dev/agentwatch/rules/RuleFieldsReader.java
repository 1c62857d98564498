package dev.agentwatch.rules;

import dev.agentwatch.config.ConfigNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the settings that {@code defaults:}, a rule and an override all take ({@link #COMMON_KEYS}: severity,
 * timers, {@code match:}, labels, annotations) into a {@link RuleFields}.
 */
final class RuleFieldsReader {

    static final List<String> COMMON_KEYS = List.of("severity", "hold", "keep_firing_for", "min_samples", "no_data",
            "match", "labels", "annotations");
    static final List<String> MATCH_KEYS = List.of("agent_id", "fleet", "model", "labels");

    /** Longest hold, keep_firing_for or baseline_min_history. */
    static final Duration MAX_TIMER = Duration.ofDays(30);

    private final YamlReader yaml;
    private final Problems problems;
    private final SourceLines lines;

    RuleFieldsReader(YamlReader yaml, Problems problems, SourceLines lines) {
        this.yaml = yaml;
        this.problems = problems;
        this.lines = lines;
    }

    /** The keys of a mapping that takes {@code own} keys besides the common ones, in the order errors list them. */
    static List<String> withCommonKeys(String... own) {
        List<String> out = new ArrayList<>(List.of(own));
        out.addAll(COMMON_KEYS);
        return List.copyOf(out);
    }

    /** Reads one of {@link #COMMON_KEYS} into {@code f}; false if {@code key} is not one of them. */
    boolean read(String key, ConfigNode v, RuleFields f) {
        switch (key) {
            case "severity": {
                String s = yaml.scalar(v);
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
                f.holdMs = millis(yaml.duration(v, Duration.ZERO, MAX_TIMER));
                return true;
            case "keep_firing_for":
                f.keepFiringForMs = millis(yaml.duration(v, Duration.ZERO, MAX_TIMER));
                return true;
            case "min_samples": {
                String s = yaml.scalar(v);
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
                String s = yaml.scalar(v);
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

    private static Long millis(Duration d) {
        return d == null ? null : d.toMillis();
    }

    private Map<String, FieldMatch> readMatch(ConfigNode v) {
        Map<String, FieldMatch> out = new LinkedHashMap<>();
        if (!yaml.requireMap(v, "match")) {
            return out;
        }
        for (Map.Entry<String, ConfigNode> e : yaml.entries(v).entrySet()) {
            String key = e.getKey();
            if (key.equals("labels")) {
                if (yaml.requireMap(e.getValue(), "match.labels")) {
                    for (Map.Entry<String, ConfigNode> l : yaml.entries(e.getValue()).entrySet()) {
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
            String s = yaml.scalar(item);
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
        if (!yaml.requireMap(v, "labels")) {
            return out;
        }
        for (Map.Entry<String, ConfigNode> e : yaml.entries(v).entrySet()) {
            if (!e.getKey().matches("[A-Za-z_][A-Za-z0-9_]*")) {
                problems.at(e.getValue(), "label name '" + e.getKey() + "' must be letters, digits and '_', "
                        + "not starting with a digit");
            }
            String s = yaml.scalar(e.getValue());
            if (s != null) {
                out.put(e.getKey(), s);
            }
        }
        return out;
    }

    private Map<String, AnnotationTemplate> readAnnotations(ConfigNode v) {
        Map<String, AnnotationTemplate> out = new LinkedHashMap<>();
        if (!yaml.requireMap(v, "annotations")) {
            return out;
        }
        for (Map.Entry<String, ConfigNode> e : yaml.entries(v).entrySet()) {
            String s = yaml.scalar(e.getValue());
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
}
