package dev.agentwatch.rules;

import dev.agentwatch.config.ConfigException;
import dev.agentwatch.config.ConfigNode;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Every problem found in one rule file, so that all of them are reported at once; past
 * {@link RuleLimits#MAX_ERRORS_LISTED} they are only counted (a hostile file can have millions).
 */
final class Problems {

    private final List<RuleError> errors = new ArrayList<>();
    private int unlisted;

    void add(RuleError e) {
        if (errors.size() < RuleLimits.MAX_ERRORS_LISTED) {
            errors.add(e);
        } else {
            unlisted++;
        }
    }

    void addAll(List<RuleError> es) {
        es.forEach(this::add);
    }

    void at(ConfigNode node, String message) {
        add(new RuleError(node.file(), node.line(), node.column(), message));
    }

    /** A ConfigNode accessor's error, without the field path it prefixes (line and column say where). */
    void add(ConfigException e) {
        String message = e.getMessage();
        String prefix = e.file() + ":" + e.line() + ":" + e.column() + ": " + (e.field().isEmpty() ? "" : e.field() + ": ");
        add(new RuleError(e.file(), e.line(), e.column(),
                message.startsWith(prefix) ? message.substring(prefix.length()) : message));
    }

    boolean isEmpty() {
        return errors.isEmpty();
    }

    /** Every problem found, listed or not: grows with each one. */
    int size() {
        return errors.size() + unlisted;
    }

    /** Sorted by line, then column, as an editor lists them; then how many more there were. */
    List<RuleError> inFileOrder() {
        List<RuleError> out = new ArrayList<>(errors);
        out.sort(Comparator.comparingInt(RuleError::line).thenComparingInt(RuleError::column));
        if (unlisted > 0) {
            out.add(new RuleError(errors.get(0).file(), 0, 0, "and " + unlisted + " more errors"));
        }
        return out;
    }

    List<RuleError> list() {
        return List.copyOf(errors);
    }
}
