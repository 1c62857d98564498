package dev.agentwatch.bench.traffic;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.random.RandomGenerator;

/**
 * The spreads agents get, one per agent. A service trace mixes many users, so resampling it per call would make each
 * agent vary as much as the whole service (log-sd 1.2 of prompt tokens in the Mooncake trace). One agent repeats one
 * task; the trace's conversations (calls sharing a prompt prefix) vary far less, and are what an agent is modelled on:
 * either every agent varies like the median conversation, or each like one conversation drawn from the trace.
 */
public final class CallSpreads {

    /**
     * Median log-sds of the Mooncake trace's 284 conversations of 5+ calls (prompt 0.177, completion 0.402), for when
     * the trace is absent.
     */
    static final CallSpread MEDIAN_CONVERSATION = new CallSpread(0.177, 0.402);

    /** Which spread agents get: every agent the median conversation's, or each agent one conversation's. */
    public enum Mode { MEDIAN, EACH }

    private final CallSpread[] spreads;
    private final String description;

    private CallSpreads(CallSpread[] spreads, String description) {
        if (spreads.length == 0) {
            throw new IllegalArgumentException("need at least one spread");
        }
        this.spreads = spreads;
        this.description = description;
    }

    public static CallSpreads of(Mode mode, List<CallSpread> conversations, String source) {
        return mode == Mode.EACH ? each(conversations, source) : median(conversations, source);
    }

    /** Every agent varies like the median of {@code conversations}. */
    public static CallSpreads median(List<CallSpread> conversations, String source) {
        CallSpread m = medianOf(conversations);
        return new CallSpreads(new CallSpread[] {m}, describe(m, "median of " + conversations.size() + " " + source));
    }

    /** Each agent varies like one of {@code conversations}, drawn at random. */
    public static CallSpreads each(List<CallSpread> conversations, String source) {
        return new CallSpreads(conversations.toArray(CallSpread[]::new),
                "each agent like one of " + conversations.size() + " " + source + " (median "
                + describe(medianOf(conversations), "") + ")");
    }

    /** Without the trace: every agent like the trace's median conversation, from its figures. */
    public static CallSpreads medianFigures() {
        return new CallSpreads(new CallSpread[] {MEDIAN_CONVERSATION},
                describe(MEDIAN_CONVERSATION, "the Mooncake median conversation's figures"));
    }

    public CallSpread pick(RandomGenerator random) {
        return spreads.length == 1 ? spreads[0] : spreads[random.nextInt(spreads.length)];
    }

    public String describe() {
        return description;
    }

    private static String describe(CallSpread s, String source) {
        return String.format(Locale.ROOT, "log-sd prompt %.3f, completion %.3f%s", s.logSdIn(), s.logSdOut(),
                source.isEmpty() ? "" : " (" + source + ")");
    }

    private static CallSpread medianOf(List<CallSpread> spreads) {
        return new CallSpread(median(spreads.stream().mapToDouble(CallSpread::logSdIn).toArray()),
                median(spreads.stream().mapToDouble(CallSpread::logSdOut).toArray()));
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }
}
