package dev.agentwatch.rules;

import dev.agentwatch.baseline.BaselineKey;
import dev.agentwatch.config.Durations;
import dev.agentwatch.window.MetricRef;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Turns a {@link ParsedCondition} into a {@link Condition}: resolves bare {@code baseline}, checks literal
 * units against the metrics they meet and checks the window, then builds the {@link ValueNode} trees.
 * The first problem of a condition ends its compilation (later ones would mostly be consequences).
 */
final class ConditionCompiler {

    /** Windows longer than this belong to baselines: a window is held in memory slice by slice. */
    static final long MAX_WINDOW_MS = Duration.ofDays(1).toMillis();
    static final long DEFAULT_WINDOW_MS = Duration.ofMinutes(1).toMillis();

    private final long sliceMs;
    private long windowMs;
    private MetricRef sameMetric;
    private final Set<MetricRef> metrics = new LinkedHashSet<>();
    private final Set<BaselineKey> baselines = new LinkedHashSet<>();

    private ConditionCompiler(long sliceMs) {
        this.sliceMs = sliceMs;
    }

    /** @throws ConditionSyntaxException on the first problem */
    static Condition compile(ParsedCondition parsed, long sliceMs) {
        return new ConditionCompiler(sliceMs).run(parsed);
    }

    private Condition run(ParsedCondition c) {
        windowMs = c.windowMs() > 0 ? c.windowMs() : DEFAULT_WINDOW_MS;
        if (c.windowMs() > 0) {
            checkWindow(c);
        }
        Set<MetricRef> plain = new LinkedHashSet<>();
        plainMetrics(c.left(), plain);
        plainMetrics(c.right(), plain);
        sameMetric = plain.size() == 1 ? plain.iterator().next() : null;
        Typed left = build(c.left(), plain.size());
        Typed right = build(c.right(), plain.size());
        if (!Dimension.compatible(left.dimension, right.dimension)) {
            Dimension wanted = left.dimension == Dimension.ANY || c.left() instanceof Expr.Num ? right.dimension : left.dimension;
            throw new ConditionSyntaxException(c.right().pos(), "cannot compare " + c.left().shown() + " ("
                    + left.dimension.noun() + ") with " + c.right().shown() + " (" + right.dimension.noun() + "); write "
                    + wanted.example());
        }
        checkFractionBound(c.left(), c.right());
        checkFractionBound(c.right(), c.left());
        return new Condition(c.text(), left.node, c.op(), right.node, windowMs, new ArrayList<>(metrics),
                new ArrayList<>(baselines), Dimension.unify(left.dimension, right.dimension));
    }

    private void checkWindow(ParsedCondition c) {
        String shown = Durations.format(Duration.ofMillis(windowMs));
        if (windowMs > MAX_WINDOW_MS) {
            throw new ConditionSyntaxException(c.windowPos(), "window " + shown
                    + " is longer than 1d; compare with baseline(<metric>, <horizon>) for longer periods");
        }
        if (windowMs % sliceMs != 0) {
            throw new ConditionSyntaxException(c.windowPos(), "window " + shown + " is not a whole number of "
                    + Durations.format(Duration.ofMillis(sliceMs)) + " slices (the streams app's slice)");
        }
    }

    /** {@code error_rate > 5} can never fire: a rate bounded by 1 compared with a plain number above 1. */
    private static void checkFractionBound(Expr metric, Expr literal) {
        if (metric instanceof Expr.Metric m && m.metric() != null && literal instanceof Expr.Num n
                && n.dimension() == Dimension.ANY && n.value() > 1
                && (m.metric().name().equals("error_rate") || m.metric().name().equals("tool_invocation_success_rate"))) {
            throw new ConditionSyntaxException(n.pos(), m.metric().name() + " is a fraction between 0 and 1, so "
                    + n.text() + " is never reached; write " + n.text() + "% or " + n.value() / 100);
        }
    }

