package dev.agentwatch.rules;

import dev.agentwatch.config.Durations;

import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A rule as it applies to an agent: the rule itself, or the rule with one of its overrides applied. Holds
 * everything evaluation and the alert lifecycle need. Immutable and shared across agents and threads.
 */
public final class RuleVariant {

    static final String DEFAULT_SUMMARY = "{{rule}} on {{agent}}: value {{value}}, threshold {{threshold}} ({{condition}})";

    private final String ruleName;
    private final int overrideIndex;
    private final Condition condition;
    private final Severity severity;
    private final long holdMs;
    private final long keepFiringForMs;
    private final int minSamples;
    private final NoDataPolicy noData;
    private final Map<String, String> labels;
    private final Map<String, AnnotationTemplate> annotations;
    private final Duration baselineMinHistory;

    RuleVariant(String ruleName, int overrideIndex, Condition condition, Severity severity, long holdMs,
            long keepFiringForMs, int minSamples, NoDataPolicy noData, Map<String, String> labels,
            Map<String, AnnotationTemplate> annotations, Duration baselineMinHistory) {
        this.ruleName = ruleName;
        this.overrideIndex = overrideIndex;
        this.condition = condition;
        this.severity = severity;
        this.holdMs = holdMs;
        this.keepFiringForMs = keepFiringForMs;
        this.minSamples = minSamples;
        this.noData = noData;
        this.labels = Collections.unmodifiableMap(new LinkedHashMap<>(labels));
        Map<String, AnnotationTemplate> a = new LinkedHashMap<>(annotations);
        a.putIfAbsent("summary", AnnotationTemplate.parseTrusted(DEFAULT_SUMMARY));
        this.annotations = Collections.unmodifiableMap(a);
        this.baselineMinHistory = baselineMinHistory;
    }

    /** Evaluates the condition for one agent whose alert is not firing; see {@link #evaluate(RuleInputs, boolean, RuleEvaluation)}. */
    public void evaluate(RuleInputs in, RuleEvaluation out) {
        evaluate(in, false, out);
    }

    /**
     * Evaluates the condition for one agent, with every value an alert event reports; allocates nothing.
     * {@code min_samples} gates the start of an alert, not its end: for a {@code firing} alert any sample is
     * enough, so one minute of thin traffic neither resolves an alert whose condition still holds (to fire it
     * again a minute later) nor keeps one whose condition no longer does.
     */
    public void evaluate(RuleInputs in, boolean firing, RuleEvaluation out) {
        condition.evaluate(in, samplesNeeded(firing), baselineMinHistory, true, out);
    }

    /**
     * The status {@link #evaluate} would give, with values only where they decided it: below
     * {@code min_samples} (most agents at most evaluations) value, threshold and baseline are left NaN unread.
     * For the per-interval sweep; {@link #evaluate} again when an event must describe the result.
     */
    public void evaluateStatus(RuleInputs in, boolean firing, RuleEvaluation out) {
        condition.evaluate(in, samplesNeeded(firing), baselineMinHistory, false, out);
    }

    private int samplesNeeded(boolean firing) {
        return firing ? Math.min(1, minSamples) : minSamples;
    }

    public String ruleName() {
        return ruleName;
    }

    /** Index of the override in the rule's {@code overrides}, or -1 for the rule itself. */
    public int overrideIndex() {
        return overrideIndex;
    }

    public Condition condition() {
        return condition;
    }

    public long windowMs() {
        return condition.windowMs();
    }

    public Severity severity() {
        return severity;
    }

    /** Prometheus {@code for}: how long the condition must hold before the alert fires. */
    public long holdMs() {
        return holdMs;
    }

    public long keepFiringForMs() {
        return keepFiringForMs;
    }

    public int minSamples() {
        return minSamples;
    }

    public NoDataPolicy noData() {
        return noData;
    }

    public Duration baselineMinHistory() {
        return baselineMinHistory;
    }

    /** Static labels of the rule (defaults, rule, override merged). */
    public Map<String, String> labels() {
        return labels;
    }

    /** Annotation names and their template text; {@code summary} always present (a default if not written). */
    public Map<String, String> annotationTemplates() {
        Map<String, String> out = new LinkedHashMap<>();
        annotations.forEach((k, v) -> out.put(k, v.source()));
        return out;
    }

    /**
     * The annotations rendered for an alert of {@code agent} with the values of {@code evaluation}: values in
     * the unit of the metric (5.2%, 30.5s, $0.50), "n/a" where undefined. Called on transitions only.
     */
    public Map<String, String> annotations(AgentIdentity agent, RuleEvaluation evaluation) {
        EnumMap<AnnotationTemplate.Placeholder, String> values = new EnumMap<>(AnnotationTemplate.Placeholder.class);
        values.put(AnnotationTemplate.Placeholder.AGENT, agent.agentId());
        values.put(AnnotationTemplate.Placeholder.FLEET, agent.fleet() == null ? "" : agent.fleet());
        values.put(AnnotationTemplate.Placeholder.RULE, ruleName);
        values.put(AnnotationTemplate.Placeholder.SEVERITY, severity.name());
        values.put(AnnotationTemplate.Placeholder.CONDITION, condition.text());
        values.put(AnnotationTemplate.Placeholder.WINDOW, Durations.format(Duration.ofMillis(condition.windowMs())));
        values.put(AnnotationTemplate.Placeholder.VALUE, ValueFormat.format(evaluation.value(), condition.valueDimension()));
        values.put(AnnotationTemplate.Placeholder.THRESHOLD,
                ValueFormat.format(evaluation.threshold(), condition.valueDimension()));
        values.put(AnnotationTemplate.Placeholder.BASELINE,
                ValueFormat.format(evaluation.baseline(), condition.baselineDimension()));
        Map<String, String> out = new LinkedHashMap<>();
        annotations.forEach((k, t) -> out.put(k, t.render(values)));
        return out;
    }

    @Override
    public String toString() {
        return ruleName + (overrideIndex >= 0 ? "[override " + overrideIndex + "]" : "") + ": " + condition.text();
    }
}
