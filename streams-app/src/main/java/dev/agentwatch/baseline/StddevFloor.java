package dev.agentwatch.baseline;

import dev.agentwatch.window.MetricRef;

import java.util.HashMap;
import java.util.Map;

/**
 * The floor under a baseline's standard deviation, so that a flat or integer-valued history (stddev 0)
 * never makes a z-score infinite:
 *
 * <pre>  flooredStddev = max(stddev, absoluteFloor(metric, window), 0.01 * |mean|)</pre>
 *
 * <p>The absolute floor is one unit of the metric's natural resolution over the rule window: 1 event for
 * counts (request_count, error_count, tool_calls, sum(retries)); 1 event per window for event rates
 * (request_rate: 1000 / windowMs per s); 1 percentage point for fractions (error_rate,
 * tool_invocation_success_rate, retries_per_request: 0.01); 1 token for token amounts and 1 token per window
 * for token_burn_rate; 1 ms for latencies; 1e-6 USD for costs and 1e-6 USD per window for cost_rate (USD/h);
 * 0.01 for custom metrics, whose unit is unknown (typically scores in [0, 1]). The relative 1% floor keeps
 * z-scores of a flat series at "1 means a 1% change".
 */
final class StddevFloor {

    static final double RELATIVE = 0.01;
    static final double CUSTOM = 0.01;
    /** Only for a catalogue name missing from the table (a test keeps the table complete). */
    static final double UNKNOWN = 1e-9;

    private static final double MS_PER_SECOND = 1000.0;
    private static final double MS_PER_HOUR = 3_600_000.0;
    private static final double USD = 1e-6;

    /** Canonical name -> floor per window; the three rates are per window and converted to their unit. */
    private static final Map<String, Double> FIXED = new HashMap<>();

    static {
        for (String count : new String[] {"request_count", "error_count", "tool_calls", "sum(retries)"}) {
            FIXED.put(count, 1.0);
        }
        for (String fraction : new String[] {"error_rate", "tool_invocation_success_rate", "retries_per_request"}) {
            FIXED.put(fraction, 0.01);
        }
        for (String tokens : new String[] {"tokens_in", "tokens_out", "tokens_per_request", "sum(tokens)",
            "max(tokens)", "p50(tokens)", "p90(tokens)", "p95(tokens)", "p99(tokens)"}) {
            FIXED.put(tokens, 1.0);
        }
        for (String ms : new String[] {"latency_avg", "latency_max", "sum(latency_ms)", "latency_p50", "latency_p90",
            "latency_p95", "latency_p99"}) {
            FIXED.put(ms, 1.0);
        }
        for (String usd : new String[] {"cost_usd", "cost_per_call", "max(cost_usd)", "p50(cost_usd)",
            "p90(cost_usd)", "p95(cost_usd)", "p99(cost_usd)"}) {
            FIXED.put(usd, USD);
        }
    }

    private StddevFloor() {
    }

    static double absolute(MetricRef metric, long windowMs) {
        if (metric.customMetricName() != null) {
            return CUSTOM;
        }
        switch (metric.name()) {
            case "request_rate":
            case "token_burn_rate":
                return MS_PER_SECOND / windowMs; // one event (token) per window, per second
            case "cost_rate":
                return USD * MS_PER_HOUR / windowMs;
            default:
                return FIXED.getOrDefault(metric.name(), UNKNOWN);
        }
    }

    /** True if the metric has its own entry (for the test that keeps the table complete). */
    static boolean covers(MetricRef metric) {
        return metric.customMetricName() != null || FIXED.containsKey(metric.name())
                || metric.name().equals("request_rate") || metric.name().equals("token_burn_rate")
                || metric.name().equals("cost_rate");
    }

    static double apply(double stddev, double mean, double absoluteFloor) {
        return Math.max(Math.max(stddev, absoluteFloor), RELATIVE * Math.abs(mean));
    }
}
