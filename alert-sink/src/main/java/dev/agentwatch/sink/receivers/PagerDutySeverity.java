package dev.agentwatch.sink.receivers;

import java.util.Locale;

/**
 * Our severities to the four PagerDuty knows. Rules say CRITICAL / WARNING (or lower case); common synonyms
 * are mapped too, and anything unknown becomes {@code warning}: loud enough to be seen, not a page at night.
 */
public final class PagerDutySeverity {

    private PagerDutySeverity() {
    }

    public static String of(String severity) {
        String s = severity == null ? "" : severity.strip().toLowerCase(Locale.ROOT);
        return switch (s) {
            case "critical", "crit", "fatal", "emergency", "page", "p1" -> "critical";
            case "error", "err", "high", "major", "p2" -> "error";
            case "info", "informational", "low", "none", "notice", "p4", "p5" -> "info";
            default -> "warning";
        };
    }
}
