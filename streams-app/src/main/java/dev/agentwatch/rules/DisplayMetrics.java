package dev.agentwatch.rules;

import dev.agentwatch.config.ConfigNode;
import dev.agentwatch.window.Metrics;
import dev.agentwatch.window.UnknownMetricException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The rule file's {@code metrics:} list (the second seed block): the per-agent figures the fleet view and the
 * dashboard show first, each resolved to its metric's canonical name. Besides every metric name and alias of
 * conditions, the seed's own names are taken: {@code token_usage_per_request} is {@code tokens_per_request} and
 * {@code hallucination_score} the custom metric {@code metrics.hallucination_score}; other custom metrics are
 * written {@code metrics.<name>}, so a misspelt name is an error with the nearest name, not a new metric.
 */
final class DisplayMetrics {

    static final Map<String, String> SEED_NAMES = Map.of(
            "token_usage_per_request", "tokens_per_request",
            "hallucination_score", "metrics.hallucination_score");

    private DisplayMetrics() {
    }

    static List<String> read(ConfigNode v, YamlReader yaml, Problems problems) {
        if (!v.isList()) {
            problems.at(v, "metrics: expected a list of metric names, such as [tokens_per_request, latency_p95]");
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (ConfigNode item : v.items()) {
            String name = yaml.scalar(item);
            if (name == null) {
                continue;
            }
            String written = name.strip();
            try {
                String canonical = Metrics.resolve(SEED_NAMES.getOrDefault(written, written)).name();
                if (out.contains(canonical)) {
                    problems.at(item, "metrics: '" + written + "' is listed twice (as " + canonical + ")");
                } else {
                    out.add(canonical);
                }
            } catch (UnknownMetricException e) {
                TreeSet<String> known = new TreeSet<>(Metrics.knownNames());
                known.addAll(SEED_NAMES.keySet());
                problems.at(item, "metrics: unknown metric '" + written + "'" + Suggestions.didYouMean(written, known)
                        + " (custom metrics are written metrics.<name>)");
            }
        }
        return List.copyOf(out);
    }
}
