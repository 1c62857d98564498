package dev.agentwatch.rules;

import dev.agentwatch.window.MetricRef;

/**
 * What a condition's value measures, to catch a literal in the wrong unit ({@code latency_p95 > 5%}) and to
 * format values in annotations. Deliberately coarse: only literal units are checked against metrics; a
 * product or quotient of two measured values is {@link #ANY} and not checked further.
 */
enum Dimension {
    /** A plain number, a z-score, a custom metric, a derived quantity: compatible with everything. */
    ANY("a number", "a plain number"),
    /** 0..1; {@code 5%} is 0.05. */
    FRACTION("a fraction", "a fraction such as 5% or 0.05"),
    /** Milliseconds; {@code 2s} is 2000. */
    DURATION("a duration in milliseconds", "a duration such as 30s, 30000ms or 30000"),
    /** USD (cost_rate: USD per hour); {@code $0.50} is 0.5. */
    MONEY("an amount in USD", "an amount such as $0.50 or 0.5"),
    TOKENS("a number of tokens", "a plain number of tokens"),
    COUNT("a count", "a plain number"),
    /** Per second: request_rate, token_burn_rate. */
    RATE("a rate per second", "a plain number per second");

    private final String noun;
    private final String example;

    Dimension(String noun, String example) {
        this.noun = noun;
        this.example = example;
    }

    String noun() {
        return noun;
    }

    /** What to write instead, for error messages. */
    String example() {
        return example;
    }

    /** A literal's dimension from its unit: "", "%", "$" or a duration unit. */
    static Dimension ofUnit(String unit) {
        switch (unit) {
            case "":
                return ANY;
            case "%":
                return FRACTION;
            case "$":
                return MONEY;
            default:
                return DURATION;
        }
    }

    /** By canonical name, as {@link MetricRef}'s kind is not public; a name not listed here is unchecked. */
    static Dimension of(MetricRef metric) {
        if (metric.customMetricName() != null) {
            return ANY;
        }
        String n = metric.name();
        switch (n) {
            case "request_count":
            case "error_count":
            case "tool_calls":
            case "sum(retries)":
                return COUNT;
            case "request_rate":
            case "token_burn_rate":
                return RATE;
            case "error_rate":
            case "tool_invocation_success_rate":
            case "retries_per_request":
                return FRACTION;
            case "cost_rate":
                return MONEY;
            default:
                break;
        }
        if (n.startsWith("latency_") || n.contains("(latency_ms)")) {
            return DURATION;
        }
        if (n.startsWith("tokens_") || n.contains("(tokens)")) {
            return TOKENS;
        }
        if (n.startsWith("cost_") || n.contains("(cost_usd)")) {
            return MONEY;
        }
        return ANY;
    }

    /** Whether values of the two dimensions may be compared, added or passed to min/max together. */
    static boolean compatible(Dimension a, Dimension b) {
        return a == ANY || b == ANY || a == b || (a == TOKENS && b == COUNT) || (a == COUNT && b == TOKENS);
    }

    /** The more specific of two compatible dimensions. */
    static Dimension unify(Dimension a, Dimension b) {
        return a == ANY ? b : a;
    }

    /** A fraction scales what it multiplies ({@code baseline * 150%}); two measured values make a new one. */
    static Dimension product(Dimension a, Dimension b) {
        if (a == ANY || a == FRACTION) {
            return b;
        }
        if (b == ANY || b == FRACTION) {
            return a;
        }
        return ANY;
    }

    static Dimension quotient(Dimension a, Dimension b) {
        return b == ANY || b == FRACTION ? a : ANY;
    }
}
