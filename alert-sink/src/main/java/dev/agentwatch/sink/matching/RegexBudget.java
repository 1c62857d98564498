package dev.agentwatch.sink.matching;

/**
 * Refuses a matcher regex before it is compiled when compiling it could exhaust the sink: RE2 matches in linear
 * time, but RE2J (unlike Go's RE2) sets no limit on the compiled program, so nested counted repetitions such as
 * {@code ((a{1000}){1000}){1000}} need gigabytes, and thousands of nested groups overflow the stack. The budget:
 * at most {@value #MAX_LENGTH} characters, {@value #MAX_NESTING} nested groups, and counted repetitions whose
 * product along any nesting path is at most {@value #MAX_REPEAT} (RE2's limit for a single count).
 */
final class RegexBudget {

    static final int MAX_LENGTH = 1_024;
    static final int MAX_NESTING = 64;
    static final int MAX_REPEAT = 1_000;

    private RegexBudget() {
    }

    /** Throws IllegalArgumentException saying which limit {@code regex} exceeds. */
    static void check(String regex) {
        if (regex.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("regular expression longer than " + MAX_LENGTH + " characters");
        }
        // Per open group: the largest repetition product of anything inside it so far.
        long[] groupMax = new long[MAX_NESTING + 1];
        int depth = 0;
        long last = 0; // repetition product of the atom just read (0: none, so a count applies to nothing)
        groupMax[0] = 1;
        for (int i = 0; i < regex.length(); i++) {
            char c = regex.charAt(i);
            switch (c) {
                case '\\' -> {
                    i = skipEscape(regex, i);
                    last = 1;
                }
                case '[' -> {
                    i = skipClass(regex, i);
                    last = 1;
                }
                case '(' -> {
                    if (++depth > MAX_NESTING) {
                        throw new IllegalArgumentException("regular expression nests groups more than " + MAX_NESTING + " deep");
                    }
                    groupMax[depth] = 1;
                    last = 0;
                }
                case ')' -> {
                    if (depth == 0) {
                        last = 1; // unbalanced: the compiler reports it
                    } else {
                        last = groupMax[depth--];
                        groupMax[depth] = Math.max(groupMax[depth], last);
                    }
                }
                case '|' -> last = 0;
                case '{' -> {
                    int close = regex.indexOf('}', i);
                    long count = close < 0 ? -1 : repeatCount(regex.substring(i + 1, close));
                    if (count < 0) {
                        last = 1; // a literal brace
                    } else {
                        last = Math.max(last, 1) * count;
                        if (last > MAX_REPEAT) {
                            throw new IllegalArgumentException("regular expression repeats too much: nested counts multiply to more than "
                                    + MAX_REPEAT);
                        }
                        groupMax[depth] = Math.max(groupMax[depth], last);
                        i = close;
                    }
                }
                case '*', '+', '?' -> {
                    // a loop, not a copy: the program does not grow
                }
                default -> last = 1;
            }
        }
    }

    /** {@code n}, {@code n,} or {@code n,m}: the larger bound; -1 when this is no repetition. */
    private static long repeatCount(String inside) {
        int comma = inside.indexOf(',');
        String min = comma < 0 ? inside : inside.substring(0, comma);
        String max = comma < 0 ? "" : inside.substring(comma + 1);
        if (!digits(min) || (!max.isEmpty() && !digits(max))) {
            return -1;
        }
        return Math.max(capped(min), max.isEmpty() ? 0 : capped(max));
    }

    /** Counts past RE2's 1000 are refused anyway; capping keeps the product within a long. */
    private static long capped(String digits) {
        return digits.length() > 7 ? 10_000_000 : Long.parseLong(digits);
    }

    private static boolean digits(String s) {
        return !s.isEmpty() && s.chars().allMatch(ch -> ch >= '0' && ch <= '9');
    }

    /** Index of the last character of the escape starting at {@code i}, including {@code \p{...}} and {@code \x{...}}. */
    private static int skipEscape(String regex, int i) {
        int next = i + 1;
        if (next >= regex.length()) {
            return i;
        }
        char e = regex.charAt(next);
        if ((e == 'p' || e == 'P' || e == 'x') && next + 1 < regex.length() && regex.charAt(next + 1) == '{') {
            int close = regex.indexOf('}', next);
            return close < 0 ? regex.length() - 1 : close;
        }
        return next;
    }

    /** Index of the {@code ]} that closes the class opened at {@code i} (a leading {@code ]} or {@code ^]} is literal). */
    private static int skipClass(String regex, int i) {
        int j = i + 1;
        if (j < regex.length() && regex.charAt(j) == '^') {
            j++;
        }
        if (j < regex.length() && regex.charAt(j) == ']') {
            j++;
        }
        for (; j < regex.length(); j++) {
            char c = regex.charAt(j);
            if (c == '\\') {
                j = skipEscape(regex, j);
            } else if (c == '[' && j + 1 < regex.length() && regex.charAt(j + 1) == ':') {
                int close = regex.indexOf(":]", j + 2);
                j = close < 0 ? j : close + 1;
            } else if (c == ']') {
                return j;
            }
        }
        return regex.length() - 1; // unclosed: the compiler reports it
    }
}
