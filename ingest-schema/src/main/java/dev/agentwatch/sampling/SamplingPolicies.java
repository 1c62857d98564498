package dev.agentwatch.sampling;

import dev.agentwatch.config.ConfigException;
import dev.agentwatch.config.ConfigNode;
import dev.agentwatch.config.YamlFiles;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code sampling:} block of a rule file: at the top level, or under {@code agent_monitoring:} as the second
 * seed block writes it. The streams app's rule parser reports errors in it with line and column; producers
 * (gateway, SDK) read it from rule files that parser has already accepted.
 */
public final class SamplingPolicies {

    private SamplingPolicies() {
    }

    /** Where the block sits in a parsed rule file, if it has one. */
    public static Optional<ConfigNode> block(ConfigNode root) {
        if (!root.isMap()) {
            return Optional.empty();
        }
        Optional<ConfigNode> top = root.get("sampling");
        if (top.isPresent()) {
            return top;
        }
        return root.get("agent_monitoring").filter(ConfigNode::isMap).flatMap(m -> m.get("sampling"));
    }

    /**
     * The policy a rule file states.
     *
     * @throws ConfigException naming the file, line and field of an entry that is not a fraction
     */
    public static SamplingPolicy fromRuleFile(String name, String text) {
        Optional<ConfigNode> block = block(YamlFiles.parse(name, text));
        if (block.isEmpty() || block.get().isNull()) {
            return SamplingPolicy.NONE;
        }
        ConfigNode node = block.get();
        if (!node.isMap()) {
            throw node.error("expected a mapping of decision class to fraction, such as routine_queries: 10%");
        }
        Map<String, Double> fractions = new LinkedHashMap<>();
        for (Map.Entry<String, ConfigNode> e : node.entries().entrySet()) {
            ConfigNode v = e.getValue();
            Double f = v.isScalar() ? SamplingPolicy.parseFraction(v.text()) : null;
            if (f == null) {
                throw v.error("expected a fraction such as 10% or 0.1 (0% to 100%)");
            }
            fractions.put(e.getKey(), f);
        }
        try {
            return SamplingPolicy.of(fractions);
        } catch (IllegalArgumentException ex) {
            throw node.error(ex.getMessage());
        }
    }
}
