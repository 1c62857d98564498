package dev.agentwatch.rules;

import dev.agentwatch.config.ConfigNode;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns the condition text of a rule or an override (or an override's {@code threshold:}) into a compiled
 * {@link Condition}, recording syntax and compile errors at their place in the file and returning null.
 */
final class ConditionReader {

    private final YamlReader yaml;
    private final Problems problems;
    private final SourceLines lines;
    private final long sliceMs;

    ConditionReader(YamlReader yaml, Problems problems, SourceLines lines, long sliceMs) {
        this.yaml = yaml;
        this.problems = problems;
        this.lines = lines;
        this.sliceMs = sliceMs;
    }

    /** The condition {@code t}, the text of {@code node}; null if it has problems, even soft ones. */
    ParsedCondition parse(String t, ConfigNode node) {
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

    /** The rule's condition with its right-hand side replaced by an override's {@code threshold:}. */
    ParsedCondition withThreshold(ParsedCondition rule, ConfigNode thresholdNode) {
        String t = yaml.scalar(thresholdNode);
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

    Condition compile(ParsedCondition parsed) {
        try {
            return ConditionCompiler.compile(parsed, sliceMs);
        } catch (ConditionSyntaxException e) {
            problems.add(e.toError());
            return null;
        }
    }
}
