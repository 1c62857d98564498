package dev.agentwatch.rules;

import java.util.Locale;

/**
 * Names for rules written without {@code alert:} (SPEC's second seed block). Derived from the condition text
 * alone, so the name, and with it every alert fingerprint, stays the same while the condition does:
 * {@code token_usage > 5000} is {@code token_usage_gt_5000}, {@code decision_latency_p95 > 2s} is
 * {@code decision_latency_p95_gt_2s}, {@code tool_invocation_success_rate < 0.95} is
 * {@code tool_invocation_success_rate_lt_0_95}. Two rules deriving the same name are told apart by
 * severity ({@code ..._critical}).
 */
final class RuleNames {

    static final int MAX_LENGTH = 200;

    private RuleNames() {
    }

    static String derive(String condition) {
        String s = condition.strip()
                .replace(">=", " ge ").replace("<=", " le ").replace("==", " eq ").replace("!=", " ne ")
                .replace(">", " gt ").replace("<", " lt ")
                .replace("%", " pct ").replace("$", " usd ")
                .replace("*", " times ").replace("/", " div ").replace("+", " plus ").replace("-", " minus ");
        StringBuilder out = new StringBuilder(s.length());
        boolean gap = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isLetterOrDigit(c)) {
                if (gap && out.length() > 0) {
                    out.append('_');
                }
                out.append(Character.toLowerCase(c));
                gap = false;
            } else if (c == '_' && !gap && out.length() > 0) {
                out.append('_');
            } else {
                gap = true;
            }
        }
        String name = out.toString().replaceAll("_+", "_");
        if (name.endsWith("_")) {
            name = name.substring(0, name.length() - 1);
        }
        return name.length() > MAX_LENGTH ? name.substring(0, MAX_LENGTH) : name.toLowerCase(Locale.ROOT);
    }
}
