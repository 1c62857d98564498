package dev.agentwatch.sink.matching;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;

import java.util.Map;
import java.util.Objects;

/**
 * One label matcher as Alertmanager writes them: {@code name="value"}, {@code name!="value"},
 * {@code name=~"regex"}, {@code name!~"regex"}. A missing label matches as the empty string, as in Alertmanager.
 * Regexes have RE2 semantics, as in Alertmanager, and run with RE2J in time linear in the label's length (no
 * backtracking, so {@code (a+)+$} cannot stall the consumer thread); they must match the whole value. A regex
 * is checked against {@link RegexBudget} before it is compiled.
 */
public final class Matcher {

    private final String name;
    private final MatchType type;
    private final String value;
    private final Pattern regex;

    public Matcher(String name, MatchType type, String value) {
        if (!isLabelName(name)) {
            throw new IllegalArgumentException("bad label name '" + shorten(String.valueOf(name)) + "' (letters, digits, _ and ., not starting with a digit)");
        }
        this.name = name;
        this.type = Objects.requireNonNull(type, "type");
        this.value = Objects.requireNonNull(value, "value");
        this.regex = type.isRegex() ? compile(value) : null;
    }

    private static Pattern compile(String regex) {
        try {
            RegexBudget.check(regex);
            // matches() anchors at both ends whatever the pattern says (Alertmanager wraps it in ^(?:...)$).
            return Pattern.compile(regex);
        } catch (IllegalArgumentException | PatternSyntaxException e) {
            throw new IllegalArgumentException("bad regular expression '" + shorten(regex) + "': " + describe(e));
        }
    }

    private static String describe(RuntimeException e) {
        return e instanceof PatternSyntaxException p ? p.getDescription() : e.getMessage();
    }

    /** Error messages quote the regex; a long one is cut so the message stays readable. */
    private static String shorten(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }

    /** Letters, digits, {@code _} and {@code .}, not starting with a digit (Prometheus' names plus the dot). */
    private static boolean isLabelName(String name) {
        if (name == null || name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
            boolean other = (c >= '0' && c <= '9') || c == '.';
            if (!letter && !(i > 0 && other)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Parses {@code name op value}; the value may be double-quoted (with {@code \"} and {@code \\} escapes) or bare.
     * Throws IllegalArgumentException saying what is wrong.
     */
    public static Matcher parse(String text) {
        String t = text.strip();
        int i = 0;
        while (i < t.length() && (Character.isLetterOrDigit(t.charAt(i)) || t.charAt(i) == '_' || t.charAt(i) == '.')) {
            i++;
        }
        String name = t.substring(0, i);
        String rest = t.substring(i).stripLeading();
        MatchType type = null;
        for (MatchType candidate : new MatchType[]{MatchType.REGEX, MatchType.NOT_REGEX, MatchType.NOT_EQUAL, MatchType.EQUAL}) {
            if (rest.startsWith(candidate.operator())) {
                type = candidate;
                break;
            }
        }
        if (name.isEmpty() || type == null) {
            throw new IllegalArgumentException("expected a matcher such as severity=\"critical\" or alertname=~\"High.*\", got '" + text + "'");
        }
        String raw = rest.substring(type.operator().length()).strip();
        return new Matcher(name, type, unquote(raw, text));
    }

    private static String unquote(String raw, String whole) {
        if (!raw.startsWith("\"")) {
            if (raw.contains("\"")) {
                throw new IllegalArgumentException("unbalanced quote in matcher '" + whole + "'");
            }
            return raw;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 1; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '\\' && i + 1 < raw.length()) {
                sb.append(raw.charAt(++i));
            } else if (c == '"') {
                if (i != raw.length() - 1) {
                    throw new IllegalArgumentException("text after the closing quote in matcher '" + whole + "'");
                }
                return sb.toString();
            } else {
                sb.append(c);
            }
        }
        throw new IllegalArgumentException("missing closing quote in matcher '" + whole + "'");
    }

    public boolean matches(Map<String, String> labels) {
        String v = labels.getOrDefault(name, "");
        return switch (type) {
            case EQUAL -> v.equals(value);
            case NOT_EQUAL -> !v.equals(value);
            case REGEX -> regex.matcher(v).matches();
            case NOT_REGEX -> !regex.matcher(v).matches();
        };
    }

    public String name() {
        return name;
    }

    public MatchType type() {
        return type;
    }

    public String value() {
        return value;
    }

    @Override
    public String toString() {
        return name + type.operator() + "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Matcher m && m.name.equals(name) && m.type == type && m.value.equals(value);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, type, value);
    }
}
