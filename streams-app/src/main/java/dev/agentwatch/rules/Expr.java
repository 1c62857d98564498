package dev.agentwatch.rules;

import dev.agentwatch.window.MetricRef;

import java.util.List;

/** The syntax tree of a condition side, before unit checks and compilation into {@link ValueNode}s. */
sealed interface Expr {

    SourcePosition pos();

    /** How an error message names this expression. */
    String shown();

    /**
     * Levels of the tree, 1 for a leaf. Recursive, so the parser asks it of each node it builds, whose children
     * are already within {@link RuleLimits#MAX_EXPRESSION_DEPTH}.
     */
    default int depth() {
        return 1;
    }

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

        public int depth() {
            return 1 + args.stream().mapToInt(Expr::depth).max().orElse(0);
        }
    }

    record Binary(char op, Expr left, Expr right, SourcePosition pos) implements Expr {
        public String shown() {
            return left.shown() + " " + op + " " + right.shown();
        }

        public int depth() {
            return 1 + Math.max(left.depth(), right.depth());
        }
    }

    record Negate(Expr operand, SourcePosition pos) implements Expr {
        public String shown() {
            return "-" + operand.shown();
        }

        public int depth() {
            return 1 + operand.depth();
        }
    }

    enum BaselineFunction { MEAN, STDDEV, ZSCORE }
}
