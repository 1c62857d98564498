package dev.agentwatch.sink.secrets;

import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Scrubs every known secret value out of a piece of text. Our own messages never contain secrets; this is for
 * text we did not write, such as an HTTP client's exception message or a receiver's error body, before it is
 * logged or written to a dead-letter header.
 */
public final class Redactor {

    public static final String MASK = "<redacted>";
    /** Shorter values would mask ordinary words; routing keys and webhook paths are far longer. */
    private static final int MIN_LENGTH = 6;
    private static final List<String> VALUES = new CopyOnWriteArrayList<>();

    private Redactor() {
    }

    static void register(String value) {
        if (value.length() >= MIN_LENGTH && !VALUES.contains(value)) {
            VALUES.add(value);
            // Longest first, so a full URL is masked before its path.
            VALUES.sort(Comparator.comparingInt(String::length).reversed());
        }
    }

    public static String scrub(String text) {
        if (text == null) {
            return null;
        }
        String out = text;
        for (String v : VALUES) {
            if (out.contains(v)) {
                out = out.replace(v, MASK);
            }
        }
        return out;
    }

    /** An exception as one line (class and scrubbed message), for logs; never its stack of causes' URLs. */
    public static String describe(Throwable t) {
        StringBuilder sb = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (sb.length() > 0) {
                sb.append(" <- ");
            }
            sb.append(c.getClass().getSimpleName());
            if (c.getMessage() != null) {
                sb.append(": ").append(scrub(c.getMessage()));
            }
        }
        return sb.toString();
    }
}
