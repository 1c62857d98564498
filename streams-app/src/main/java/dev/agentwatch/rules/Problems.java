package dev.agentwatch.rules;

import dev.agentwatch.config.ConfigException;
import dev.agentwatch.config.ConfigNode;

import java.util.ArrayList;
import java.util.List;

/** Every problem found in one rule file, so that all of them are reported at once. */
final class Problems {

    private final List<RuleError> errors = new ArrayList<>();

    void add(RuleError e) {
        errors.add(e);
    }

    void addAll(List<RuleError> es) {
        errors.addAll(es);
    }

    void at(ConfigNode node, String message) {
        errors.add(new RuleError(node.file(), node.line(), node.column(), message));
    }

    /** A ConfigNode accessor's error, without the field path it prefixes (line and column say where). */
    void add(ConfigException e) {
        String message = e.getMessage();
        String prefix = e.file() + ":" + e.line() + ":" + e.column() + ": " + (e.field().isEmpty() ? "" : e.field() + ": ");
        errors.add(new RuleError(e.file(), e.line(), e.column(),
                message.startsWith(prefix) ? message.substring(prefix.length()) : message));
    }

    boolean isEmpty() {
        return errors.isEmpty();
    }

    int size() {
        return errors.size();
    }

    /** Sorted by line, then column, as an editor lists them. */
    List<RuleError> inFileOrder() {
        List<RuleError> out = new ArrayList<>(errors);
        out.sort(java.util.Comparator.comparingInt(RuleError::line).thenComparingInt(RuleError::column));
        return out;
    }

    List<RuleError> list() {
        return List.copyOf(errors);
    }
}
