package dev.agentwatch.fleet;

import java.util.ArrayList;
import java.util.List;

/**
 * One agent's last hour in one-minute points, each the fleet view's 1-minute window as last published within that
 * minute of event time. Kept in memory by the instance that owns the agent (about 1.7 KB per agent: 60 points of
 * one time and six floats); it starts afresh on the instance a partition moves to. Written by the owning stream
 * thread about once a second, read by HTTP threads: one monitor per agent, never contended for long.
 */
public final class AgentHistory {

    /** Points kept: one hour of minutes. */
    public static final int POINTS = 60;
    static final long STEP_MS = 60_000L;
    private static final int FIELDS = 6;

    /** One point: the window ending at {@code atMs}. Rates per second, cost per hour, latency in ms; NaN unknown. */
    public record Point(long atMs, double requestRate, double tokensPerRequest, double tokensPerRequestBaseline,
                        double latencyP95, double errorRate, double costPerHour) {
    }

    private final long[] minute = new long[POINTS];
    private final long[] at = new long[POINTS];
    private final float[] values = new float[POINTS * FIELDS];

    AgentHistory() {
        java.util.Arrays.fill(minute, Long.MIN_VALUE);
    }

    synchronized void record(AgentSnapshot s) {
        long m = Math.floorDiv(s.asOfMs(), STEP_MS);
        int i = (int) Math.floorMod(m, POINTS);
        minute[i] = m;
        at[i] = s.asOfMs();
        int o = i * FIELDS;
        values[o] = (float) s.requestRate();
        values[o + 1] = (float) s.tokensPerRequest();
        values[o + 2] = (float) s.tokensPerRequestBaseline();
        values[o + 3] = (float) s.latencyP95();
        values[o + 4] = (float) s.errorRate();
        values[o + 5] = (float) s.costPerHour();
    }

    /** The points of the hour before {@code nowMs} (event time), oldest first. */
    public synchronized List<Point> lastHour(long nowMs) {
        long newest = Math.floorDiv(nowMs, STEP_MS);
        List<Point> out = new ArrayList<>(POINTS);
        for (long m = newest - POINTS + 1; m <= newest; m++) {
            int i = (int) Math.floorMod(m, POINTS);
            if (minute[i] == m) {
                int o = i * FIELDS;
                out.add(new Point(at[i], values[o], values[o + 1], values[o + 2], values[o + 3], values[o + 4], values[o + 5]));
            }
        }
        return out;
    }
}
