package dev.agentwatch.rules;

/** Where a piece of rule text stands in its file. */
record SourcePosition(String file, int line, int column) {

    RuleError error(String message) {
        return new RuleError(file, line, column, message);
    }
}
