package dev.agentwatch.rules;

/** One problem in a rule file, located by 1-based line and column. */
public record RuleError(String file, int line, int column, String message) {

    /** {@code file:line:col: message}, the form editors and compilers use, so terminals make it clickable. */
    public String format() {
        return file + ":" + line + ":" + column + ": " + message;
    }

    @Override
    public String toString() {
        return format();
    }
}
