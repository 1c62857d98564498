package dev.agentwatch.rules;

/**
 * One problem in a rule file, located by 1-based line and column (0 and 0: the file or record as a whole).
 * File name and message are made printable and cut to length here, once: both may quote a hostile text, and
 * both end up on terminals and in logs.
 */
public record RuleError(String file, int line, int column, String message) {

    public RuleError {
        file = PrintableText.of(file, RuleLimits.MAX_SOURCE_NAME_CHARS);
        message = PrintableText.of(message, RuleLimits.MAX_MESSAGE_CHARS);
    }

    /** {@code file:line:col: message}, the form editors and compilers use, so terminals make it clickable. */
    public String format() {
        return file + ":" + line + ":" + column + ": " + message;
    }

    @Override
    public String toString() {
        return format();
    }
}
