package dev.agentwatch.alerting;

import java.nio.charset.StandardCharsets;

/**
 * An alert's identity on {@code agentwatch.alerts}: 64-bit FNV-1a over the sorted identifying labels,
 * {@code agent_id} and {@code alertname} (the rule name), each as name, 0xFF, value, 0xFF (0xFF never occurs
 * in UTF-8, so no two label sets share a byte string), as 16 lower-case hex digits.
 *
 * <p>Only {@code agent_id} identifies the agent: fleet, model and labels describe it and may change from one
 * event to the next, and an alert must not split or orphan when they do. Changing this function changes
 * every fingerprint (open alerts would never resolve downstream): keep it stable.
 */
public final class Fingerprint {

    private static final long OFFSET_BASIS = 0xcbf29ce484222325L;
    private static final long PRIME = 0x100000001b3L;

    private Fingerprint() {
    }

    public static String of(String ruleName, String agentId) {
        long h = OFFSET_BASIS;
        h = add(h, "agent_id");
        h = add(h, agentId);
        h = add(h, "alertname");
        h = add(h, ruleName);
        return String.format("%016x", h);
    }

    private static long add(long h, String s) {
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            h = (h ^ (b & 0xFF)) * PRIME;
        }
        return (h ^ 0xFF) * PRIME;
    }
}
