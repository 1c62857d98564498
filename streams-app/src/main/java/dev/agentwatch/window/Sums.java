package dev.agentwatch.window;

/** Arithmetic for running sums that are added to and subtracted from, and for NaN-as-absent maxima. */
final class Sums {

    /**
     * Relative size below which what is left after a subtraction is taken to be rounding residue.
     * A window sum carries about one ulp of error per add and per subtract, far below this.
     */
    static final double RESIDUE = 1e-9;

    private Sums() {
    }

    /**
     * {@code a - b} for a sum of non-negative terms: the caller only subtracts what it added, so a
     * negative or vanishingly small result is float residue and becomes exactly 0.
     */
    static double subtractNonNegative(double a, double b) {
        double r = a - b;
        return r > RESIDUE * Math.max(a, b) ? r : 0.0;
    }

    /** Maximum where NaN means "nothing seen yet". */
    static double max(double current, double candidate) {
        return current != current || candidate > current ? candidate : current;
    }

    /** Equality for tests and codecs: NaN equals NaN, -0.0 equals 0.0. */
    static boolean same(double a, double b) {
        return a == b || (a != a && b != b);
    }

    /** Hash consistent with {@link #same}. */
    static int hash(double v) {
        return Double.hashCode(v + 0.0);
    }
}
