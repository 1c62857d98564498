package dev.agentwatch.window;

/**
 * A resolved per-agent window metric: obtained once per rule from {@link Metrics#resolve}, then evaluated
 * against window aggregates with no string work, allocation or boxing.
 *
 * <p>Values are NaN when undefined: a mean or ratio with a zero denominator (no requests, no requests that
 * reported the field, no audited tool calls), a quantile or max of nothing, and a sum of an optional field
 * (tokens, latency, cost, tool calls, retries, custom metrics) that no event in the window reported.
 * {@code request_count}, {@code error_count} and {@code request_rate} are 0 for an empty window. Rates
 * are NaN for a non-positive window length.
 */
public final class MetricRef {

    enum Kind {
        REQUEST_COUNT, REQUEST_RATE, ERROR_COUNT, ERROR_RATE,
        TOKENS_IN, TOKENS_OUT, TOKENS_SUM, TOKENS_PER_REQUEST, TOKEN_BURN_RATE, TOKENS_QUANTILE, TOKENS_MAX,
        LATENCY_AVG, LATENCY_SUM, LATENCY_QUANTILE, LATENCY_MAX,
        COST_USD, COST_PER_CALL, COST_RATE, COST_QUANTILE, COST_MAX,
        TOOL_CALLS, TOOL_SUCCESS_RATE, RETRIES_SUM, RETRIES_PER_REQUEST,
        CUSTOM_MEAN, CUSTOM_SUM, CUSTOM_MAX
    }

    private static final double MS_PER_SECOND = 1000.0;
    private static final double MS_PER_HOUR = 3_600_000.0;

    private final String name;
    private final Kind kind;
    private final double quantile;
    private final String customName;

    MetricRef(String name, Kind kind, double quantile, String customName) {
        this.name = name;
        this.kind = kind;
        this.quantile = quantile;
        this.customName = customName == null ? null : customName.intern(); // matches CustomMetrics by identity
    }

    /** Canonical name: aliases resolve to one name (token_usage to tokens_per_request, ...). */
    public String name() {
        return name;
    }

    /**
     * True if the value depends on maxima, which a running window cannot subtract: before evaluating, the
     * caller must recompute them ({@link SliceAggregate#resetMaxima()} and {@link SliceAggregate#mergeMaxima}).
     */
    public boolean needsMaxima() {
        return kind == Kind.LATENCY_MAX || kind == Kind.TOKENS_MAX || kind == Kind.COST_MAX || kind == Kind.CUSTOM_MAX;
    }

    /** The custom metric's name for {@code metrics.<name>}, {@code max(metrics.<name>)}, ...; else null. */
    public String customMetricName() {
        return customName;
    }

    /** The metric's value over {@code window}, an aggregate of {@code windowMs} milliseconds of events. */
    public double valueOf(SliceAggregate w, long windowMs) {
        switch (kind) {
            case REQUEST_COUNT:
                return w.requests();
            case REQUEST_RATE:
                return perSecond(w.requests(), windowMs);
            case ERROR_COUNT:
                return w.errors();
            case ERROR_RATE:
                return w.requests() > 0 ? Math.min(1.0, w.errors() / w.requests()) : Double.NaN;
            case TOKENS_IN:
                return w.tokensCount() > 0 ? w.tokensIn() : Double.NaN;
            case TOKENS_OUT:
                return w.tokensCount() > 0 ? w.tokensOut() : Double.NaN;
            case TOKENS_SUM:
                return w.tokensCount() > 0 ? w.tokensIn() + w.tokensOut() : Double.NaN;
            case TOKENS_PER_REQUEST:
                return w.tokensWeight() > 0 ? (w.tokensIn() + w.tokensOut()) / w.tokensWeight() : Double.NaN;
            case TOKEN_BURN_RATE:
                return w.tokensCount() > 0 ? perSecond(w.tokensIn() + w.tokensOut(), windowMs) : Double.NaN;
            case TOKENS_QUANTILE:
                return w.tokensSketch().quantile(quantile);
            case TOKENS_MAX:
                return w.tokensCount() > 0 ? w.tokensMax() : Double.NaN;
            case LATENCY_AVG:
                return w.latencyWeight() > 0 ? w.latencySum() / w.latencyWeight() : Double.NaN;
            case LATENCY_SUM:
                return w.latencyCount() > 0 ? w.latencySum() : Double.NaN;
            case LATENCY_QUANTILE:
                return w.latencySketch().quantile(quantile);
            case LATENCY_MAX:
                return w.latencyCount() > 0 ? w.latencyMax() : Double.NaN;
            case COST_USD:
                return w.costCount() > 0 ? w.costSum() : Double.NaN;
            case COST_PER_CALL:
                return w.costWeight() > 0 ? w.costSum() / w.costWeight() : Double.NaN;
            case COST_RATE:
                return w.costCount() > 0 && windowMs > 0 ? w.costSum() * MS_PER_HOUR / windowMs : Double.NaN;
            case COST_QUANTILE:
                return w.costSketch().quantile(quantile);
            case COST_MAX:
                return w.costCount() > 0 ? w.costMax() : Double.NaN;
            case TOOL_CALLS:
                return w.toolCount() > 0 ? w.toolCalls() : Double.NaN;
            case TOOL_SUCCESS_RATE:
                return w.toolCallsAudited() > 0
                        ? Math.max(0.0, 1.0 - w.toolFailures() / w.toolCallsAudited()) : Double.NaN;
            case RETRIES_SUM:
                return w.retriesCount() > 0 ? w.retries() : Double.NaN;
            case RETRIES_PER_REQUEST:
                return w.retriesWeight() > 0 ? w.retries() / w.retriesWeight() : Double.NaN;
            case CUSTOM_MEAN: {
                CustomMetrics c = w.customMetrics();
                int i = c.indexOf(customName);
                return i >= 0 ? c.mean(i) : Double.NaN;
            }
            case CUSTOM_SUM: {
                CustomMetrics c = w.customMetrics();
                int i = c.indexOf(customName);
                return i >= 0 ? c.sum(i) : Double.NaN;
            }
            case CUSTOM_MAX: {
                CustomMetrics c = w.customMetrics();
                int i = c.indexOf(customName);
                return i >= 0 ? c.max(i) : Double.NaN;
            }
            default:
                throw new AssertionError(kind);
        }
    }

    private static double perSecond(double amount, long windowMs) {
        return windowMs > 0 ? amount * MS_PER_SECOND / windowMs : Double.NaN;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MetricRef && ((MetricRef) o).name.equals(name);
    }

    @Override
    public int hashCode() {
        return name.hashCode();
    }

    @Override
    public String toString() {
        return name;
    }
}
