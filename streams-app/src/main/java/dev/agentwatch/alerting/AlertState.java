package dev.agentwatch.alerting;

import dev.agentwatch.rules.ConditionStatus;
import dev.agentwatch.rules.NoDataPolicy;
import dev.agentwatch.rules.RuleVariant;

/**
 * The lifecycle of one alert, per (rule, agent), as one explicit state machine in the manner of Prometheus:
 *
 * <pre>
 *   INACTIVE --true--> PENDING --true for hold--> FIRING --false for keep_firing_for--> INACTIVE
 *       ^                 |                         (emits FIRING once)          (emits RESOLVED once)
 *       +-----false-------+
 * </pre>
 *
 * With {@code hold} 0 a true condition fires in the same step. While FIRING, a false condition starts the
 * {@code keep_firing_for} clock; a true one before it runs out stops the clock and the same alert goes on
 * (no new FIRING). Inputs: {@link ConditionStatus#TRUE} is true; FALSE, TOO_FEW_SAMPLES ({@code min_samples},
 * which a firing alert is not held to: see {@link dev.agentwatch.rules.RuleVariant#evaluate}) and
 * BASELINE_NOT_READY are false; NO_DATA follows the rule's {@code no_data}: {@code ok} = false,
 * {@code alerting} = true, {@code keep_last} = no change at all (timers are time stamps, so a pending alert
 * whose condition is true again after the gap may fire at once).
 *
 * <p>Mutable and allocation-free; one instance per (rule, agent), persisted with {@link AlertStateCodec}.
 * Stepping with a time earlier than a recorded one is harmless (elapsed time counts as not yet reached).
 */
public final class AlertState {

    public enum Phase { INACTIVE, PENDING, FIRING }

    /** An unset time stamp. */
    public static final long NONE = Long.MIN_VALUE;

    Phase phase = Phase.INACTIVE;
    long activeSince = NONE;
    long firedAt = NONE;
    long clearedAt = NONE;
    long resolvedAt = NONE;

    public Transition step(long nowMs, ConditionStatus status, RuleVariant rule) {
        return step(nowMs, status, rule.holdMs(), rule.keepFiringForMs(), rule.noData());
    }

    public Transition step(long nowMs, ConditionStatus status, long holdMs, long keepFiringForMs, NoDataPolicy noData) {
        if (status == ConditionStatus.NO_DATA && noData == NoDataPolicy.KEEP_LAST) {
            return Transition.NONE;
        }
        boolean holds = status == ConditionStatus.TRUE
                || (status == ConditionStatus.NO_DATA && noData == NoDataPolicy.ALERTING);
        switch (phase) {
            case INACTIVE:
                if (!holds) {
                    return Transition.NONE;
                }
                activeSince = nowMs;
                if (holdMs <= 0) {
                    return fire(nowMs);
                }
                phase = Phase.PENDING;
                return Transition.NONE;
            case PENDING:
                if (!holds) {
                    phase = Phase.INACTIVE;
                    activeSince = NONE;
                    return Transition.NONE;
                }
                return nowMs - activeSince >= holdMs ? fire(nowMs) : Transition.NONE;
            default: // FIRING
                if (holds) {
                    clearedAt = NONE;
                    return Transition.NONE;
                }
                if (clearedAt == NONE) {
                    clearedAt = nowMs;
                }
                if (nowMs - clearedAt < keepFiringForMs) {
                    return Transition.NONE;
                }
                phase = Phase.INACTIVE;
                resolvedAt = nowMs;
                activeSince = NONE;
                clearedAt = NONE;
                return Transition.RESOLVED;
        }
    }

    /**
     * The rule behind this alert was removed (or no longer matches the agent): a firing alert resolves now,
     * a pending one is dropped.
     */
    public Transition retire(long nowMs) {
        Phase was = phase;
        phase = Phase.INACTIVE;
        activeSince = NONE;
        clearedAt = NONE;
        if (was != Phase.FIRING) {
            return Transition.NONE;
        }
        resolvedAt = nowMs;
        return Transition.RESOLVED;
    }

    /** Back to a fresh INACTIVE state (for reuse as a scratch state). */
    void reset() {
        phase = Phase.INACTIVE;
        activeSince = NONE;
        firedAt = NONE;
        clearedAt = NONE;
        resolvedAt = NONE;
    }

    void copyFrom(AlertState o) {
        phase = o.phase;
        activeSince = o.activeSince;
        firedAt = o.firedAt;
        clearedAt = o.clearedAt;
        resolvedAt = o.resolvedAt;
    }

    private Transition fire(long nowMs) {
        phase = Phase.FIRING;
        firedAt = nowMs;
        clearedAt = NONE;
        resolvedAt = NONE;
        return Transition.FIRING;
    }

    public Phase phase() {
        return phase;
    }

    /** When the condition started holding (PENDING or FIRING), else {@link #NONE}. */
    public long activeSince() {
        return activeSince;
    }

    /** {@code starts_at}: when the current or last alert fired; {@link #NONE} if none yet. */
    public long startsAt() {
        return firedAt;
    }

    /** {@code ends_at}: when the last alert resolved; {@link #NONE} while it fires or before any. */
    public long endsAt() {
        return resolvedAt;
    }

    /** While FIRING: when the condition stopped holding (the keep_firing_for clock), else {@link #NONE}. */
    public long clearedAt() {
        return clearedAt;
    }

    /**
     * True when nothing is pending or firing: once its RESOLVED (if any) is published, the store can delete
     * the state, as a new alert starts from a fresh INACTIVE anyway.
     */
    public boolean isIdle() {
        return phase == Phase.INACTIVE;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AlertState s && s.phase == phase && s.activeSince == activeSince && s.firedAt == firedAt
                && s.clearedAt == clearedAt && s.resolvedAt == resolvedAt;
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(phase, activeSince, firedAt, clearedAt, resolvedAt);
    }

    @Override
    public String toString() {
        return phase + "{activeSince=" + activeSince + ", firedAt=" + firedAt + ", clearedAt=" + clearedAt
                + ", resolvedAt=" + resolvedAt + "}";
    }
}
