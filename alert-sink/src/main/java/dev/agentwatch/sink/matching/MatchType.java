package dev.agentwatch.sink.matching;

/** Alertmanager's four matcher operators. */
public enum MatchType {
    EQUAL("="),
    NOT_EQUAL("!="),
    REGEX("=~"),
    NOT_REGEX("!~");

    private final String operator;

    MatchType(String operator) {
        this.operator = operator;
    }

    public String operator() {
        return operator;
    }

    public boolean isRegex() {
        return this == REGEX || this == NOT_REGEX;
    }

    public boolean isEqual() {
        return this == EQUAL || this == REGEX;
    }

    public static MatchType of(boolean isEqual, boolean isRegex) {
        if (isRegex) {
            return isEqual ? REGEX : NOT_REGEX;
        }
        return isEqual ? EQUAL : NOT_EQUAL;
    }
}
