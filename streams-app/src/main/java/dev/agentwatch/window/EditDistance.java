package dev.agentwatch.window;

/** Levenshtein distance, for "did you mean" suggestions on mistyped metric names. */
final class EditDistance {

    private EditDistance() {
    }

    /** Insertions, deletions and substitutions turning {@code a} into {@code b}; two rows of DP. */
    static int between(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            char ca = a.charAt(i - 1);
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (ca == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] t = previous;
            previous = current;
            current = t;
        }
        return previous[b.length()];
    }
}
