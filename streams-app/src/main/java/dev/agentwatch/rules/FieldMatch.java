package dev.agentwatch.rules;

import java.util.List;

/**
 * The globs of one {@code match} field: it matches if any positive glob matches (or there is none) and no
 * {@code !}-negated glob does. An absent value is matched as the empty string, so {@code *} matches it.
 */
record FieldMatch(List<String> include, List<String> exclude) {

    boolean matches(String value) {
        String v = value == null ? "" : value;
        for (String g : exclude) {
            if (Glob.matches(g, v)) {
                return false;
            }
        }
        if (include.isEmpty()) {
            return true;
        }
        for (String g : include) {
            if (Glob.matches(g, v)) {
                return true;
            }
        }
        return false;
    }
}
