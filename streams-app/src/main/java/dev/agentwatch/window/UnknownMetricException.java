package dev.agentwatch.window;

/** A metric name that {@link Metrics#resolve} does not know, with the nearest known name for "did you mean". */
public final class UnknownMetricException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String metricName;
    private final String suggestion;

    UnknownMetricException(String metricName, String suggestion, String detail) {
        super("unknown metric '" + metricName + "'" + (detail == null ? "" : " (" + detail + ")")
                + (suggestion == null ? "" : "; did you mean '" + suggestion + "'?"));
        this.metricName = metricName;
        this.suggestion = suggestion;
    }

    /** The name as given. */
    public String metricName() {
        return metricName;
    }

    /** The nearest known name by edit distance, or null if there is none. */
    public String suggestion() {
        return suggestion;
    }
}
