package dev.agentwatch.window;

import java.util.Collections;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The catalogue of per-agent window metrics (SPEC section 2) and their resolution from rule text.
 *
 * <p>Names: {@code request_count}, {@code request_rate} (per s), {@code error_count}, {@code error_rate}
 * (0..1), {@code tokens_in}, {@code tokens_out}, {@code tokens_per_request} (alias {@code token_usage}; mean
 * tokens_in + tokens_out per request that reported tokens), {@code token_burn_rate} (tokens/s),
 * {@code latency_avg}, {@code latency_p50|p90|p95|p99|max} (aliases {@code decision_latency_*}),
 * {@code cost_usd}, {@code cost_per_call}, {@code cost_rate} (USD/h), {@code tool_calls},
 * {@code tool_invocation_success_rate} (1 - failures / calls), {@code retries_per_request},
 * {@code metrics.<name>} (weighted mean), and over per-request values: {@code p50|p90|p95|p99(x)} for x in
 * latency_ms, tokens (in + out), cost_usd; {@code max(x)} for those and {@code metrics.<name>};
 * {@code sum(x)} for those and tokens_in, tokens_out, tool_calls, retries. Forms that equal a named metric
 * resolve to it ({@code p95(latency_ms)} is {@code latency_p95}). Names are case-sensitive; blanks around
 * the name and inside parentheses are ignored.
 */
public final class Metrics {

    private static final String CUSTOM_PREFIX = "metrics.";
    private static final String CUSTOM_TEMPLATE = CUSTOM_PREFIX + "<name>";
    private static final int[] PERCENTILES = {50, 90, 95, 99};

    private static final Map<String, MetricRef> FIXED = new HashMap<>();
    private static final SortedSet<String> KNOWN;

    static {
        fixed(MetricRef.Kind.REQUEST_COUNT, "request_count");
        fixed(MetricRef.Kind.REQUEST_RATE, "request_rate");
        fixed(MetricRef.Kind.ERROR_COUNT, "error_count");
        fixed(MetricRef.Kind.ERROR_RATE, "error_rate");
        fixed(MetricRef.Kind.TOKENS_IN, "tokens_in", "sum(tokens_in)");
        fixed(MetricRef.Kind.TOKENS_OUT, "tokens_out", "sum(tokens_out)");
        fixed(MetricRef.Kind.TOKENS_PER_REQUEST, "tokens_per_request", "token_usage");
        fixed(MetricRef.Kind.TOKEN_BURN_RATE, "token_burn_rate");
        fixed(MetricRef.Kind.TOKENS_SUM, "sum(tokens)");
        fixed(MetricRef.Kind.TOKENS_MAX, "max(tokens)");
        fixed(MetricRef.Kind.LATENCY_AVG, "latency_avg", "decision_latency_avg");
        fixed(MetricRef.Kind.LATENCY_MAX, "latency_max", "decision_latency_max", "max(latency_ms)");
        fixed(MetricRef.Kind.LATENCY_SUM, "sum(latency_ms)");
        fixed(MetricRef.Kind.COST_USD, "cost_usd", "sum(cost_usd)");
        fixed(MetricRef.Kind.COST_PER_CALL, "cost_per_call");
        fixed(MetricRef.Kind.COST_RATE, "cost_rate");
        fixed(MetricRef.Kind.COST_MAX, "max(cost_usd)");
        fixed(MetricRef.Kind.TOOL_CALLS, "tool_calls", "sum(tool_calls)");
        fixed(MetricRef.Kind.TOOL_SUCCESS_RATE, "tool_invocation_success_rate");
        fixed(MetricRef.Kind.RETRIES_SUM, "sum(retries)");
        fixed(MetricRef.Kind.RETRIES_PER_REQUEST, "retries_per_request");
        for (int p : PERCENTILES) {
            double q = p / 100.0;
            quantile(MetricRef.Kind.LATENCY_QUANTILE, q, "latency_p" + p, "decision_latency_p" + p, "p" + p + "(latency_ms)");
            quantile(MetricRef.Kind.TOKENS_QUANTILE, q, "p" + p + "(tokens)");
            quantile(MetricRef.Kind.COST_QUANTILE, q, "p" + p + "(cost_usd)");
        }
        TreeSet<String> known = new TreeSet<>(FIXED.keySet());
        known.add(CUSTOM_TEMPLATE);
        known.add("max(" + CUSTOM_TEMPLATE + ")");
        known.add("sum(" + CUSTOM_TEMPLATE + ")");
        KNOWN = Collections.unmodifiableSortedSet(known);
    }

