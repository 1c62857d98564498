package dev.agentwatch.rules;

import dev.agentwatch.baseline.BaselineKey;
import dev.agentwatch.config.Durations;
import dev.agentwatch.window.MetricRef;
import dev.agentwatch.window.Metrics;
import dev.agentwatch.window.UnknownMetricException;

import java.util.List;

/**
 * Recursive-descent parser of SPEC section 2's condition grammar:
 *
 * <pre>
 * condition := sum COMPARISON sum [ 'for' DURATION ]
 * sum       := product (('+' | '-') product)*
 * product   := unary (('*' | '/') unary)*
 * unary     := '-' unary | primary
 * primary   := NUMBER | '(' sum ')' | 'baseline' | metric
 *            | ('baseline' | 'baseline_stddev' | 'zscore') '(' metric [',' DURATION] ')'
 *            | 'abs' '(' sum ')' | ('min' | 'max') '(' sum ',' sum ')'
 * metric    := NAME | ('max' | 'sum' | 'p50' | 'p90' | 'p95' | 'p99') '(' FIELD ')'
 * </pre>
 *
 * A syntax error ends the parse (thrown); an unknown metric or a horizon out of range is recorded in
 * {@code problems} and parsing goes on, so one condition can report several of them. Text longer than
 * {@link RuleLimits#MAX_EXPRESSION_CHARS} is not parsed, and nesting deeper than
 * {@link RuleLimits#MAX_EXPRESSION_DEPTH} is refused twice over: before the parser recurses (parentheses,
 * functions, minus signs) and as each node is built (a chain such as {@code a + b + c} deepens the tree
 * without recursing), so neither the parser nor what walks the tree later can exhaust a thread's stack.
 */
final class ConditionParser {

    static final List<String> FUNCTIONS = List.of("abs", "min", "max", "sum", "p50", "p90", "p95", "p99",
            "baseline", "baseline_stddev", "zscore");
    private static final List<String> PER_REQUEST = List.of("max", "sum", "p50", "p90", "p95", "p99");
    private static final String TOO_DEEP = "the expression nests more than " + RuleLimits.MAX_EXPRESSION_DEPTH
            + " levels deep (parentheses, functions, operators); simplify it";

    private final String text;
    private final ScalarText where;
    private final List<RuleError> problems;
    private final List<Token> tokens;
    private int next;
    private int open; // sums and negations being parsed: how deep the parser has recursed

    ConditionParser(String text, ScalarText where, List<RuleError> problems) {
        if (text.length() > RuleLimits.MAX_EXPRESSION_CHARS) {
            throw new ConditionSyntaxException(where.start(), "a condition or threshold is at most "
                    + RuleLimits.MAX_EXPRESSION_CHARS + " characters; this one has " + text.length());
        }
        this.text = text;
        this.where = where;
        this.problems = problems;
        this.tokens = new ConditionLexer(text, where).tokens();
    }

    ParsedCondition condition() {
        if (peek().is(Token.Kind.END)) {
            throw error(peek(), "the condition is empty; expected '<metric> <op> <value> [for <duration>]', "
                    + "such as 'error_rate > 5% for 10min'");
        }
        Expr left = sum();
        Token op = take();
        if (!op.is(Token.Kind.COMPARISON)) {
            throw error(op, "expected a comparison (>, >=, <, <=, ==, !=) after '" + text.substring(0, op.offset()).strip()
                    + "', found " + op.shown());
        }
        Expr right = sum();
        long windowMs = 0;
        int forOffset = -1;
        SourcePosition windowPos = null;
        Token t = take();
        if (t.isWord("for")) {
            forOffset = t.offset();
            Token d = take();
            if (!d.isDuration()) {
                throw error(d, "expected a duration after 'for', such as 5min or 30s; found " + d.shown());
            }
            windowMs = millis(d);
            windowPos = where.at(d.offset());
            t = take();
        }
        if (t.is(Token.Kind.COMPARISON)) {
            throw error(t, "a condition has one comparison; combine conditions in separate rules");
        }
        if (!t.is(Token.Kind.END)) {
            throw error(t, "expected " + (forOffset < 0 ? "'for <duration>' or " : "") + "the end of the condition, found "
                    + t.shown());
        }
        return new ParsedCondition(text, left, Comparison.ofSymbol(op.text()), op.offset(), right, windowMs, forOffset,
                windowPos);
    }

