package dev.agentwatch.sampling;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A {@code sampling:} policy: the fraction of each decision class's events a producer sends. A class the policy
 * does not name, and an event without {@code request_type}, is sent whole (fraction 1): sampling only ever
 * thins what the rule file's author chose to thin.
 */
public final class SamplingPolicy {

    /** No {@code sampling:} block: everything is sent. */
    public static final SamplingPolicy NONE = new SamplingPolicy(Map.of());

    private final Map<String, Double> fractions;

    private SamplingPolicy(Map<String, Double> fractions) {
        this.fractions = fractions;
    }

    /**
     * @param asWritten class name as written in the rule file (plural or singular) -> fraction in [0, 1]
     * @throws IllegalArgumentException for a fraction outside [0, 1], or two names of one class
     */
    public static SamplingPolicy of(Map<String, Double> asWritten) {
        Map<String, Double> byClass = new LinkedHashMap<>();
        for (Map.Entry<String, Double> e : asWritten.entrySet()) {
            double f = e.getValue();
            if (!(f >= 0 && f <= 1)) {
                throw new IllegalArgumentException("sampling." + e.getKey() + ": " + f + " is not a fraction in [0, 1]");
            }
            Double before = byClass.put(DecisionClass.normalize(e.getKey()), f);
            if (before != null) {
                throw new IllegalArgumentException("sampling." + e.getKey() + ": names the class '"
                        + DecisionClass.normalize(e.getKey()) + "' a second time");
            }
        }
        return byClass.isEmpty() ? NONE : new SamplingPolicy(Map.copyOf(byClass));
    }

    /** The fraction of events of this {@code request_type} that are sent. */
    public double fractionFor(String requestType) {
        if (requestType == null || fractions.isEmpty()) {
            return 1.0;
        }
        Double f = fractions.get(DecisionClass.normalize(requestType));
        return f == null ? 1.0 : f;
    }

    /** Normalized class -> fraction. */
    public Map<String, Double> fractions() {
        return fractions;
    }

    /**
     * A fraction as a rule file writes it: {@code 10%} or {@code 0.1}.
     *
     * @return the fraction in [0, 1], or null when the text is not one
     */
    public static Double parseFraction(String text) {
        if (text == null) {
            return null;
        }
        String s = text.strip();
        try {
            double f = s.endsWith("%") ? Double.parseDouble(s.substring(0, s.length() - 1).strip()) / 100
                    : Double.parseDouble(s);
            return f >= 0 && f <= 1 ? f : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SamplingPolicy p && p.fractions.equals(fractions);
    }

    @Override
    public int hashCode() {
        return fractions.hashCode();
    }

    @Override
    public String toString() {
        return fractions.isEmpty() ? "no sampling" : fractions.toString();
    }
}
