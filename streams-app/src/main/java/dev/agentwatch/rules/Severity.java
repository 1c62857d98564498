package dev.agentwatch.rules;

import java.util.Locale;

/** PagerDuty's four levels; rule files may write them in any case ({@code WARNING}, {@code warning}). */
public enum Severity {
    CRITICAL, ERROR, WARNING, INFO;

    /** @return null if {@code text} is none of them */
    static Severity parse(String text) {
        try {
            return valueOf(text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Lower case, as PagerDuty's {@code payload.severity} wants it. */
    public String lowerCase() {
        return name().toLowerCase(Locale.ROOT);
    }
}