    private Metrics() {
    }

    private static void fixed(MetricRef.Kind kind, String canonical, String... aliases) {
        quantile(kind, Double.NaN, canonical, aliases);
    }

    private static void quantile(MetricRef.Kind kind, double q, String canonical, String... aliases) {
        MetricRef ref = new MetricRef(canonical, kind, q, null);
        FIXED.put(canonical, ref);
        for (String alias : aliases) {
            FIXED.put(alias, ref);
        }
    }

    /**
     * Every accepted name and alias, sorted; {@code <name>} stands for any custom metric name.
     */
    public static SortedSet<String> knownNames() {
        return KNOWN;
    }

    /**
     * Resolves a metric name from rule text, once per rule.
     *
     * @throws UnknownMetricException with the nearest known name if {@code name} is not a metric
     */
    public static MetricRef resolve(String name) {
        if (name == null) {
            throw new UnknownMetricException("null", null, null);
        }
        String s = normalize(name);
        MetricRef ref = FIXED.get(s);
        if (ref != null) {
            return ref;
        }
        if (s.startsWith(CUSTOM_PREFIX)) {
            String custom = customName(s);
            if (custom != null) {
                return new MetricRef(s, MetricRef.Kind.CUSTOM_MEAN, Double.NaN, custom);
            }
            throw unknown(name, s, "a custom metric name must be non-empty, without blanks, parentheses or commas");
        }
        int open = s.indexOf('(');
        if (open > 0 && s.endsWith(")")) {
            String function = s.substring(0, open);
            String argument = s.substring(open + 1, s.length() - 1);
            String custom = argument.startsWith(CUSTOM_PREFIX) ? customName(argument) : null;
            if (custom != null && function.equals("max")) {
                return new MetricRef(s, MetricRef.Kind.CUSTOM_MAX, Double.NaN, custom);
            }
            if (custom != null && function.equals("sum")) {
                return new MetricRef(s, MetricRef.Kind.CUSTOM_SUM, Double.NaN, custom);
            }
            if (custom != null && isPercentile(function)) {
                throw unknown(name, s, "percentiles are kept for latency_ms, tokens and cost_usd, not custom metrics");
            }
        }
        throw unknown(name, s, null);
    }

    /** Strips blanks around the name and inside the parentheses of a function form. */
    private static String normalize(String name) {
        String s = name.strip();
        int open = s.indexOf('(');
        if (open > 0 && s.endsWith(")")) {
            s = s.substring(0, open).strip() + "(" + s.substring(open + 1, s.length() - 1).strip() + ")";
        }
        return s;
    }

    private static String customName(String prefixed) {
        String n = prefixed.substring(CUSTOM_PREFIX.length());
        if (n.isEmpty()) {
            return null;
        }
        for (int i = 0; i < n.length(); i++) {
            char c = n.charAt(i);
            if (Character.isWhitespace(c) || c == '(' || c == ')' || c == ',') {
                return null;
            }
        }
        return n;
    }

    private static boolean isPercentile(String function) {
        for (int p : PERCENTILES) {
            if (function.equals("p" + p)) {
                return true;
            }
        }
        return false;
    }

    private static UnknownMetricException unknown(String given, String normalized, String detail) {
        return new UnknownMetricException(given, nearest(normalized), detail);
    }

    /** Nearest known name by case-insensitive edit distance; a custom name with a mistyped prefix counts too. */
    static String nearest(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : KNOWN) {
            int d = EditDistance.between(lower, candidate);
            if (d < bestDistance) {
                best = candidate;
                bestDistance = d;
            }
        }
        int dot = name.indexOf('.');
        if (dot >= 0 && dot < name.length() - 1) { // "metric.score" -> "metrics.score"
            String candidate = CUSTOM_PREFIX + name.substring(dot + 1);
            if (customName(candidate) != null
                    && EditDistance.between(lower.substring(0, dot + 1), CUSTOM_PREFIX) < bestDistance) {
                best = candidate;
            }
        }
        return best;
    }
}
