package dev.agentwatch.rules;

import dev.agentwatch.config.YamlFiles;

/**
 * What one rule file, or one record of the rules topic, may hold. Each limit is met with an error of the file
 * (a {@link RuleFileException}), never with an exception on the thread that reads it: the rules topic is read by
 * the global stream thread of every instance, and that thread cannot be replaced. The YAML limits (size, nesting,
 * aliases) are {@link YamlFiles}'s: a rule file is at most 1 MiB of UTF-8.
 */
public final class RuleLimits {

    /** A record's value: a rule file of at most {@link YamlFiles#MAX_BYTES} in its JSON envelope, escapes included. */
    public static final int MAX_RECORD_BYTES = 2 * YamlFiles.MAX_BYTES;
    public static final int MAX_RULES = 1_000;
    /** In the whole file: overrides are per-agent thresholds, so a large fleet may have many. */
    public static final int MAX_OVERRIDES = 10_000;
    /** Of one condition or threshold. */
    public static final int MAX_EXPRESSION_CHARS = 1_000;
    /** Parentheses, functions and operators nested in one expression: what evaluation recurses over. */
    public static final int MAX_EXPRESSION_DEPTH = 64;
    /**
     * Of one {@code match} pattern: a glob is matched in time proportional to its length times the text's, and
     * what it matches (agent ids, fleets, models, label values) is at most 256 characters.
     */
    public static final int MAX_GLOB_CHARS = 256;
    /** Errors listed for one file; the rest are counted. */
    public static final int MAX_ERRORS_LISTED = 100;
    /** Of one error message, which may quote the file. */
    public static final int MAX_MESSAGE_CHARS = 1_000;
    /** Of the name errors give a text (a path, or the name a rules record carries). */
    public static final int MAX_SOURCE_NAME_CHARS = 256;

    private RuleLimits() {
    }
}
