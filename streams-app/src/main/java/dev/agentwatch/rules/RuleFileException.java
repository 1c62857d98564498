package dev.agentwatch.rules;

import java.util.List;
import java.util.stream.Collectors;

/** A rule file refused whole, with every problem found in it (not just the first). */
public final class RuleFileException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient List<RuleError> errors;

    public RuleFileException(List<RuleError> errors) {
        this(errors, null);
    }

    private RuleFileException(List<RuleError> errors, Throwable cause) {
        super(errors.size() + (errors.size() == 1 ? " error" : " errors") + " in rule file:\n"
                + errors.stream().map(RuleError::format).collect(Collectors.joining("\n")), cause);
        this.errors = List.copyOf(errors);
    }

    /**
     * What compiling a text threw besides a refusal (a bug, or a stack too small for the text), as a refusal:
     * no rules text may take down the thread that compiles it. The cause is kept for the log.
     */
    static RuleFileException unexpected(String file, Throwable cause) {
        String message = cause instanceof StackOverflowError
                ? "the text nests too deeply to compile"
                : "cannot compile (" + cause.getClass().getSimpleName()
                        + (cause.getMessage() == null ? "" : ": " + cause.getMessage()) + "); please report this with the text";
        return new RuleFileException(List.of(new RuleError(file, 0, 0, message)), cause);
    }

    /** In the order found: by rule, then by field; at least one. */
    public List<RuleError> errors() {
        return errors;
    }

    /** The first few errors on one line, for a log. */
    public String summary() {
        int shown = Math.min(3, errors.size());
        return errors.subList(0, shown).stream().map(RuleError::format).collect(Collectors.joining("; "))
                + (errors.size() > shown ? "; and " + (errors.size() - shown) + " more" : "");
    }
}
