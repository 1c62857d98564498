package dev.agentwatch.rules;

import java.util.Collection;
import java.util.Locale;

/** "Did you mean" for mistyped keys, functions and enum words, by Levenshtein distance. */
final class Suggestions {

    private Suggestions() {
    }

    /** The candidate nearest to {@code word}, or null if none is within a third of the word's length (min 2). */
    static String nearest(String word, Collection<String> candidates) {
        String lower = word.toLowerCase(Locale.ROOT);
        String best = null;
        int bestDistance = Math.max(2, word.length() / 3) + 1;
        for (String c : candidates) {
            String candidate = c.toLowerCase(Locale.ROOT);
            if (Math.abs(lower.length() - candidate.length()) >= bestDistance) {
                continue; // the distance is at least the difference in length: not worth computing for a huge word
            }
            int d = distance(lower, candidate);
            if (d < bestDistance) {
                best = c;
                bestDistance = d;
            }
        }
        return best;
    }

    /** "; did you mean 'x'?" or nothing. */
    static String didYouMean(String word, Collection<String> candidates) {
        String s = nearest(word, candidates);
        return s == null ? "" : "; did you mean '" + s + "'?";
    }

    static int distance(String a, String b) {
        int[] row = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            row[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            int diagonal = row[0];
            row[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int above = row[j];
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                row[j] = Math.min(diagonal + cost, Math.min(above, row[j - 1]) + 1);
                diagonal = above;
            }
        }
        return row[b.length()];
    }
}
