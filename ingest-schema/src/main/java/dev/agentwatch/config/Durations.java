package dev.agentwatch.config;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as people write them in rules and config: {@code 500ms}, {@code 10s}, {@code 5min}, {@code 5m}, {@code 2h}, {@code 30d}, {@code 1w}. */
public final class Durations {

    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|sec|m|min|h|d|w)");

    private Durations() {
    }

    /** Parses one duration; throws IllegalArgumentException with the accepted forms when it is not one. */
    public static Duration parse(String text) {
        Matcher m = DURATION.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("expected a duration such as 500ms, 10s, 5min, 2h, 30d; got '" + text + "'");
        }
        double amount = Double.parseDouble(m.group(1));
        long unitMs = unitMillis(m.group(2));
        return Duration.ofMillis(Math.round(amount * unitMs));
    }

    /** Milliseconds in one of the unit words above, or -1 when it is not a duration unit. */
    public static long unitMillis(String unit) {
        return switch (unit) {
            case "ms" -> 1L;
            case "s", "sec" -> 1_000L;
            case "m", "min" -> 60_000L;
            case "h" -> 3_600_000L;
            case "d" -> 86_400_000L;
            case "w" -> 7 * 86_400_000L;
            default -> -1L;
        };
    }

    /** The shortest exact form, e.g. 300000 ms -> "5min", for messages and alert annotations. */
    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms != 0 && ms % 86_400_000L == 0) return ms / 86_400_000L + "d";
        if (ms != 0 && ms % 3_600_000L == 0) return ms / 3_600_000L + "h";
        if (ms != 0 && ms % 60_000L == 0) return ms / 60_000L + "min";
        if (ms != 0 && ms % 1_000L == 0) return ms / 1_000L + "s";
        return ms + "ms";
    }
}