    private static void plainMetrics(Expr e, Set<MetricRef> out) {
        if (e instanceof Expr.Metric m && m.metric() != null) {
            out.add(m.metric());
        } else if (e instanceof Expr.Binary b) {
            plainMetrics(b.left(), out);
            plainMetrics(b.right(), out);
        } else if (e instanceof Expr.Negate n) {
            plainMetrics(n.operand(), out);
        } else if (e instanceof Expr.Call call) {
            for (Expr a : call.args()) {
                plainMetrics(a, out);
            }
        }
    }

    private record Typed(ValueNode node, Dimension dimension) {
    }

    private Typed build(Expr e, int plainMetricCount) {
        if (e instanceof Expr.Num n) {
            return new Typed(new Nodes.Constant(n.value()), n.dimension());
        }
        if (e instanceof Expr.Metric m) {
            metrics.add(m.metric());
            return new Typed(new Nodes.Metric(m.metric(), windowMs), Dimension.of(m.metric()));
        }
        if (e instanceof Expr.Baseline b) {
            return baseline(b, plainMetricCount);
        }
        if (e instanceof Expr.Negate n) {
            Typed x = build(n.operand(), plainMetricCount);
            return new Typed(new Nodes.Negate(x.node), x.dimension);
        }
        if (e instanceof Expr.Call call) {
            Typed a = build(call.args().get(0), plainMetricCount);
            if (call.function().equals("abs")) {
                return new Typed(new Nodes.Abs(a.node), a.dimension);
            }
            Typed b = build(call.args().get(1), plainMetricCount);
            requireCompatible(a, b, call.args().get(0), call.args().get(1), call.pos(), "take " + call.function() + " of");
            ValueNode node = call.function().equals("min") ? new Nodes.Min(a.node, b.node) : new Nodes.Max(a.node, b.node);
            return new Typed(node, Dimension.unify(a.dimension, b.dimension));
        }
        Expr.Binary bin = (Expr.Binary) e;
        Typed a = build(bin.left(), plainMetricCount);
        Typed b = build(bin.right(), plainMetricCount);
        switch (bin.op()) {
            case '+':
                requireCompatible(a, b, bin.left(), bin.right(), bin.pos(), "add");
                return new Typed(new Nodes.Add(a.node, b.node), Dimension.unify(a.dimension, b.dimension));
            case '-':
                requireCompatible(a, b, bin.left(), bin.right(), bin.pos(), "subtract");
                return new Typed(new Nodes.Subtract(a.node, b.node), Dimension.unify(a.dimension, b.dimension));
            case '*':
                return new Typed(new Nodes.Multiply(a.node, b.node), Dimension.product(a.dimension, b.dimension));
            default:
                return new Typed(new Nodes.Divide(a.node, b.node), Dimension.quotient(a.dimension, b.dimension));
        }
    }

    private Typed baseline(Expr.Baseline b, int plainMetricCount) {
        MetricRef metric = b.metric();
        if (metric == null) {
            if (sameMetric == null) {
                throw new ConditionSyntaxException(b.pos(), "'baseline' alone means the baseline of the condition's "
                        + "metric, but the condition has " + (plainMetricCount == 0 ? "none" : plainMetricCount + " metrics")
                        + "; write baseline(<metric>) or baseline(<metric>, <horizon>)");
            }
            metric = sameMetric;
        }
        BaselineKey key = BaselineKey.of(metric, Duration.ofMillis(b.horizonMs()), Duration.ofMillis(windowMs));
        baselines.add(key);
        switch (b.function()) {
            case MEAN:
                return new Typed(new Nodes.BaselineMean(key), Dimension.of(metric));
            case STDDEV:
                return new Typed(new Nodes.BaselineStddev(key), Dimension.of(metric));
            default:
                metrics.add(metric);
                return new Typed(new Nodes.ZScore(key), Dimension.ANY);
        }
    }

    private static void requireCompatible(Typed a, Typed b, Expr ea, Expr eb, SourcePosition at, String verb) {
        if (!Dimension.compatible(a.dimension, b.dimension)) {
            throw new ConditionSyntaxException(at, "cannot " + verb + " " + ea.shown() + " (" + a.dimension.noun()
                    + ") and " + eb.shown() + " (" + b.dimension.noun() + ")");
        }
    }
}
