package dev.agentwatch.rules;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;

/**
 * An annotation with {@code {{placeholders}}}, parsed once when the rule file loads (unknown names are errors
 * there) and rendered only when an alert starts or ends. Prometheus habits are accepted: {@code {{ $value }}}.
 */
final class AnnotationTemplate {

    /** What a template may refer to. */
    enum Placeholder { AGENT, VALUE, THRESHOLD, BASELINE, RULE, SEVERITY, FLEET, WINDOW, CONDITION }

    static final List<String> NAMES = Arrays.stream(Placeholder.values())
            .map(p -> p.name().toLowerCase(Locale.ROOT)).toList();

    private final String source;
    private final List<Object> parts; // String literals and Placeholders

    private AnnotationTemplate(String source, List<Object> parts) {
        this.source = source;
        this.parts = parts;
    }

    /** @throws ConditionSyntaxException at the first unknown or unclosed placeholder */
    static AnnotationTemplate parse(String text, ScalarText where) {
        List<Object> parts = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            int open = text.indexOf("{{", i);
            if (open < 0) {
                parts.add(text.substring(i));
                break;
            }
            if (open > i) {
                parts.add(text.substring(i, open));
            }
            int close = text.indexOf("}}", open + 2);
            if (close < 0) {
                throw new ConditionSyntaxException(where.at(open), "'{{' without a closing '}}'");
            }
            String name = text.substring(open + 2, close).strip();
            if (name.startsWith("$")) {
                name = name.substring(1);
            }
            if (!NAMES.contains(name)) {
                throw new ConditionSyntaxException(where.at(open), "unknown placeholder '{{" + name + "}}'; expected one of "
                        + String.join(", ", NAMES) + Suggestions.didYouMean(name, NAMES));
            }
            parts.add(Placeholder.valueOf(name.toUpperCase(Locale.ROOT)));
            i = close + 2;
        }
        return new AnnotationTemplate(text, List.copyOf(parts));
    }

    /** A template of fixed text, for built-in defaults. */
    static AnnotationTemplate parseTrusted(String text) {
        return parse(text, ScalarText.detached("<built-in>"));
    }

    String render(EnumMap<Placeholder, String> values) {
        StringBuilder out = new StringBuilder(source.length() + 32);
        for (Object p : parts) {
            if (p instanceof Placeholder ph) {
                out.append(values.getOrDefault(ph, ""));
            } else {
                out.append((String) p);
            }
        }
        return out.toString();
    }

    String source() {
        return source;
    }
}
