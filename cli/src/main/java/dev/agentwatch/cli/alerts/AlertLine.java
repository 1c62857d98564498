package dev.agentwatch.cli.alerts;

import dev.agentwatch.schema.AlertEvent;

import java.time.Instant;
import java.util.Locale;

/** One alert as one human-readable line, the same for FIRING and RESOLVED so that they line up. */
public final class AlertLine {

    private AlertLine() {
    }

    public static String format(AlertEvent a) {
        StringBuilder line = new StringBuilder(160);
        line.append(Instant.ofEpochMilli(a.getEvaluatedAt().toEpochMilli())).append(' ')
                .append(String.format(Locale.ROOT, "%-8s %-8s ", a.getStatus(), a.getSeverity()))
                .append(a.getAlert()).append(" agent=").append(a.getAgentId());
        if (a.getFleet() != null) {
            line.append(" fleet=").append(a.getFleet());
        }
        line.append(String.format(Locale.ROOT, " value=%s threshold=%s", number(a.getValue()), number(a.getThreshold())));
        if (a.getBaseline() != null) {
            line.append(" baseline=").append(number(a.getBaseline()));
        }
        line.append(" window=").append(a.getWindowMs() / 1000).append('s')
                .append(" samples=").append(a.getSampleCount())
                .append(" rule_version=").append(a.getRuleVersion())
                .append(" fp=").append(a.getFingerprint());
        return line.toString();
    }

    private static String number(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return String.format(Locale.ROOT, "%.4g", v);
    }
}
