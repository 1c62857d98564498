package dev.agentwatch.alerting;

import java.util.List;
import java.util.Map;

/**
 * A pending or firing alert as the fleet view shows it: what the alert event would say if it were written now
 * (value, threshold, baseline and the newest events behind them, evaluated over the agent's current windows).
 *
 * @param state          {@code pending} or {@code firing}
 * @param activeSinceMs  when the condition started holding (event time)
 * @param firingSinceMs  when it fired ({@code starts_at}); absent while pending
 * @param baseline       NaN when the rule reads none
 */
public record ActiveAlert(
        String fingerprint,
        String alert,
        String agentId,
        String severity,
        String state,
        long activeSinceMs,
        Long firingSinceMs,
        String condition,
        double value,
        double threshold,
        double baseline,
        long windowMs,
        long sampleCount,
        Map<String, String> labels,
        Map<String, String> annotations,
        List<String> eventIds,
        List<String> traceIds,
        long evaluatedAtMs) {

    public static final String PENDING = "pending";
    public static final String FIRING = "firing";

    public boolean firing() {
        return FIRING.equals(state);
    }
}
