package dev.agentwatch.rules;

import java.time.Duration;

/**
 * What compiling a rule file needs to know about the app that will run it.
 *
 * @param slice the streams app's slice width: every rule window must be a whole number of slices
 */
public record RuleCompileOptions(Duration slice) {

    /** The shipped configuration's slice (config/agentwatch.yaml, {@code streams.slice}). */
    public static final RuleCompileOptions DEFAULTS = new RuleCompileOptions(Duration.ofSeconds(10));

    public RuleCompileOptions {
        if (slice.toMillis() <= 0) {
            throw new IllegalArgumentException("slice must be > 0");
        }
    }
}
