package dev.agentwatch.rules;

import dev.agentwatch.baseline.BaselineKey;
import dev.agentwatch.window.MetricRef;

/** The {@link ValueNode} kinds. NaN (no data) propagates through every one of them. */
final class Nodes {

    private Nodes() {
    }

    static final class Constant extends ValueNode {
        final double value;

        Constant(double value) {
            this.value = value;
        }

        @Override
        double eval(RuleInputs in) {
            return value;
        }
    }

    static final class Metric extends ValueNode {
        final MetricRef metric;
        final long windowMs;

        Metric(MetricRef metric, long windowMs) {
            this.metric = metric;
            this.windowMs = windowMs;
        }

        @Override
        double eval(RuleInputs in) {
            return in.metric(metric, windowMs);
        }
    }

    static final class BaselineMean extends ValueNode {
        final BaselineKey key;

        BaselineMean(BaselineKey key) {
            this.key = key;
        }

        @Override
        double eval(RuleInputs in) {
            return in.baseline(key).mean();
        }
    }

    /** The floored stddev, so that {@code (x - baseline) / baseline_stddev} equals {@code zscore}. */
    static final class BaselineStddev extends ValueNode {
        final BaselineKey key;

        BaselineStddev(BaselineKey key) {
            this.key = key;
        }

        @Override
        double eval(RuleInputs in) {
            return in.baseline(key).flooredStddev();
        }
    }

    static final class ZScore extends ValueNode {
        final BaselineKey key;

        ZScore(BaselineKey key) {
            this.key = key;
        }

        @Override
        double eval(RuleInputs in) {
            return in.baseline(key).zscore(in.metric(key.metric(), key.windowMs()));
        }
    }

    static final class Abs extends ValueNode {
        final ValueNode x;

        Abs(ValueNode x) {
            this.x = x;
        }

        @Override
        double eval(RuleInputs in) {
            return Math.abs(x.eval(in));
        }
    }

    static final class Negate extends ValueNode {
        final ValueNode x;

        Negate(ValueNode x) {
            this.x = x;
        }

        @Override
        double eval(RuleInputs in) {
            return -x.eval(in);
        }
    }

    /** The operands of a two-argument node; each operation stays its own class, so calls stay monomorphic. */
    abstract static class Binary extends ValueNode {
        final ValueNode a;
        final ValueNode b;

        Binary(ValueNode a, ValueNode b) {
            this.a = a;
            this.b = b;
        }
    }

    static final class Min extends Binary {
        Min(ValueNode a, ValueNode b) {
            super(a, b);
        }

        @Override
        double eval(RuleInputs in) {
            return Math.min(a.eval(in), b.eval(in));
        }
    }

    static final class Max extends Binary {
        Max(ValueNode a, ValueNode b) {
            super(a, b);
        }

        @Override
        double eval(RuleInputs in) {
            return Math.max(a.eval(in), b.eval(in));
        }
    }

    static final class Add extends Binary {
        Add(ValueNode a, ValueNode b) {
            super(a, b);
        }

        @Override
        double eval(RuleInputs in) {
            return a.eval(in) + b.eval(in);
        }
    }

    static final class Subtract extends Binary {
        Subtract(ValueNode a, ValueNode b) {
            super(a, b);
        }

        @Override
        double eval(RuleInputs in) {
            return a.eval(in) - b.eval(in);
        }
    }

    static final class Multiply extends Binary {
        Multiply(ValueNode a, ValueNode b) {
            super(a, b);
        }

        @Override
        double eval(RuleInputs in) {
            return a.eval(in) * b.eval(in);
        }
    }

    /** Division by zero gives NaN (no data), not an infinity that would compare as a huge value. */
    static final class Divide extends Binary {
        Divide(ValueNode a, ValueNode b) {
            super(a, b);
        }

        @Override
        double eval(RuleInputs in) {
            double d = b.eval(in);
            return d == 0 ? Double.NaN : a.eval(in) / d;
        }
    }
}
