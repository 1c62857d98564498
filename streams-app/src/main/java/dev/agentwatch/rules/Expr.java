package dev.agentwatch.rules;

import dev.agentwatch.window.MetricRef;

import java.util.List;

/** The syntax tree of a condition side, before unit checks and compilation into {@link ValueNode}s. */
sealed interface Expr {

    SourcePosition pos();

    /** How an error message names this expression. */
    String shown();

    /** A literal; {@code value} already in base units (ms, fraction, USD). */
    record Num(double value, Dimension dimension, String text, SourcePosition pos) implements Expr {
        public String shown() {
            return text;
        }
    }

    /** A window metric; {@code metric} is null when its name did not resolve (already reported). */
    record Metric(MetricRef metric, String text, SourcePosition pos) implements Expr {
        public String shown() {
            return text;
        }
    }

    /** {@code baseline}, {@code baseline_stddev} or {@code zscore}; a null metric is bare {@code baseline}. */
    record Baseline(BaselineFunction function, MetricRef metric, long horizonMs, String text, SourcePosition pos)
            implements Expr {
        public String shown() {
            return text;
        }
    }

    /** {@code abs(x)}, {@code min(x, y)}, {@code max(x, y)}. */
    record Call(String function, List<Expr> args, SourcePosition pos) implements Expr {
        public String shown() {
            return function + "(...)";
        }
    }

    record Binary(char op, Expr left, Expr right, SourcePosition pos) implements Expr {
        public String shown() {
            return left.shown() + " " + op + " " + right.shown();
        }
    }

    record Negate(Expr operand, SourcePosition pos) implements Expr {
        public String shown() {
            return "-" + operand.shown();
        }
    }

    enum BaselineFunction { MEAN, STDDEV, ZSCORE }
}
