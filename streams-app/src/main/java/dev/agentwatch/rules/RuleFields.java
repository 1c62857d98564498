package dev.agentwatch.rules;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The settings a rule may take from {@code defaults:}, set itself and change in an override. Null means
 * "not set here"; {@link #over} layers one set on another (maps merge key by key).
 */
final class RuleFields {

    static final Severity DEFAULT_SEVERITY = Severity.WARNING;
    static final int DEFAULT_MIN_SAMPLES = 20;

    Severity severity;
    Long holdMs;
    Long keepFiringForMs;
    Integer minSamples;
    NoDataPolicy noData;
    Map<String, FieldMatch> match;
    Map<String, String> labels;
    Map<String, AnnotationTemplate> annotations;

    /** These fields, with anything unset here taken from {@code base}. */
    RuleFields over(RuleFields base) {
        RuleFields out = new RuleFields();
        out.severity = severity != null ? severity : base.severity;
        out.holdMs = holdMs != null ? holdMs : base.holdMs;
        out.keepFiringForMs = keepFiringForMs != null ? keepFiringForMs : base.keepFiringForMs;
        out.minSamples = minSamples != null ? minSamples : base.minSamples;
        out.noData = noData != null ? noData : base.noData;
        out.match = merge(base.match, match);
        out.labels = merge(base.labels, labels);
        out.annotations = merge(base.annotations, annotations);
        return out;
    }

    /** The built-in defaults under everything. */
    static RuleFields builtIn() {
        RuleFields f = new RuleFields();
        f.severity = DEFAULT_SEVERITY;
        f.holdMs = 0L;
        f.keepFiringForMs = 0L;
        f.minSamples = DEFAULT_MIN_SAMPLES;
        f.noData = NoDataPolicy.OK;
        f.match = Map.of();
        f.labels = Map.of();
        f.annotations = Map.of();
        return f;
    }

    private static <V> Map<String, V> merge(Map<String, V> base, Map<String, V> top) {
        if (top == null) {
            return base;
        }
        if (base == null) {
            return top;
        }
        Map<String, V> out = new LinkedHashMap<>(base);
        out.putAll(top);
        return out;
    }
}
