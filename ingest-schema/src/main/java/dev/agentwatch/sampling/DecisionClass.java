package dev.agentwatch.sampling;

import java.util.Locale;

/**
 * The decision classes of a {@code sampling:} block and of {@code request_type}, compared after one
 * normalization: lower case, and a plural written in the rule file ({@code routine_queries},
 * {@code high_risk_decisions}) names the same class as the singular an event carries ({@code routine_query}).
 */
public final class DecisionClass {

    private DecisionClass() {
    }

    /** The class name a policy entry or a {@code request_type} stands for; null stays null. */
    public static String normalize(String name) {
        if (name == null) {
            return null;
        }
        String n = name.strip().toLowerCase(Locale.ROOT);
        if (n.endsWith("ies") && n.length() > 3) {
            return n.substring(0, n.length() - 3) + "y";
        }
        if (n.endsWith("s") && !n.endsWith("ss") && n.length() > 1) {
            return n.substring(0, n.length() - 1);
        }
        return n;
    }
}
