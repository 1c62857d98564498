package dev.agentwatch.bench.traffic;

import java.util.Arrays;

/**
 * How arrivals are spread over a run's span of event time: a piecewise-constant intensity over equal buckets of the
 * span, taken from recorded traces (their busy and quiet stretches) or synthetic. Generated events take their
 * times from its inverse CDF, so they come out in time order.
 */
public final class ArrivalProfile {

    static final int BUCKETS = 360;

    private final double[] cumulative;
    private final String description;

    private ArrivalProfile(double[] intensity, String description) {
        this.cumulative = new double[intensity.length + 1];
        double total = Arrays.stream(intensity).sum();
        if (!(total > 0)) {
            throw new IllegalArgumentException("an arrival profile needs some intensity");
        }
        for (int i = 0; i < intensity.length; i++) {
            cumulative[i + 1] = cumulative[i] + intensity[i] / total;
        }
        cumulative[intensity.length] = 1.0;
        this.description = description;
    }

    /** Arrival counts of each trace per bucket, each trace stretched over the whole span and given its weight. */
    public static ArrivalProfile fromTraces(TraceRows[] traces, double[] weights) {
        double[] intensity = new double[BUCKETS];
        StringBuilder d = new StringBuilder("arrivals per ").append(BUCKETS).append("th of the span from");
        for (int t = 0; t < traces.length; t++) {
            TraceRows rows = traces[t];
            double[] counts = new double[BUCKETS];
            long span = rows.spanMs();
            for (long offset : rows.offsetMs()) {
                counts[(int) Math.min(BUCKETS - 1, offset * BUCKETS / span)]++;
            }
            for (int b = 0; b < BUCKETS; b++) {
                intensity[b] += weights[t] * counts[b] / rows.size();
            }
            d.append(t == 0 ? " " : " + ").append(rows.name());
        }
        return new ArrivalProfile(intensity, d.toString());
    }

    /** Without traces: a steady rate with one gentle +-30% swell over the span. */
    public static ArrivalProfile synthetic() {
        double[] intensity = new double[BUCKETS];
        for (int b = 0; b < BUCKETS; b++) {
            intensity[b] = 1.0 + 0.3 * Math.sin(2 * Math.PI * (b + 0.5) / BUCKETS);
        }
        return new ArrivalProfile(intensity, "synthetic steady rate with a +-30% swell");
    }

    /** The position in [0, 1) of the span at which a share {@code u} of all arrivals has happened. */
    public double positionOf(double u) {
        int idx = Arrays.binarySearch(cumulative, u);
        int b = idx >= 0 ? idx : -idx - 2;
        b = Math.max(0, Math.min(BUCKETS - 1, b));
        while (b < BUCKETS - 1 && cumulative[b + 1] <= u) {
            b++; // skip empty buckets
        }
        double width = cumulative[b + 1] - cumulative[b];
        double within = width > 0 ? (u - cumulative[b]) / width : 0;
        return Math.min(Math.nextDown(1.0), (b + Math.max(0, Math.min(1, within))) / BUCKETS);
    }

    public String describe() {
        return description;
    }
}