    /** A lone expression: an override's {@code threshold}. */
    Expr expression() {
        Expr e = sum();
        Token t = take();
        if (!t.is(Token.Kind.END)) {
            throw error(t, "expected the end of the threshold, found " + t.shown()
                    + (t.is(Token.Kind.COMPARISON) ? " (a threshold is the right-hand side only)" : ""));
        }
        return e;
    }

    private Expr sum() {
        descend();
        Expr e = product();
        while (peek().is(Token.Kind.PLUS) || peek().is(Token.Kind.MINUS)) {
            Token op = take();
            e = limited(new Expr.Binary(op.text().charAt(0), e, product(), where.at(op.offset())));
        }
        open--;
        return e;
    }

    private Expr product() {
        Expr e = unary();
        while (peek().is(Token.Kind.STAR) || peek().is(Token.Kind.SLASH)) {
            Token op = take();
            e = limited(new Expr.Binary(op.text().charAt(0), e, unary(), where.at(op.offset())));
        }
        return e;
    }

    private Expr unary() {
        if (peek().is(Token.Kind.MINUS)) {
            Token minus = take();
            descend();
            Expr e = limited(new Expr.Negate(unary(), where.at(minus.offset())));
            open--;
            return e;
        }
        return primary();
    }

    private void descend() {
        if (++open > RuleLimits.MAX_EXPRESSION_DEPTH) {
            throw error(peek(), TOO_DEEP);
        }
    }

    private Expr limited(Expr e) {
        if (e.depth() > RuleLimits.MAX_EXPRESSION_DEPTH) {
            throw new ConditionSyntaxException(e.pos(), TOO_DEEP);
        }
        return e;
    }

    private Expr primary() {
        Token t = take();
        switch (t.kind()) {
            case NUMBER:
                return number(t);
            case LPAREN: {
                Expr inner = sum();
                expect(Token.Kind.RPAREN, "')' to close the '(' at column " + where.at(t.offset()).column());
                return inner;
            }
            case IDENT:
                return peek().is(Token.Kind.LPAREN) ? call(t) : name(t);
            default:
                throw error(t, "expected a metric, a number or a function, found " + t.shown());
        }
    }

    private Expr number(Token t) {
        double value = t.number();
        if (t.unit().equals("%")) {
            value /= 100.0;
        } else if (t.isDuration()) {
            value = millis(t);
        }
        return new Expr.Num(value, Dimension.ofUnit(t.unit()), t.text(), where.at(t.offset()));
    }

    private Expr name(Token t) {
        String n = t.text();
        if (n.equals("baseline")) {
            return new Expr.Baseline(Expr.BaselineFunction.MEAN, null, BaselineKey.DEFAULT_HORIZON.toMillis(), n,
                    where.at(t.offset()));
        }
        if (n.equals("for")) {
            throw error(t, "expected a value before 'for'");
        }
        if (n.equals("baseline_stddev") || n.equals("zscore")) {
            throw error(t, n + " needs a metric, such as " + n + "(latency_avg) or " + n + "(latency_avg, 7d)");
        }
        return new Expr.Metric(resolve(n, t.offset()), n, where.at(t.offset()));
    }

    private Expr call(Token fn) {
        String f = fn.text();
        SourcePosition pos = where.at(fn.offset());
        take(); // the '(' that made this a call
        switch (f) {
            case "baseline":
                return baseline(Expr.BaselineFunction.MEAN, fn);
            case "baseline_stddev":
                return baseline(Expr.BaselineFunction.STDDEV, fn);
            case "zscore":
                return baseline(Expr.BaselineFunction.ZSCORE, fn);
            case "abs": {
                Expr x = sum();
                closeCall(f, 1);
                return limited(new Expr.Call(f, List.of(x), pos));
            }
            case "min":
            case "max":
            case "sum":
            case "p50":
            case "p90":
            case "p95":
            case "p99":
                return minMaxOrPerRequest(fn);
            default:
                throw error(fn, "unknown function '" + f + "'; expected one of " + String.join(", ", FUNCTIONS)
                        + Suggestions.didYouMean(f, FUNCTIONS));
        }
    }

