package dev.agentwatch.rules;

/** The comparison of a condition. Any comparison with NaN (no data) is false, including {@code !=}. */
public enum Comparison {
    GT(">"), GE(">="), LT("<"), LE("<="), EQ("=="), NE("!=");

    private final String symbol;

    Comparison(String symbol) {
        this.symbol = symbol;
    }

    public String symbol() {
        return symbol;
    }

    static Comparison ofSymbol(String s) {
        for (Comparison c : values()) {
            if (c.symbol.equals(s)) {
                return c;
            }
        }
        throw new IllegalArgumentException(s);
    }

    public boolean test(double left, double right) {
        if (left != left || right != right) {
            return false;
        }
        switch (this) {
            case GT:
                return left > right;
            case GE:
                return left >= right;
            case LT:
                return left < right;
            case LE:
                return left <= right;
            case EQ:
                return left == right;
            default:
                return left != right;
        }
    }
}
