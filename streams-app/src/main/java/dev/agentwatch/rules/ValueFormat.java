package dev.agentwatch.rules;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** How annotations show values: in the unit people wrote the rule in (5.2%, 30.5s, $0.50). */
final class ValueFormat {

    private ValueFormat() {
    }

    static String format(double v, Dimension d) {
        if (v != v) {
            return "n/a";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        switch (d) {
            case FRACTION:
                return plain(v * 100, 2) + "%";
            case DURATION:
                if (Math.abs(v) < 1_000) {
                    return plain(v, 1) + "ms";
                }
                if (Math.abs(v) < 120_000) {
                    return plain(v / 1_000, 2) + "s";
                }
                return plain(v / 60_000, 1) + "min";
            case MONEY:
                return (v < 0 ? "-$" : "$") + new BigDecimal(Math.abs(v)).setScale(Math.abs(v) < 1 ? 4 : 2,
                        RoundingMode.HALF_UP).toPlainString();
            default:
                return plain(v, 3);
        }
    }

    /** At most {@code decimals} decimals, no trailing zeros, no exponent. */
    static String plain(double v, int decimals) {
        BigDecimal b = new BigDecimal(v).setScale(decimals, RoundingMode.HALF_UP).stripTrailingZeros();
        return b.signum() == 0 ? "0" : b.toPlainString();
    }
}