    /** {@code max(latency_ms)} is a per-request metric, {@code max(a, b)} the larger of two values. */
    private Expr minMaxOrPerRequest(Token fn) {
        String f = fn.text();
        boolean oneName = peek().is(Token.Kind.IDENT) && peek(1).is(Token.Kind.RPAREN);
        if (oneName && PER_REQUEST.contains(f)) {
            Token field = take();
            Token close = take();
            String written = text.substring(fn.offset(), close.offset() + 1);
            return new Expr.Metric(resolve(f + "(" + field.text() + ")", fn.offset()), written, where.at(fn.offset()));
        }
        if (!f.equals("min") && !f.equals("max")) {
            throw error(peek(), f + "(...) takes one per-request field: latency_ms, tokens, tokens_in, tokens_out, "
                    + "cost_usd, tool_calls, retries or metrics.<name>");
        }
        if (oneName) {
            throw error(fn, "min(...) takes two values, min(x, y); per-request minimums are not kept");
        }
        Expr a = sum();
        Token comma = take();
        if (!comma.is(Token.Kind.COMMA)) {
            throw error(comma, "expected ',' and a second value in " + f + "(x, y), found " + comma.shown());
        }
        Expr b = sum();
        closeCall(f, 2);
        return limited(new Expr.Call(f, List.of(a, b), where.at(fn.offset())));
    }

    private Expr baseline(Expr.BaselineFunction function, Token fn) {
        Token m = take();
        if (!m.is(Token.Kind.IDENT)) {
            throw error(m, "expected a metric name as the first argument of " + fn.text() + ", found " + m.shown());
        }
        String metricText = m.text();
        if (peek().is(Token.Kind.LPAREN)) { // a per-request metric such as p95(latency_ms)
            take();
            Token field = take();
            if (!field.is(Token.Kind.IDENT)) {
                throw error(field, "expected a per-request field such as latency_ms, found " + field.shown());
            }
            expect(Token.Kind.RPAREN, "')'");
            metricText = m.text() + "(" + field.text() + ")";
        }
        MetricRef metric = resolve(metricText, m.offset());
        long horizonMs = BaselineKey.DEFAULT_HORIZON.toMillis();
        Token t = take();
        if (t.is(Token.Kind.COMMA)) {
            Token h = take();
            if (!h.isDuration()) {
                throw error(h, "expected a horizon such as 1h, 7d or 30d after ',', found " + h.shown());
            }
            horizonMs = millis(h);
            if (horizonMs < BaselineKey.MIN_HORIZON.toMillis() || horizonMs > BaselineKey.MAX_HORIZON.toMillis()) {
                problems.add(where.at(h.offset()).error("baseline horizon " + h.text() + " is outside "
                        + Durations.format(BaselineKey.MIN_HORIZON) + " to " + Durations.format(BaselineKey.MAX_HORIZON)));
            }
            t = take();
        }
        if (!t.is(Token.Kind.RPAREN)) {
            throw error(t, "expected ')' or ', <horizon>' in " + fn.text() + "(...), found " + t.shown());
        }
        String written = text.substring(fn.offset(), t.offset() + 1);
        return new Expr.Baseline(function, metric, horizonMs, written, where.at(fn.offset()));
    }

    private void closeCall(String f, int arity) {
        Token t = take();
        if (!t.is(Token.Kind.RPAREN)) {
            throw error(t, "expected ')' to close " + f + "(...) (" + arity + (arity == 1 ? " argument" : " arguments")
                    + "), found " + t.shown());
        }
    }

    /** The metric, or null after recording why the name is unknown (with the nearest known name). */
    private MetricRef resolve(String name, int offset) {
        try {
            return Metrics.resolve(name);
        } catch (UnknownMetricException e) {
            problems.add(where.at(offset).error(e.getMessage()));
            return null;
        }
    }

    private static long millis(Token duration) {
        return Math.round(duration.number() * Durations.unitMillis(duration.unit()));
    }

    private void expect(Token.Kind kind, String what) {
        Token t = take();
        if (!t.is(kind)) {
            throw error(t, "expected " + what + ", found " + t.shown());
        }
    }

    private Token peek() {
        return tokens.get(next);
    }

    private Token peek(int ahead) {
        return tokens.get(Math.min(next + ahead, tokens.size() - 1));
    }

    private Token take() {
        Token t = tokens.get(next);
        if (next < tokens.size() - 1) {
            next++;
        }
        return t;
    }

    private ConditionSyntaxException error(Token t, String message) {
        return new ConditionSyntaxException(where.at(t.offset()), message);
    }
}
