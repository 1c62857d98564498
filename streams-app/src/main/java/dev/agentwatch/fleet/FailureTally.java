package dev.agentwatch.fleet;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One agent's failed calls of the last hour by ({@code error_type}, {@code operation}, {@code model}), in
 * 5-minute buckets of event time, weighted as every count is (1/sample_rate): the dashboard's error patterns.
 * Only agents that fail have one. At most {@link #KEYS} combinations are told apart; further ones count together under
 * {@code error_type} "(other)". Stream thread only; snapshots carry a copy. In memory: it starts afresh on the
 * instance a partition moves to.
 */
final class FailureTally {

    static final int KEYS = 16;
    private static final int BUCKETS = 12;
    private static final long BUCKET_MS = 5 * 60_000L;
    static final String OTHER = "(other)";

    /** One combination's failures over the last hour. */
    record Key(String errorType, String operation, String model) {
    }

    private final long[] bucketIds = new long[BUCKETS];
    private final Map<Key, double[]> counts = new LinkedHashMap<>();

    FailureTally() {
        Arrays.fill(bucketIds, Long.MIN_VALUE);
    }

    void add(String errorType, String operation, String model, long timestampMs, double weight) {
        long id = Math.floorDiv(timestampMs, BUCKET_MS);
        int slot = (int) Math.floorMod(id, BUCKETS);
        if (bucketIds[slot] != id) {
            if (bucketIds[slot] > id) {
                return; // older than the hour the slot now holds
            }
            bucketIds[slot] = id;
            for (double[] c : counts.values()) {
                c[slot] = 0;
            }
        }
        Key key = new Key(errorType, operation, model);
        double[] c = counts.get(key);
        if (c == null) {
            if (counts.size() >= KEYS) {
                key = new Key(OTHER, null, null);
                c = counts.get(key);
            }
            if (c == null) {
                c = new double[BUCKETS];
                counts.put(key, c);
            }
        }
        c[slot] += weight;
    }

    /** The failures of the hour up to {@code nowMs}, most first; combinations with none left out. */
    List<ErrorPattern> lastHour(long nowMs) {
        long newest = Math.floorDiv(nowMs, BUCKET_MS);
        List<ErrorPattern> out = new ArrayList<>();
        for (Map.Entry<Key, double[]> e : counts.entrySet()) {
            double sum = 0;
            for (int s = 0; s < BUCKETS; s++) {
                if (bucketIds[s] > newest - BUCKETS && bucketIds[s] <= newest) {
                    sum += e.getValue()[s];
                }
            }
            if (sum > 0) {
                Key k = e.getKey();
                out.add(new ErrorPattern(k.errorType(), k.operation(), k.model(), sum));
            }
        }
        out.sort((a, b) -> Double.compare(b.count(), a.count()));
        return List.copyOf(out);
    }

    /** Combinations whose every bucket is outside the hour are dropped, so a tally does not grow with old types. */
    boolean prune(long nowMs) {
        long newest = Math.floorDiv(nowMs, BUCKET_MS);
        counts.entrySet().removeIf(e -> {
            for (int s = 0; s < BUCKETS; s++) {
                if (e.getValue()[s] > 0 && bucketIds[s] > newest - BUCKETS) {
                    return false;
                }
            }
            return true;
        });
        return counts.isEmpty();
    }
}
