package dev.agentwatch.baseline;

import dev.agentwatch.window.MetricRef;
import dev.agentwatch.window.SliceAggregate;

/**
 * Whether a metric is extensive: a count or sum that grows with the length of the window at a steady
 * rate (request_count, cost_usd, sum(...)), as opposed to means, ratios, rates, quantiles and maxima. A
 * bucket's value of an extensive metric is rescaled to the rule's window, so that the baseline of
 * request_count over 1 minute is requests per minute, not per 5-minute bucket.
 *
 * <p>Decided by probing rather than by name, so new catalogue metrics classify themselves: the same
 * traffic twice over twice the time doubles an extensive metric and leaves any other unchanged.
 */
final class MetricScaling {

    private static final long PROBE_MS = 60_000;

    private MetricScaling() {
    }

    static boolean isExtensive(MetricRef metric) {
        SliceAggregate once = probe(metric);
        SliceAggregate twice = probe(metric);
        twice.merge(probe(metric));
        double a = metric.valueOf(once, PROBE_MS);
        double b = metric.valueOf(twice, 2 * PROBE_MS);
        return a != 0 && Math.abs(b - 2 * a) <= 1e-9 * Math.abs(a);
    }

    /** Two events reporting every field (one failed), and the metric's custom value if it has one. */
    private static SliceAggregate probe(MetricRef metric) {
        SliceAggregate s = new SliceAggregate();
        s.add(1.0, true, 1_000, 200, 50, 800.0, 0.004, 3, 1, 1);
        s.add(1.0, false, 3_000, 600, 0, 2_400.0, 0.012, 1, 0, 0);
        String custom = metric.customMetricName();
        if (custom != null) {
            s.addCustomMetric(custom, 0.25, 1.0);
            s.addCustomMetric(custom, 0.75, 1.0);
        }
        return s;
    }
}
