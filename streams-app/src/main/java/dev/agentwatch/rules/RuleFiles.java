package dev.agentwatch.rules;

import dev.agentwatch.config.ConfigException;
import dev.agentwatch.config.YamlFiles;

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
            text = YamlFiles.readText(file);
        } catch (ConfigException e) {
            Problems unreadable = new Problems();
            unreadable.add(e);
            throw new RuleFileException(unreadable.list());
        }
        return parse(file.toString(), text, options);
    }

    public static RuleSet load(Path file) {
        return load(file, RuleCompileOptions.DEFAULTS);
    }

    /**
     * @param sourceName how errors name the text: a path, or e.g. {@code <topic agentwatch.rules>}
     * @throws RuleFileException with every problem; never another exception, whatever the text
     */
    public static RuleSet parse(String sourceName, String text, RuleCompileOptions options) {
        try {
            return new RuleFileParser(sourceName, text, options).parse();
        } catch (RuleFileException e) {
            throw e;
        } catch (RuntimeException | StackOverflowError e) {
            throw RuleFileException.unexpected(sourceName, e);
        }
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
