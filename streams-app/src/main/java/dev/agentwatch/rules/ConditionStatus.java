package dev.agentwatch.rules;

/** The outcome of evaluating a rule's condition for one agent. */
public enum ConditionStatus {
    /** The comparison holds. */
    TRUE,
    /** The comparison does not hold. */
    FALSE,
    /** No events in the window (below min_samples), or a value is NaN: handled by the rule's {@code no_data}. */
    NO_DATA,
    /**
     * Some events, fewer than {@code min_samples}: too little evidence to start an alert, treated as false. A
     * firing alert is not held to {@code min_samples} (see {@link RuleVariant#evaluate(RuleInputs, boolean, RuleEvaluation)}).
     */
    TOO_FEW_SAMPLES,
    /** A baseline the rule reads has less than {@code baseline_min_history}: the rule stays silent (false). */
    BASELINE_NOT_READY
}
