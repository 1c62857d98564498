package dev.agentwatch.cli.alerts;

import dev.agentwatch.schema.AlertEvent;
import dev.agentwatch.sink.receivers.Numbers;

import java.util.Locale;

/** One alert as one human-readable line, numbers as the sink's console receiver writes them. */
public final class AlertLine {

    private AlertLine() {
    }

    public static String format(AlertEvent a) {
        StringBuilder line = new StringBuilder(160);
        line.append(a.getEvaluatedAt()).append(' ')
                .append(String.format(Locale.ROOT, "%-8s %-8s ", a.getStatus(), a.getSeverity()))
                .append(a.getAlert()).append(" agent=").append(a.getAgentId());
        if (a.getFleet() != null) {
            line.append(" fleet=").append(a.getFleet());
        }
        line.append(String.format(Locale.ROOT, " value=%s threshold=%s", Numbers.format(a.getValue()), Numbers.format(a.getThreshold())));
        if (a.getBaseline() != null) {
            line.append(" baseline=").append(Numbers.format(a.getBaseline()));
        }
        line.append(" window=").append(a.getWindowMs() / 1000).append('s')
                .append(" samples=").append(a.getSampleCount())
                .append(" rule_version=").append(a.getRuleVersion())
                .append(" fp=").append(a.getFingerprint());
        return line.toString();
    }
}
