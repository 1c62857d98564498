package dev.agentwatch.rules;

/** A problem in a condition or threshold, at a position inside the rule file. */
final class ConditionSyntaxException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient SourcePosition position;

    ConditionSyntaxException(SourcePosition position, String message) {
        super(message, null, false, false); // control flow of the parser: no stack trace needed
        this.position = position;
    }

    RuleError toError() {
        return position.error(getMessage());
    }
}
