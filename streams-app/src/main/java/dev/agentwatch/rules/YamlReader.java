package dev.agentwatch.rules;

import dev.agentwatch.config.ConfigException;
import dev.agentwatch.config.ConfigNode;
import dev.agentwatch.config.Durations;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The YAML accessors every part of the rule-file reader shares. Each records a problem and returns null (or
 * nothing) instead of throwing, so that one pass over the file reports every problem in it.
 */
final class YamlReader {

    private final Problems problems;

    YamlReader(Problems problems) {
        this.problems = problems;
    }

    /** The mapping's entries; empty after recording a duplicate key (its content is then not checked). */
    Map<String, ConfigNode> entries(ConfigNode map) {
        Map<String, ConfigNode> m = entriesOrNull(map);
        return m == null ? Map.of() : m;
    }

    Map<String, ConfigNode> entriesOrNull(ConfigNode map) {
        try {
            return map.entries();
        } catch (ConfigException e) {
            problems.add(e);
            return null;
        }
    }

    boolean requireMap(ConfigNode v, String what) {
        if (v.isMap()) {
            return true;
        }
        problems.at(v, what + ": expected a mapping (key: value lines)");
        return false;
    }

    /** The scalar's text, or null after recording that it is a list or mapping. */
    String scalar(ConfigNode v) {
        if (v.isScalar()) {
            return v.text();
        }
        problems.at(v, "expected a single value, got " + (v.isList() ? "a list" : "a mapping"));
        return null;
    }

    Duration duration(ConfigNode v, Duration min, Duration max) {
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

    /** Records {@code key} as unknown {@code where}, listing the {@code known} ones and the likeliest meant. */
    void unknownKey(String key, ConfigNode v, List<String> known, String where) {
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
}
