package dev.agentwatch.rules;

import java.util.Locale;

/** What a rule does when its window has no data ({@link ConditionStatus#NO_DATA}). */
public enum NoDataPolicy {
    /** As if the condition were false: a firing alert resolves (after {@code keep_firing_for}). Default. */
    OK,
    /** Nothing changes: the alert stays in whatever state it is in until data returns. */
    KEEP_LAST,
    /** As if the condition were true: a missing agent fires (after {@code hold}). */
    ALERTING;

    static NoDataPolicy parse(String text) {
        try {
            return valueOf(text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    public String yamlName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
