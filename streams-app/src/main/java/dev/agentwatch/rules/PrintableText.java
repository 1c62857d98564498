package dev.agentwatch.rules;

/**
 * Text from a rule file or rules record made fit for a terminal or a log line: characters that are not printable
 * (controls, format characters such as bidi overrides, line separators, lone surrogates) written as
 * {@code \}{@code uXXXX}, and the whole cut to a length.
 */
public final class PrintableText {

    private PrintableText() {
    }

    public static String of(String text, int maxChars) {
        StringBuilder out = new StringBuilder(Math.min(text.length(), maxChars) + 8);
        int i = 0;
        for (; i < text.length() && out.length() < maxChars; i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                out.append(c).append(text.charAt(++i));
            } else if (printable(c)) {
                out.append(c);
            } else {
                out.append(String.format("\\u%04x", (int) c));
            }
        }
        return i < text.length() ? out.append("...").toString() : out.toString();
    }

    /** Whether {@link #of} would leave the text as it is. */
    static boolean isPrintable(String text, int maxChars) {
        return of(text, maxChars).equals(text);
    }

    private static boolean printable(char c) {
        if (Character.isISOControl(c) || Character.isSurrogate(c)) {
            return false;
        }
        int type = Character.getType(c);
        return type != Character.FORMAT && type != Character.LINE_SEPARATOR && type != Character.PARAGRAPH_SEPARATOR
                && type != Character.UNASSIGNED;
    }
}
