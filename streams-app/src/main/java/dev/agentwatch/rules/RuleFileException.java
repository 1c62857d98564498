package dev.agentwatch.rules;

import java.util.List;
import java.util.stream.Collectors;

/** A rule file refused whole, with every problem found in it (not just the first). */
public final class RuleFileException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient List<RuleError> errors;

    RuleFileException(List<RuleError> errors) {
        super(errors.size() + (errors.size() == 1 ? " error" : " errors") + " in rule file:\n"
                + errors.stream().map(RuleError::format).collect(Collectors.joining("\n")));
        this.errors = List.copyOf(errors);
    }

    /** In the order found: by rule, then by field; at least one. */
    public List<RuleError> errors() {
        return errors;
    }
}
