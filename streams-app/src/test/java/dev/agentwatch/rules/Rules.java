package dev.agentwatch.rules;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Test shortcuts: rule files from text or test resources. */
public final class Rules {

    private Rules() {
    }

    public static RuleSet parse(String yaml) {
        return RuleFiles.parse("rules.yaml", yaml);
    }

    /** The single rule of a one-rule file, as it applies to agents its match selects. */
    public static RuleVariant one(String yaml) {
        RuleSet set = parse(yaml);
        return set.rules().get(0).base();
    }

    /** A one-rule file with just this condition (min_samples 1, so single values can be tested). */
    public static RuleVariant condition(String condition) {
        return one("- condition: \"" + condition + "\"\n  min_samples: 1\n");
    }

    public static List<String> errors(String yaml) {
        try {
            parse(yaml);
        } catch (RuleFileException e) {
            return e.errors().stream().map(RuleError::format).toList();
        }
        throw new AssertionError("expected the file to be refused:\n" + yaml);
    }

    public static String resource(String name) {
        try (InputStream in = Rules.class.getResourceAsStream("/rules/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource /rules/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
