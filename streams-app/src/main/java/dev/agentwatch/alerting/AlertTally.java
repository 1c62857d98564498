package dev.agentwatch.alerting;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the alert evaluation of one instance does, for {@code /metrics}: transitions written per rule and status,
 * the time evaluations take, and the alerts pending or firing per rule. Each task's {@link AlertEvaluator} reports
 * through its own {@link Task}; the HTTP thread reads the sums. Nothing here is touched per record: a transition
 * is rare, and the rest is written once per evaluation.
 */
public final class AlertTally {

    private final Map<String, LongAdder> fired = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> resolved = new ConcurrentHashMap<>();
    private final LongAdder evaluations = new LongAdder();
    private final LongAdder evaluationNanos = new LongAdder();
    private final Set<Task> tasks = ConcurrentHashMap.newKeySet();

    /** One task's reporting handle; open until {@link Task#close()} (the task closed or was re-initialised). */
    public Task task() {
        Task t = new Task();
        tasks.add(t);
        return t;
    }

    /** Transitions written so far for {@code status} ({@link Transition#FIRING} or RESOLVED), by rule, sorted. */
    public Map<String, Long> transitions(Transition status) {
        Map<String, Long> out = new TreeMap<>();
        (status == Transition.FIRING ? fired : resolved).forEach((rule, n) -> out.put(rule, n.sum()));
        return out;
    }

    /** Transitions of {@code rule} written so far for {@code status} (FIRING or RESOLVED). */
    public long transitions(String rule, Transition status) {
        LongAdder n = (status == Transition.FIRING ? fired : resolved).get(rule);
        return n == null ? 0 : n.sum();
    }

    /** Evaluations done (one per task and evaluation interval). */
    public long evaluations() {
        return evaluations.sum();
    }

    /** Wall time those evaluations took, in nanoseconds. */
    public long evaluationNanos() {
        return evaluationNanos.sum();
    }

    /**
     * Alerts pending or firing on this instance as of each task's latest evaluation, by rule, sorted:
     * {@code [pending, firing]}.
     */
    public Map<String, long[]> open() {
        Map<String, long[]> out = new TreeMap<>();
        for (Task t : tasks) {
            t.open.forEach((rule, n) -> {
                long[] sum = out.computeIfAbsent(rule, r -> new long[2]);
                sum[0] += n[0];
                sum[1] += n[1];
            });
        }
        return out;
    }

    /** One task's part of the tally; written by its stream thread only. */
    public final class Task implements AutoCloseable {

        /** The open alerts of the task's latest evaluation: rule to {pending, firing}; replaced whole. */
        private volatile Map<String, long[]> open = Map.of();

        private Task() {
        }

        void transition(String rule, Transition t) {
            if (t != Transition.NONE) {
                (t == Transition.FIRING ? fired : resolved).computeIfAbsent(rule, r -> new LongAdder()).increment();
            }
        }

        void evaluated(long nanos, Map<String, long[]> openByRule) {
            evaluations.increment();
            evaluationNanos.add(nanos);
            open = openByRule.isEmpty() ? Map.of() : copy(openByRule);
        }

        /** The task is gone from this instance: its open alerts are no longer this instance's. */
        @Override
        public void close() {
            open = Map.of();
            tasks.remove(this);
        }

        private static Map<String, long[]> copy(Map<String, long[]> m) {
            Map<String, long[]> c = new HashMap<>(m.size() * 2);
            m.forEach((rule, n) -> c.put(rule, n.clone()));
            return c;
        }
    }
}
