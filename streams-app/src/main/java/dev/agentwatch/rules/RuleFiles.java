package dev.agentwatch.rules;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Entry points: load a rule file, or validate one for the CLI ({@code agentwatch rules validate|apply}). */
public final class RuleFiles {

    private RuleFiles() {
    }

    /** @throws RuleFileException with every problem, each with file, line and column */
    public static RuleSet load(Path file, RuleCompileOptions options) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new RuleFileException(List.of(new RuleError(file.toString(), 0, 0, "cannot read: " + e.getMessage())));
        }
        return parse(file.toString(), text, options);
    }

    public static RuleSet load(Path file) {
        return load(file, RuleCompileOptions.DEFAULTS);
    }

    /**
     * @param sourceName how errors name the text: a path, or e.g. {@code <topic agentwatch.rules>}
     * @throws RuleFileException with every problem
     */
    public static RuleSet parse(String sourceName, String text, RuleCompileOptions options) {
        return new RuleFileParser(sourceName, text, options).parse();
    }

    public static RuleSet parse(String sourceName, String text) {
        return parse(sourceName, text, RuleCompileOptions.DEFAULTS);
    }

    /** Every problem as {@code file:line:col: message}; empty if the file is valid. */
    public static List<String> validate(Path file, RuleCompileOptions options) {
        try {
            load(file, options);
            return List.of();
        } catch (RuleFileException e) {
            return e.errors().stream().map(RuleError::format).toList();
        }
    }

    public static List<String> validate(Path file) {
        return validate(file, RuleCompileOptions.DEFAULTS);
    }
}
